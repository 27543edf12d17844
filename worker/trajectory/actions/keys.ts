/**
 * Keys (capture's keystroke events, which carry no printable character): printable keys are
 * typing, arrows/Home/End inside text fields move the caret (no step), Backspace/Delete in fields
 * are typing, other named keys and shortcuts are `keypress` steps, and a repeated key on the same
 * element merges (`count`).
 *
 * Decisions:
 * - Enter ends typing in single-line fields (Ctrl/Cmd+Enter in multi-line ones, where Enter alone
 *   is a new line) and becomes a `keypress`, later a `submit` when the form submits; a click the
 *   browser then synthesizes is folded into it (pointer.ts).
 * - Ctrl/Cmd+Z (and Y) are corrections inside a field, an `undo` backtrack elsewhere; Escape as
 *   the first action in a dialog dismisses it (a backtrack). Ctrl/Cmd+V in a field makes no step:
 *   the paste event does.
 */
import type { CustomPayloads, Modifiers } from '../../../shared/events';
import { isField, type MNode } from '../mirror';
import type { Page } from '../pages';
import { isFirstInDialog, last, newDraft, noteActive, touch } from './drafts';
import { dialogOf, editTarget, modifierList } from './elements';
import { takePendingLayout } from './layout';
import type { Draft, EventRef, OpenType, SegState } from './state';
import { closeType, ensureType } from './typing';

const KEY_REPEAT_MS = 1000;
const CARET_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

export function onKey(
  s: SegState,
  page: Page,
  p: CustomPayloads['rec/keystroke'],
  t: number,
  ref: EventRef,
): void {
  if (p.kind === 'modifier') return;
  const node = page.mirror.get(p.targetId);
  if (!node) return;
  const editable = editTarget(page, node);
  if (editable) s.lastKeyAt.set(editable, t);
  const open = s.open && s.open.page === page && s.open.node === editable ? s.open : null;
  if (p.kind === 'printable') {
    if (editable) ensureType(s, page, editable, t, ref);
    else s.lastKeyAt.set(node, t);
    return;
  }
  const key: Key = { page, node, editable, open, key: p.key, modifiers: p.modifiers };
  if (p.kind === 'shortcut') onShortcut(s, key, t, ref);
  else onNamedKey(s, key, t, ref);
}

/** A key that is not printable, with where it went. */
interface Key {
  page: Page;
  node: MNode;
  /** The field or editing host the key edits, if any. */
  editable: MNode | null;
  /** The `type` action open on `editable`, if any. */
  open: OpenType | null;
  key: string;
  modifiers: Modifiers;
}

function onShortcut(s: SegState, k: Key, t: number, ref: EventRef): void {
  const mod = k.modifiers.ctrl || k.modifiers.meta;
  const undo = mod && (k.key === 'z' || k.key === 'y');
  if (k.open) {
    touch(s, k.open.draft, t, ref);
    if (undo) {
      k.open.draft.corrections++;
      k.open.draft.backtrack = 'undo';
    }
    return;
  }
  if (k.editable && mod && k.key === 'v') return; // the paste event makes the step
  const d = keypress(s, k.page, k.node, k.key, k.modifiers, t, ref);
  if (undo && k.key === 'z' && !k.modifiers.shift) d.backtrack = 'undo';
}

function onNamedKey(s: SegState, k: Key, t: number, ref: EventRef): void {
  const { page, node, editable, open, key } = k;
  if (editable && (key === 'Backspace' || key === 'Delete')) {
    ensureType(s, page, editable, t, ref);
    return;
  }
  if (editable && CARET_KEYS.has(key) && node.attrs.role !== 'combobox') {
    if (open) touch(s, open.draft, t, ref);
    return;
  }
  if (key === 'Enter') {
    const multiline = editable !== null && (editable.tag === 'textarea' || !isField(editable));
    const withMod = k.modifiers.ctrl || k.modifiers.meta;
    if (editable && multiline && !withMod) {
      ensureType(s, page, editable, t, ref); // a new line is typing
      return;
    }
    if (open) closeType(s, 'enter');
    const d = keypress(s, page, node, 'Enter', k.modifiers, t, ref);
    s.lastEnter = { draft: d, node, t };
    return;
  }
  if (key === 'Tab' && s.open) closeType(s, 'focus_change');
  const d = keypress(s, page, node, key, k.modifiers, t, ref);
  if (key === 'Escape' && dialogOf(node) && isFirstInDialog(s, d)) d.backtrack = 'dialog_dismissed';
}

/** A `keypress` step, or one more of the same key on the same element (`count`). */
function keypress(
  s: SegState,
  page: Page,
  node: MNode,
  key: string,
  m: Modifiers,
  t: number,
  ref: EventRef,
): Draft {
  noteActive(s, page);
  const modifiers = modifierList(m);
  const combo = [...modifiers, key].join('+');
  const prev = last(s);
  if (
    prev &&
    prev.action.type === 'keypress' &&
    prev.action.combo === combo &&
    prev.page === page &&
    prev.node === node &&
    t - prev.endedAt < KEY_REPEAT_MS
  ) {
    prev.action.count++;
    touch(s, prev, t, ref);
    return prev;
  }
  if (s.open) closeType(s, 'other_action');
  const d = newDraft(s, page, { type: 'keypress', key, modifiers, combo, count: 1 }, node, t, ref);
  takePendingLayout(s, d);
  return d;
}
