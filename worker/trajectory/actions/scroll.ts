/**
 * Scrolls: a `scroll` action per element, merged while its scrolls are less than 1.5 s apart.
 * Scrolls within 300 ms of another action's events are that action's consequence (focus,
 * scrollIntoView) and make no step; a field being typed into scrolls as the caret moves.
 */
import { ELEMENT } from '../mirror';
import type { Page } from '../pages';
import { last, newDraft, touch } from './drafts';
import { isDocumentId } from './elements';
import type { EventRef, SegState } from './state';

const SCROLL_CONSEQUENCE_MS = 300;
const SCROLL_MERGE_MS = 1500;

export function onScroll(
  s: SegState,
  page: Page,
  id: number,
  x: number,
  y: number,
  t: number,
  ref: EventRef,
): void {
  const before = page.scrolls.get(id) ?? { x: 0, y: 0 };
  page.scrolls.set(id, { x, y });
  if (s.open && s.open.page === page && s.open.node.id === id) return;
  const lastAction = s.lastActionAt.get(page) ?? Number.NEGATIVE_INFINITY;
  const prev = last(s);
  if (prev && prev.action.type === 'scroll' && prev.page === page && t - prev.endedAt < SCROLL_MERGE_MS) {
    const sameNode = prev.node ? prev.node.id === id : isDocumentId(page, id);
    if (sameNode) {
      prev.action.deltaX += x - prev.action.x;
      prev.action.deltaY += y - prev.action.y;
      prev.action.x = x;
      prev.action.y = y;
      touch(s, prev, t, ref);
      return;
    }
  }
  if (t - lastAction < SCROLL_CONSEQUENCE_MS) return;
  const node = page.mirror.get(id);
  const target = node && node.type === ELEMENT && node.tag !== 'html' && node.tag !== 'body' ? node : null;
  newDraft(s, page, { type: 'scroll', x, y, deltaX: x - before.x, deltaY: y - before.y }, target, t, ref);
}
