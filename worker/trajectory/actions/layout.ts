/**
 * Capture's `rec/layout` events (the box and the candidates under the pointer) joined to the
 * draft they describe. A layout may arrive before or after the rrweb event that makes its draft,
 * so one without a draft waits (a few, for a second) for the draft of its element to come.
 */
import type { LayoutPayload } from '../../../shared/events';
import type { Page } from '../pages';
import { addRef } from './drafts';
import { contains } from './elements';
import type { Draft, EventRef, SegState } from './state';

export function withLayout(s: SegState, d: Draft, layout: LayoutPayload | null, replace = false): void {
  if (layout && (replace || !d.layout)) d.layout = layout;
  else takePendingLayout(s, d);
}

export function attachLayout(s: SegState, page: Page, layout: LayoutPayload, t: number, ref: EventRef): void {
  for (let i = s.drafts.length - 1; i >= 0; i--) {
    const d = s.drafts[i]!;
    if (t - d.endedAt > 1000) break;
    if (d.dropped || d.page !== page || d.layout) continue;
    if (
      d.node?.id === layout.targetId ||
      (layout.action === 'input' && d.node && contains(d.node, page.mirror.get(layout.targetId) ?? null))
    ) {
      d.layout = layout;
      addRef(d, ref);
      return;
    }
  }
  s.pendingLayouts.push({ page, layout, t });
  if (s.pendingLayouts.length > 8) s.pendingLayouts.shift();
}

export function takePendingLayout(s: SegState, d: Draft): void {
  if (d.layout || !d.node) return;
  for (let i = s.pendingLayouts.length - 1; i >= 0; i--) {
    const p = s.pendingLayouts[i]!;
    if (p.page === d.page && p.layout.targetId === d.node.id && Math.abs(d.startedAt - p.t) < 1000) {
      d.layout = p.layout;
      s.pendingLayouts.splice(i, 1);
      return;
    }
  }
}
