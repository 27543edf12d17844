/**
 * What both observation serializers share: which elements get uids, which must never be cleaned
 * away (the target and its ancestors), how to step into frames, and what a serialization is.
 *
 * Decisions:
 * - A uid is `<pageKey>n<rrwebId>` (`p3n42`): rrweb ids are stable within one page load (one full
 *   snapshot), the page key numbers page loads (and frame streams) in the session, so a uid names
 *   one element across every step of a trajectory and is never reused.
 * - Serializers cache each element's output on the node (mirror.ts forgets it when the subtree
 *   changes), so a capture costs what changed since the previous one plus the forced path, not
 *   the page. Forced nodes (the focus and its ancestors, written differently: kept even when
 *   hidden or empty, uids on focus nodes) are written fresh, as separate parts, so the target
 *   marker can later go between two parts instead of being searched for. A forced element's other
 *   children come from its own cache, refreshed as if nothing were forced: elements with many
 *   children keep Runs (shared concatenations before and after each child), so a capture is a
 *   few parts per level of the forced path whatever the fan-out.
 * - Outputs are concatenations (V8 ropes) of cached strings: consecutive observations of a page
 *   share their unchanged parts instead of each holding a copy (1 h of the segmentation bench
 *   retains ~15 MB, not ~240 MB). Whoever serializes an observation gets a flat copy then.
 * - The marker is searched for, as before caching, when positions cannot be trusted: a forced node
 *   written inside a cached-style string (a light child shown by a slot) or page text that
 *   contains `[uid=` (the accessibility marker's search would find it first).
 */
import { DOCUMENT, ELEMENT, type Mirror, type MNode, type Runs, type UidTree } from './mirror';
import type { PageIndex } from './semantics';

/** One mirrored document tree and the key its uids carry. */
export interface Tree {
  key: string;
  root: MNode;
  mirror: Mirror;
}

export interface ViewContext {
  index: (tree: Tree) => PageIndex;
  /** Nodes that are always serialized (the target and its ancestors, through frames). */
  forced: Set<MNode>;
  /** Nodes that get a uid even when not interactive (the target, nodes an action may move to). */
  marked: Set<MNode>;
  /**
   * Nodes whose cached output must not be used: slots (and their shadow ancestors) that show a
   * forced light child, which their cache has written as not forced.
   */
  fresh: Set<MNode>;
  /** The document shown inside a cross-origin iframe element, if its stream was recorded. */
  childFrame: (iframe: MNode) => Tree | null;
  /** uids written (by both serializers), to check that the target is present. */
  uids: UidSet;
}

/** A serialization: its parts concatenated, and where each forced element's uid marker ends. */
export interface Rendered {
  parts: string[];
  /** uid -> index of the part after which the target marker goes. */
  marks: Map<string, number>;
  /** False when `marks` cannot be trusted (see the serializers); the marker is then searched for. */
  exact: boolean;
}

/** The uids of a capture: shared arrays of the cached subtrees, flattened on first lookup. */
export class UidSet {
  readonly parts: (string | UidTree)[] = [];
  private set: Set<string> | null = null;

  has(uid: string): boolean {
    // The usual question is about a forced node, written fresh: no need to flatten everything.
    for (const p of this.parts) if (p === uid) return true;
    if (!this.set) {
      this.set = new Set();
      const stack: (string | UidTree)[] = [...this.parts];
      while (stack.length > 0) {
        const p = stack.pop()!;
        if (typeof p === 'string') this.set.add(p);
        else for (const q of p) stack.push(q);
      }
    }
    return this.set.has(uid);
  }
}

/** Elements with at least this many children keep Runs of their output. */
export const RUNS_FROM = 6;

/** Runs of children outputs; `pre[kids.length]` is all of them. */
export function makeRuns(kids: (string | null)[]): Runs {
  const m = kids.length;
  const pre: string[] = new Array(m + 1);
  let s = '';
  pre[0] = s;
  for (let i = 0; i < m; i++) {
    const k = kids[i];
    if (k) s += k;
    pre[i + 1] = s;
  }
  const suf: string[] = new Array(m + 1);
  suf[m] = '';
  return { kids, pre, suf, sufFrom: m };
}

/** The output of children [a, b). */
export function runOf(r: Runs, a: number, b: number): string {
  const m = r.kids.length;
  if (a === 0) return r.pre[b]!;
  if (b === m) {
    const { kids, suf } = r;
    for (let i = r.sufFrom - 1; i >= a; i--) {
      const k = kids[i];
      suf[i] = k ? k + suf[i + 1]! : suf[i + 1]!;
    }
    if (a < r.sufFrom) r.sufFrom = a;
    return suf[a]!;
  }
  let s = '';
  for (let i = a; i < b; i++) {
    const k = r.kids[i];
    if (k) s += k;
  }
  return s;
}

/** Concatenates parts, with `marker` after part `at` (-1: none). Keeps shared parts shared. */
export function joinParts(parts: string[], at: number, marker: string, skipFirst: number): string {
  let s = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    s += i === 0 && skipFirst > 0 && p.length > 0 ? p.slice(skipFirst) : p;
    if (i === at) s += marker;
  }
  return s;
}

export function uidOf(key: string, node: MNode): string {
  return `${key}n${node.id}`;
}

/** The frame document under an iframe element: same-origin (a Document child) or another stream. */
export function frameContent(iframe: MNode, tree: Tree, ctx: ViewContext): Tree | null {
  if (iframe.tag !== 'iframe' && iframe.tag !== 'frame') return null;
  for (let c = iframe.first; c; c = c.next) {
    if (c.type === DOCUMENT) return { key: tree.key, root: c, mirror: tree.mirror };
  }
  return ctx.childFrame(iframe);
}

/** Whether frameContent depends on other streams (so what shows inside cannot be cached). */
export function isCrossOriginFrame(iframe: MNode): boolean {
  if (iframe.tag !== 'iframe' && iframe.tag !== 'frame') return false;
  for (let c = iframe.first; c; c = c.next) if (c.type === DOCUMENT) return false;
  return true;
}

/** Marks a node and its ancestors (within its tree) as forced. */
export function forceWithAncestors(node: MNode, forced: Set<MNode>): void {
  for (let n: MNode | null = node; n; n = n.parent) {
    if (forced.has(n)) return;
    forced.add(n);
  }
}

/** Adds to `fresh` the slots that may show forced light children (see ViewContext.fresh). */
export function freshSlots(forced: Set<MNode>, fresh: Set<MNode>): void {
  for (const n of forced) {
    const host = n.parent;
    if (!host?.hasShadow || n.isShadow || n.type === DOCUMENT || fresh.has(host)) continue;
    fresh.add(host);
    const stack: MNode[] = [];
    for (let c = host.first; c; c = c.next) if (c.isShadow) stack.push(c);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (s.tag === 'slot') for (let p: MNode | null = s; p && p !== host; p = p.parent) fresh.add(p);
      for (let c = s.first; c; c = c.next) stack.push(c);
    }
  }
}

export function isElement(n: MNode): boolean {
  return n.type === ELEMENT;
}
