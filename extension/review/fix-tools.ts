/**
 * Fix before approve: redact more (the text selected in the steps or in what ships, a term, or a
 * named regex) and delete a time range. The worker rewrites the stored events; the page reloads
 * the replay and the steps from them.
 */
import type { AdminRules } from '../../worker/redact/index';
import { formatDuration, h } from '../ui/dom';

export interface FixHandlers {
  canRedact: boolean;
  /** Session start (absolute ms): range times are shown and typed relative to it. */
  start: number;
  end: number;
  /** Absolute time the replay shows now. */
  now(): number;
  redact(rules: AdminRules, what: string): Promise<void>;
  deleteRange(from: number, to: number): Promise<void>;
  say(message: string): void;
}

/** The last text selected on the page (a button press must not lose it). */
let selected = '';
document.addEventListener('selectionchange', () => {
  const s = document.getSelection()?.toString().trim() ?? '';
  if (s !== '') selected = s;
});

export function parseClock(text: string): number | null {
  const m =
    /^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$/.exec(text) ?? /^\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  if (m.length === 2) return Number(m[1]) * 1000;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
}

export function fixTools(on: FixHandlers): HTMLElement {
  const term = h('input', { id: 'fix-term', type: 'text', maxlength: 200, autocomplete: 'off' });
  const termForm = h(
    'form',
    { class: 'row' },
    h('label', { for: 'fix-term' }, 'Term to redact'),
    term,
    h('button', { type: 'submit' }, 'Redact term'),
  );
  termForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const t = term.value.trim();
    if (!t) return on.say('Type a term to redact first.');
    await on.redact({ terms: [t] }, 'the term');
    term.value = '';
  });

  const selection = h('button', { type: 'button' }, 'Redact selected text');
  selection.addEventListener('click', async () => {
    const t = selected.replace(/\s+/g, ' ').trim();
    if (!t) return on.say('Select text in the steps or in what ships first.');
    if (t.length > 200) return on.say('The selection is longer than 200 characters; select less.');
    selected = '';
    await on.redact({ terms: [t] }, 'the selected text');
  });

  const name = h('input', { id: 'fix-pattern-name', type: 'text', maxlength: 40, placeholder: 'Ticket id' });
  const regex = h('input', { id: 'fix-pattern', type: 'text', maxlength: 2000, placeholder: 'TK-\\d{4}' });
  const patternForm = h(
    'form',
    { class: 'row' },
    h('label', { for: 'fix-pattern-name' }, 'Pattern name'),
    name,
    h('label', { for: 'fix-pattern' }, 'Regular expression'),
    regex,
    h('button', { type: 'submit' }, 'Redact pattern'),
  );
  patternForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    await on.redact(
      { patterns: [{ name: name.value.trim(), regex: regex.value }] },
      `pattern "${name.value.trim()}"`,
    );
  });

  const from = h('input', {
    id: 'range-from',
    type: 'text',
    inputmode: 'decimal',
    placeholder: 'mm:ss',
    size: 7,
  });
  const to = h('input', {
    id: 'range-to',
    type: 'text',
    inputmode: 'decimal',
    placeholder: 'mm:ss',
    size: 7,
  });
  const fill = (input: HTMLInputElement) => {
    input.value = formatDuration(on.now() - on.start);
  };
  const rangeForm = h(
    'form',
    { class: 'row' },
    h('label', { for: 'range-from' }, 'Delete from'),
    from,
    h(
      'button',
      { type: 'button', 'aria-label': 'Set start of range to replay time', onclick: () => fill(from) },
      'Now',
    ),
    h('label', { for: 'range-to' }, 'to'),
    to,
    h(
      'button',
      { type: 'button', 'aria-label': 'Set end of range to replay time', onclick: () => fill(to) },
      'Now',
    ),
    h('button', { type: 'submit', class: 'danger' }, 'Delete range'),
  );
  rangeForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const a = parseClock(from.value);
    const b = parseClock(to.value);
    if (a === null || b === null || b < a)
      return on.say('Give the range as mm:ss from the start, start before end.');
    // Whole seconds as typed: the end second is included.
    await on.deleteRange(on.start + a, on.start + b + 999);
  });

  return h(
    'div',
    { class: 'fix' },
    h('h4', {}, 'Redact more'),
    on.canRedact
      ? h(
          'div',
          {},
          h(
            'p',
            { class: 'muted' },
            'Rewrites every stored event of this session; Undo reverts it until approval.',
          ),
          h('p', { class: 'row' }, selection),
          termForm,
          patternForm,
        )
      : h('p', { class: 'muted' }, 'This session can no longer be re-redacted.'),
    h('h4', {}, 'Delete a time range'),
    h(
      'p',
      { class: 'muted' },
      `Times from the start of the session (${formatDuration(on.end - on.start)} long). The events go, not just hidden.`,
    ),
    rangeForm,
  );
}
