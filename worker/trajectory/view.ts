/**
 * What both observation serializers share: which elements get uids, which must never be cleaned
 * away (the target and its ancestors), and how to step into frames.
 *
 * Decision: a uid is `<pageKey>n<rrwebId>` (`p3n42`): rrweb ids are stable within one page load
 * (one full snapshot), the page key numbers page loads (and frame streams) in the session, so a uid
 * names one element across every step of a trajectory and is never reused.
 */
import { DOCUMENT, ELEMENT, type MNode } from './mirror';
import type { PageIndex } from './semantics';

/** One mirrored document tree and the key its uids carry. */
export interface Tree {
  key: string;
  root: MNode;
}

export interface ViewContext {
  index: (tree: Tree) => PageIndex;
  /** Nodes that are always serialized (the target and its ancestors, through frames). */
  forced: Set<MNode>;
  /** Nodes that get a uid even when not interactive (the target, nodes an action may move to). */
  marked: Set<MNode>;
  /** The document shown inside a cross-origin iframe element, if its stream was recorded. */
  childFrame: (iframe: MNode) => Tree | null;
  /** uids written, to check that the target is present. */
  uids: Set<string>;
}

export function uidOf(key: string, node: MNode): string {
  return `${key}n${node.id}`;
}

/** The frame document under an iframe element: same-origin (a Document child) or another stream. */
export function frameContent(iframe: MNode, tree: Tree, ctx: ViewContext): Tree | null {
  if (iframe.tag !== 'iframe' && iframe.tag !== 'frame') return null;
  for (let c = iframe.first; c; c = c.next) if (c.type === DOCUMENT) return { key: tree.key, root: c };
  return ctx.childFrame(iframe);
}

/** Marks a node and its ancestors (within its tree) as forced. */
export function forceWithAncestors(node: MNode, forced: Set<MNode>): void {
  for (let n: MNode | null = node; n; n = n.parent) {
    if (forced.has(n)) return;
    forced.add(n);
  }
}

export function isElement(n: MNode): boolean {
  return n.type === ELEMENT;
}
