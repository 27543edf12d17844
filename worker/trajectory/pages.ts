/**
 * The live pages of a session while it is replayed in one pass: one mirror per tab (its top frame;
 * same-origin iframes are inside it) and one per cross-origin frame stream.
 *
 * Decision: a cross-origin frame stream carries no link to its iframe element (StoredSession gives
 * frames by stream id only), so frames are matched to iframe elements by URL: the iframe's
 * `src`/`rr_src` (rrweb makes it absolute; both go through the same redactor) against the frame's
 * Meta href. When that fails and there is exactly one unmatched cross-origin iframe and one live
 * frame stream, they are paired. A frame that cannot be placed is observed on its own.
 */
import type { Size } from '../../shared/trajectory';
import { DOCUMENT, ELEMENT, Mirror, type MNode } from './mirror';
import type { Tree } from './view';

export class Page {
  readonly mirror = new Mirror();
  /** Page key of the current page load (uids are `<key>n<id>`); '' before the first snapshot. */
  key = '';
  url: string | null = null;
  viewport: Size | null = null;
  /** Last known scroll position per scrolled node id. */
  readonly scrolls = new Map<number, { x: number; y: number }>();
  /** The stream has our own capture events (layout, keystrokes), so rrweb clicks are not trusted alone. */
  hasCapture = false;
  lastEventAt = 0;

  constructor(
    /** `tab:<tabId>` or `frame:<streamId>` */
    readonly stream: string,
    readonly tabId: number | null,
    readonly isFrame: boolean,
  ) {}

  get tree(): Tree | null {
    const root = this.mirror.root;
    return root ? { key: this.key, root, mirror: this.mirror } : null;
  }
}

export class Pages {
  readonly tabs = new Map<number, Page>();
  readonly frames = new Map<string, Page>();
  activeTabId: number | null = null;
  private keys = 0;

  nextKey(): string {
    return `p${this.keys++}`;
  }

  /** The recorded document of a cross-origin iframe element, if a frame stream matches it. */
  childFrame(iframe: MNode): Tree | null {
    const src = iframe.attrs.rr_src ?? iframe.attrs.src;
    let best: Page | null = null;
    for (const f of this.frames.values()) {
      if (!f.mirror.root || !sameUrl(f.url, src)) continue;
      if (!best || f.lastEventAt > best.lastEventAt) best = f;
    }
    if (!best && this.frames.size === 1) {
      const only = this.frames.values().next().value as Page;
      if (only.mirror.root && crossOriginIframes(documentRoot(iframe)).length === 1) best = only;
    }
    return best?.tree ?? null;
  }

  /** The tab page and iframe element a frame stream is shown in. */
  parentOf(frame: Page): { page: Page; iframe: MNode } | null {
    const candidates = [...this.tabs.values()].sort(
      (a, b) => Number(b.tabId === this.activeTabId) - Number(a.tabId === this.activeTabId),
    );
    for (const page of candidates) {
      const root = page.mirror.root;
      if (!root) continue;
      const iframes = crossOriginIframes(root);
      const match = iframes.find((f) => sameUrl(frame.url, f.attrs.rr_src ?? f.attrs.src));
      if (match) return { page, iframe: match };
      if (iframes.length === 1 && this.frames.size === 1 && iframes[0]) return { page, iframe: iframes[0] };
    }
    return null;
  }
}

function documentRoot(n: MNode): MNode {
  let r = n;
  while (r.parent) r = r.parent;
  return r;
}

/** Iframe elements without a recorded document of their own (cross-origin ones). */
function crossOriginIframes(root: MNode): MNode[] {
  const out: MNode[] = [];
  const stack: MNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === ELEMENT && (n.tag === 'iframe' || n.tag === 'frame')) {
      let hasDoc = false;
      for (let c = n.first; c; c = c.next) if (c.type === DOCUMENT) hasDoc = true;
      if (!hasDoc) out.push(n);
    }
    for (let c = n.first; c; c = c.next) stack.push(c);
  }
  return out;
}

function sameUrl(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const norm = (u: string) => u.replace(/#.*$/, '').replace(/\/$/, '');
  return norm(a) === norm(b);
}
