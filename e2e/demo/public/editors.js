/**
 * /editors: contenteditable editing hosts as real apps have them. ProseMirror and Lexical insert
 * typed text with child-list mutations (new text nodes) as much as with character-data changes,
 * so a recorder that only groups character data per text node stores prefixes of what is typed.
 */

import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { HeadingNode, QuoteNode, registerRichText } from '@lexical/rich-text';
import { $createParagraphNode, $getRoot, createEditor } from 'lexical';
import { baseKeymap } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { schema } from 'prosemirror-schema-basic';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import './widgets/note-editor.js';

// Single-line host: Enter ends the entry instead of adding a line.
document.querySelector('[data-testid="single-line-editor"]').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') e.preventDefault();
});

new EditorView(document.querySelector('[data-testid="prosemirror-mount"]'), {
  state: EditorState.create({
    schema,
    plugins: [history(), keymap({ 'Mod-z': undo, 'Mod-y': redo }), keymap(baseKeymap)],
  }),
  attributes: {
    class: 'editor',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': 'ProseMirror editor',
    'data-testid': 'prosemirror-editor',
  },
});

const lexical = createEditor({
  namespace: 'acme-desk',
  nodes: [HeadingNode, QuoteNode],
  onError: (error) => console.error(error),
});
lexical.setRootElement(document.querySelector('[data-testid="lexical-editor"]'));
registerRichText(lexical);
registerHistory(lexical, createEmptyHistoryState(), 300);
lexical.update(() => {
  const root = $getRoot();
  if (root.getFirstChild() === null) root.append($createParagraphNode());
});
