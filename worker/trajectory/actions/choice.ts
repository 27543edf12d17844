/**
 * Checkboxes, radios and selects: the change event makes a `check` or `select` action, absorbing
 * the click on the control (or its label) that caused it, so the step is observed before the click.
 * A select's dropdown may stay open long, so its click is looked back at for 30 s; a checkbox's
 * toggle follows its click at once (1.5 s).
 */
import type { MNode } from '../mirror';
import type { Page } from '../pages';
import { last, newDraft, retarget, touch } from './drafts';
import { contains, labelControl, optionLabel } from './elements';
import type { Draft, EventRef, SegState } from './state';

export function onCheck(
  s: SegState,
  page: Page,
  node: MNode,
  checked: boolean,
  t: number,
  ref: EventRef,
): void {
  const prev = last(s);
  if (prev && isClickOn(prev, page, node, t, 1500)) {
    prev.action = { type: 'check', checked };
    retarget(s, prev, node);
    touch(s, prev, t, ref);
    return;
  }
  newDraft(s, page, { type: 'check', checked }, node, t, ref);
}

export function onSelect(
  s: SegState,
  page: Page,
  node: MNode,
  value: string,
  t: number,
  ref: EventRef,
): void {
  const label = optionLabel(node, value);
  const prev = last(s);
  if (prev && isClickOn(prev, page, node, t, 30_000)) {
    prev.action = { type: 'select', value, label };
    retarget(s, prev, node);
    touch(s, prev, t, ref);
    return;
  }
  newDraft(s, page, { type: 'select', value, label }, node, t, ref);
}

/** `d` is a recent click on the control, inside it, or on its label. */
function isClickOn(d: Draft, page: Page, node: MNode, t: number, withinMs: number): boolean {
  if (d.action.type !== 'click' || d.page !== page || !d.node || t - d.endedAt > withinMs) return false;
  return contains(node, d.node) || contains(d.node, node) || labelControl(page, d.node) === node;
}
