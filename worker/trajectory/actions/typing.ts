/**
 * Typing: one `type` action per field per visit, opened by the first edit and committed when focus
 * leaves, on Enter, when another action starts, or when the page goes away. Its value is read from
 * the field at that moment (so typing committed with Enter is never lost), and its checkpoints are
 * the value before each change of edit direction (the refinements' `edits`).
 *
 * Decisions:
 * - A click on the field that is then typed into is absorbed (the `type` is observed before the
 *   click), and restored if nothing was typed after all; clicks inside the field being typed into
 *   (moving the caret) are absorbed too.
 * - Printable keys are typing, never reconstructed; Backspace/Delete in fields are typing.
 * - A value the page set before the user edited the field is the draft's `proposal`; edits of a
 *   contenteditable by mutations while the user was not typing in it count as the page's.
 */
import type { LayoutPayload } from '../../../shared/events';
import type { Action } from '../../../shared/trajectory';
import { editableHostOf, editableText, isField, type MNode } from '../mirror';
import type { Page } from '../pages';
import { drop, last, newDraft, noteActive, retarget, touch } from './drafts';
import { contains, editTarget, labelControl } from './elements';
import { attachLayout, takePendingLayout } from './layout';
import type { Draft, EventRef, OpenType, SegState } from './state';

/** Why a `type` action ended (its `commit`). */
export type CommitReason = 'enter' | 'focus_change' | 'other_action' | 'end';

/** An Input event the page made (not the user): marks the field's value as proposed by the page. */
export function onPageInput(s: SegState, node: MNode, isText: boolean, t: number, ref: EventRef): void {
  if (isText) s.fieldSetBy.set(node, { by: 'page', after: last(s) ?? null });
  if (s.open?.node === node) touch(s, s.open.draft, t, ref);
}

/** The user's Input event on a text field (or any field that is no checkbox or select). */
export function onUserInput(s: SegState, page: Page, node: MNode, t: number, ref: EventRef): void {
  const paste = s.paste;
  if (paste && paste.node === node && !paste.gotInput && t - paste.t < 1000) {
    paste.gotInput = true; // the paste's own input event
    touch(s, paste.draft, t, ref);
    return;
  }
  s.lastKeyAt.set(node, t);
  const open = ensureType(s, page, node, t, ref);
  open.draft.endedAt = t;
}

/** After the user's Input event was applied to the mirror: the field's new value. */
export function afterInput(s: SegState, page: Page, id: number, user: boolean): void {
  const open = s.open;
  if (!user || !open || open.page !== page || open.node.id !== id) return;
  pushValue(open, open.node.value ?? '');
}

/**
 * After a mutation was applied: the field typed into may be gone, a contenteditable's value may
 * have changed, and a contenteditable the user is not typing in was set by the page.
 */
export function afterMutation(s: SegState, page: Page, touched: number[], t: number, ref: EventRef): void {
  const open = s.open;
  if (open && open.page === page) {
    if (page.mirror.get(open.node.id) !== open.node) {
      closeType(s, 'other_action');
    } else if (open.ce) {
      const v = editableText(open.node);
      if (v !== open.lastValue) {
        pushValue(open, v);
        touch(s, open.draft, t, ref);
      }
    }
  }
  if (page.mirror.editableHosts.size === 0) return;
  for (const id of touched) {
    const host = editableHostOf(page.mirror, page.mirror.get(id));
    if (!host || s.open?.node === host) continue;
    const lastKey = s.lastKeyAt.get(host) ?? Number.NEGATIVE_INFINITY;
    if (t - lastKey < 1000) continue; // the user's own edit
    s.fieldSetBy.set(host, { by: 'page', after: last(s) ?? null });
  }
}

/** Capture's layout of an `input` event: typing into the field (unless a paste is filling it). */
export function onLayoutInput(
  s: SegState,
  page: Page,
  node: MNode | undefined,
  layout: LayoutPayload,
  t: number,
  ref: EventRef,
): void {
  const host = node ? editTarget(page, node) : null;
  if (host) {
    s.lastKeyAt.set(host, t);
    if (!(s.paste && s.paste.node === host)) ensureType(s, page, host, t, ref);
  }
  attachLayout(s, page, layout, t, ref);
}

/** The open `type` action on `node`, extended, or a new one (absorbing a click on the field). */
export function ensureType(s: SegState, page: Page, node: MNode, t: number, ref: EventRef): OpenType {
  if (s.open && s.open.page === page && s.open.node === node) {
    touch(s, s.open.draft, t, ref);
    return s.open;
  }
  if (s.open) closeType(s, 'other_action');
  noteActive(s, page);
  const ce = !isField(node);
  const from = ce ? editableText(node) : (node.value ?? '');
  const action: Action = { type: 'type', value: from, from, values: [], commit: 'end' };
  const prev = last(s);
  let draft: Draft;
  if (
    prev &&
    prev.action.type === 'click' &&
    prev.page === page &&
    prev.node &&
    (contains(node, prev.node) || labelControl(page, prev.node) === node)
  ) {
    draft = prev;
    draft.restore = { action: prev.action, node: prev.node, target: prev.target };
    prev.action = action;
    retarget(s, prev, node);
    touch(s, prev, t, ref);
  } else {
    draft = newDraft(s, page, action, node, t, ref);
  }
  const set = s.fieldSetBy.get(node);
  if (set?.by === 'page') draft.proposal = { value: from, after: set.after };
  s.fieldSetBy.set(node, { by: 'user', after: null });
  takePendingLayout(s, draft);
  s.open = { draft, page, node, ce, lastValue: from, checkpoints: [], dir: null, changed: false };
  return s.open;
}

function pushValue(open: OpenType, v: string): void {
  if (v === open.lastValue) return;
  const dir = v.length < open.lastValue.length ? 'del' : 'ins';
  if (open.dir !== null && dir !== open.dir) open.checkpoints.push(open.lastValue);
  if (dir === 'del' && open.dir !== 'del') {
    open.draft.corrections++;
    if (open.dir === 'ins' && open.draft.typedBeforeCorrection === null && !open.draft.proposal)
      open.draft.typedBeforeCorrection = open.lastValue;
  }
  open.dir = dir;
  open.lastValue = v;
  open.changed = true;
}

/** Commits the open `type` action with the field's value now (or drops it: nothing was typed). */
export function closeType(s: SegState, reason: CommitReason): void {
  const open = s.open;
  if (!open) return;
  s.open = null;
  const final = open.ce ? editableText(open.node) : (open.node.value ?? open.lastValue);
  pushValue(open, final);
  const action = open.draft.action;
  if (action.type !== 'type') return;
  if (!open.changed && final === action.from) {
    const restore = open.draft.restore;
    if (restore) {
      // Nothing was typed after all: the absorbed click stands.
      open.draft.action = restore.action;
      open.draft.node = restore.node;
      open.draft.target = restore.target;
      open.draft.restore = null;
    } else drop(open.draft, null);
    return;
  }
  open.draft.restore = null;
  const values = open.checkpoints;
  if (values[values.length - 1] !== final) values.push(final);
  action.value = final;
  action.values = values;
  action.commit = reason;
}
