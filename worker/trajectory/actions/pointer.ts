/**
 * Clicks, right clicks and double clicks.
 *
 * Decisions:
 * - Trusted clicks come from capture's `rec/layout` click events; rrweb's Click is used for
 *   coordinates, and alone only where capture does not listen (same-origin iframe documents,
 *   streams without capture events). A scripted `el.click()` therefore makes no step.
 * - The observation of a click is taken at its mousedown (menus often open on mousedown).
 * - The browser's own follow-up clicks (a label forwarding to its control, a select or checkbox
 *   after a choice) and clicks inside the field being typed into are absorbed.
 * - A click with no mousedown right after Enter is the browser's implicit submission, folded into
 *   the Enter; Enter/Space on a focused button becomes a `click` with `via: 'keyboard'`.
 * - click + click + dblclick on one element within a second is one `dblclick`.
 * - A close/cancel button as the first action in a dialog dismisses it (a backtrack).
 */
import type { LayoutPayload } from '../../../shared/events';
import { Interaction } from '../../../shared/events';
import type { Action } from '../../../shared/trajectory';
import type { MNode } from '../mirror';
import type { Page } from '../pages';
import { drop, isFirstInDialog, last, newDraft, noteActive, observe, touch } from './drafts';
import { contains, dialogOf, inSubDocument, labelControl } from './elements';
import { withLayout } from './layout';
import type { Draft, EventRef, SegState } from './state';
import { closeType } from './typing';

const CLOSE_NAMES = /^(?:close|cancel|dismiss|no thanks|not now|×|✕|x)$/i;

type Pointer = NonNullable<SegState['pointer']>;

/** rrweb's MouseInteraction events (before they touch the mirror). */
export function onMouse(
  s: SegState,
  page: Page,
  type: number,
  id: number,
  x: number | null,
  y: number | null,
  t: number,
  ref: EventRef,
): void {
  const node = page.mirror.get(id);
  if (!node) return;
  const trustedAlone = !page.hasCapture || inSubDocument(node);
  switch (type) {
    case Interaction.MouseDown:
      if (s.open && s.open.page === page && contains(s.open.node, node)) return;
      s.pointer = { page, node, t, obs: observe(s, page, node, t), ref };
      return;
    case Interaction.Click:
      if (x !== null && y !== null) s.rrwebClick = { page, id, x, y, t };
      if (trustedAlone) onClick(s, page, node, 'left', t, ref, null);
      return;
    case Interaction.ContextMenu:
      if (trustedAlone) onClick(s, page, node, 'right', t, ref, null);
      return;
    case Interaction.DblClick:
      if (trustedAlone) onDblClick(s, page, node, t, ref, null);
      return;
    case Interaction.Focus:
      if (s.open && s.open.node !== node && !page.hasCapture) closeType(s, 'focus_change');
      return;
    case Interaction.Blur:
      if (s.open && s.open.node === node) closeType(s, 'focus_change');
      return;
    default:
      return;
  }
}

export function onClick(
  s: SegState,
  page: Page,
  node: MNode,
  button: 'left' | 'right',
  t: number,
  ref: EventRef,
  layout: LayoutPayload | null,
): void {
  noteActive(s, page);
  const open = s.open;
  if (open && open.page === page && contains(open.node, node)) {
    touch(s, open.draft, t, ref);
    return;
  }
  if (absorbFollowUp(s, page, node, t, ref)) return;
  const pointer = s.pointer && s.pointer.page === page && t - s.pointer.t < 2000 ? s.pointer : null;
  if (!pointer || !(contains(node, pointer.node) || contains(pointer.node, node))) {
    // No mousedown: the keyboard (or the browser) clicked.
    if (keyboardClick(s, page, node, button, t, ref, layout)) return;
  }
  pointerClick(s, page, node, button, pointer, t, ref, layout);
}

