/**
 * Same-origin child frames run no recorder of their own: the parent's rrweb serializes them
 * (`coveredByParent()` in index.ts). Our own capture (keystrokes, focus, clipboard, layout, values
 * the page sets, password fields) must follow it there: this finds every same-origin frame
 * document under the top one, at any depth, now and later (a frame added afterwards, a frame
 * navigated to a new document), and hands each new document to `onDocument` once.
 *
 * Nodes of those documents belong to the child's realm: code handed them must not use
 * `instanceof HTMLInputElement` and the like (see `isElement`, `isFieldElement`).
 */

const FRAME_TAGS = new Set(['iframe', 'frame']);

/** An element of any realm (a same-origin child frame's nodes fail the parent's `instanceof`). */
export function isElement(x: unknown): x is Element {
  return typeof x === 'object' && x !== null && (x as Partial<Node>).nodeType === 1;
}

export function isFrameElement(x: unknown): x is HTMLIFrameElement | HTMLFrameElement {
  return isElement(x) && FRAME_TAGS.has(x.localName);
}

/** A same-origin frame's document; null for a cross-origin or sandboxed one (it records itself). */
function documentOf(frame: HTMLIFrameElement | HTMLFrameElement): Document | null {
  try {
    return frame.contentDocument;
  } catch {
    return null;
  }
}

/**
 * Calls `onDocument(doc)` for `top` and every same-origin frame document inside it, each Document
 * object once: a navigated frame's new document is a new object, handled when its `load` fires.
 * Listeners go with `signal`.
 */
export function eachFrameDocument(
  top: Document,
  signal: AbortSignal,
  onDocument: (d: Document) => void,
): void {
  const seen = new WeakSet<Document>();
  const cover = (doc: Document): void => {
    if (signal.aborted || seen.has(doc)) return;
    seen.add(doc);
    onDocument(doc);
    // A frame's `load` (first document, navigation, a frame added later) reaches its parent
    // document's capture listeners; `load` does not bubble, so only the capture phase sees it.
    doc.addEventListener(
      'load',
      (e) => {
        if (isFrameElement(e.target)) coverFrame(e.target);
      },
      { capture: true, signal, passive: true },
    );
    for (const frame of doc.querySelectorAll('iframe, frame')) if (isFrameElement(frame)) coverFrame(frame);
  };
  const coverFrame = (frame: HTMLIFrameElement | HTMLFrameElement): void => {
    const d = documentOf(frame);
    if (d) cover(d);
  };
  cover(top);
}

/**
 * Where a frame document's viewport sits in the recording document's (`top`) viewport: the sum of
 * the frame elements' content-box origins up the chain. Zero for `top` itself.
 */
export function frameOffset(doc: Document, top: Document): { x: number; y: number } {
  let x = 0;
  let y = 0;
  let view = doc.defaultView;
  for (let hops = 0; view && view.document !== top && hops < 32; hops++) {
    let frame: Element | null;
    try {
      frame = view.frameElement;
    } catch {
      break;
    }
    if (!frame) break;
    const r = frame.getBoundingClientRect();
    x += r.x + frame.clientLeft;
    y += r.y + frame.clientTop;
    view = frame.ownerDocument.defaultView;
  }
  return { x, y };
}
