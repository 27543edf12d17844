/**
 * rrweb records no layout. At each trusted user action we add the target's box, the viewport and
 * the boxes of nearby interactive elements: the candidates an agent would choose from.
 */
import type { Box, LayoutPayload } from '../../shared/events';

const INTERACTIVE =
  'a[href],button,input,select,textarea,summary,[role=button],[role=link],[role=checkbox],[role=tab],[role=menuitem],[role=option],[contenteditable=""],[contenteditable=true],[tabindex]:not([tabindex="-1"])';
export const MAX_CANDIDATES = 24;

const NO_OFFSET = { x: 0, y: 0 };

export function boxOf(el: Element, offset = NO_OFFSET): Box {
  const r = el.getBoundingClientRect();
  return {
    x: round(r.x + offset.x),
    y: round(r.y + offset.y),
    width: round(r.width),
    height: round(r.height),
  };
}

/** `offset`: where the target's frame viewport sits in this window's (a same-origin child frame). */
export function layoutAt(
  action: LayoutPayload['action'],
  target: Element,
  idOf: (n: Node) => number,
  offset = NO_OFFSET,
): LayoutPayload {
  const box = boxOf(target, offset);
  const view = { width: window.innerWidth, height: window.innerHeight };
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const near: { id: number; box: Box; d: number }[] = [];
  for (const el of target.ownerDocument.querySelectorAll(INTERACTIVE)) {
    if (el === target) continue;
    const b = boxOf(el, offset);
    if (b.width === 0 || b.height === 0 || !inView(b, view)) continue;
    const id = idOf(el);
    if (id < 0) continue;
    near.push({ id, box: b, d: Math.hypot(b.x + b.width / 2 - cx, b.y + b.height / 2 - cy) });
  }
  near.sort((a, b) => a.d - b.d);
  return {
    action,
    targetId: idOf(target),
    box,
    visible: box.width > 0 && box.height > 0 && inView(box, view),
    viewport: view,
    dpr: window.devicePixelRatio,
    scroll: { x: round(window.scrollX), y: round(window.scrollY) },
    candidates: near.slice(0, MAX_CANDIDATES).map(({ id, box }) => ({ id, box })),
  };
}

function inView(b: Box, view: { width: number; height: number }): boolean {
  return b.x + b.width > 0 && b.y + b.height > 0 && b.x < view.width && b.y < view.height;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