/** The browser's own follow-up clicks: a label forwarding to its control, a select after a choice. */
function absorbFollowUp(s: SegState, page: Page, node: MNode, t: number, ref: EventRef): boolean {
  const prev = last(s);
  if (!prev || prev.page !== page || !prev.node || !(t - prev.endedAt < 500)) return false;
  const forwarded = prev.action.type === 'click' && labelControl(page, prev.node) === node;
  const after = (prev.action.type === 'select' || prev.action.type === 'check') && contains(prev.node, node);
  if (!forwarded && !after) return false;
  touch(s, prev, t, ref);
  return true;
}

/** A click without a mousedown: folded into the Enter that caused it, or a keyboard click. */
function keyboardClick(
  s: SegState,
  page: Page,
  node: MNode,
  button: 'left' | 'right',
  t: number,
  ref: EventRef,
  layout: LayoutPayload | null,
): boolean {
  const enter = s.lastEnter;
  if (enter && enter.draft.page === page && t - enter.t < 300) {
    if (enter.node === node && enter.draft.action.type === 'keypress') {
      enter.draft.action = { type: 'click', button: 'left', x: null, y: null, via: 'keyboard' };
    }
    touch(s, enter.draft, t, ref);
    if (layout && !enter.draft.layout) enter.draft.layout = layout;
    return true;
  }
  const keyAt = s.lastKeyAt.get(node);
  if (keyAt === undefined || !(t - keyAt < 300)) return false;
  if (s.open) closeType(s, 'other_action');
  const d = newDraft(s, page, { type: 'click', button, x: null, y: null, via: 'keyboard' }, node, t, ref);
  withLayout(s, d, layout);
  return true;
}

/** A pointer click: starts at its mousedown (observed then), coordinates from rrweb's Click. */
function pointerClick(
  s: SegState,
  page: Page,
  node: MNode,
  button: 'left' | 'right',
  pointer: Pointer | null,
  t: number,
  ref: EventRef,
  layout: LayoutPayload | null,
): void {
  if (s.open) closeType(s, 'other_action');
  const c = s.rrwebClick;
  const xy = c && c.page === page && c.id === node.id && t - c.t < 200 ? c : null;
  const action: Action = { type: 'click', button, x: xy?.x ?? null, y: xy?.y ?? null, via: 'pointer' };
  const obs = pointer && contains(node, pointer.node) ? pointer.obs : undefined;
  const d = newDraft(s, page, action, node, pointer ? pointer.t : t, pointer?.ref ?? ref, undefined, obs);
  touch(s, d, t, ref);
  s.pointer = null;
  withLayout(s, d, layout);
  if (button === 'left' && isCloseButton(d, node) && isFirstInDialog(s, d)) d.backtrack = 'dialog_dismissed';
}

export function onDblClick(
  s: SegState,
  page: Page,
  node: MNode,
  t: number,
  ref: EventRef,
  layout: LayoutPayload | null,
): void {
  const clicks: Draft[] = [];
  for (let i = s.drafts.length - 1; i >= 0 && clicks.length < 2; i--) {
    const d = s.drafts[i]!;
    if (d.dropped) continue;
    if (d.action.type !== 'click' || d.page !== page || d.node !== node || t - d.startedAt > 1000) break;
    clicks.push(d);
  }
  const first = clicks[clicks.length - 1];
  if (first) {
    const xy =
      first.action.type === 'click' ? { x: first.action.x, y: first.action.y } : { x: null, y: null };
    for (const c of clicks) if (c !== first) drop(c, first);
    first.action = { type: 'dblclick', x: xy.x, y: xy.y };
    touch(s, first, t, ref);
    withLayout(s, first, layout, true);
    return;
  }
  const d = newDraft(s, page, { type: 'dblclick', x: null, y: null }, node, t, ref);
  withLayout(s, d, layout);
}

function isCloseButton(d: Draft, node: MNode): boolean {
  if (!dialogOf(node)) return false;
  const name = d.target?.name ?? '';
  return CLOSE_NAMES.test(name.trim()) || /\bclose\b/i.test(node.attrs['aria-label'] ?? '');
}
