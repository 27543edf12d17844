/**
 * The description of the element an action was performed on, as of the moment of the action.
 *
 * Decisions:
 * - Geometry comes only from capture's `rec/layout` event of that action (rrweb records none); it
 *   is relative to the viewport of the element's own frame. Elements in same-origin iframes have no
 *   layout events (capture listens in the top document), so their bbox is null.
 * - Key attributes are a fixed list, values cut at 200 characters.
 */
import type { LayoutPayload } from '../../shared/events';
import type { FrameRef, Target } from '../../shared/trajectory';
import { DOCUMENT, ELEMENT, type MNode } from './mirror';
import { selectorsFor } from './selectors';
import { collapse, contentText, type PageIndex, roleOf, truncate } from './semantics';
import { type Tree, uidOf } from './view';

const KEY_ATTRIBUTES = [
  'id',
  'name',
  'type',
  'role',
  'placeholder',
  'href',
  'aria-label',
  'title',
  'alt',
  'for',
  'value',
  'data-testid',
  'data-test-id',
  'data-test',
  'data-qa',
  'data-cy',
  'autocomplete',
  'contenteditable',
];

export function describeTarget(node: MNode, tree: Tree, index: PageIndex, outer: FrameRef[]): Target {
  const hosts = shadowHosts(node);
  const attributes: Record<string, string> = {};
  for (const name of KEY_ATTRIBUTES) {
    const v = node.attrs[name];
    if (v !== undefined) attributes[name] = truncate(v, 200);
  }
  return {
    uid: uidOf(tree.key, node),
    tag: node.tag,
    role: roleOf(node),
    name: index.name(node),
    text: truncate(collapse(contentText(node, 0)), 200),
    attributes,
    selectors: selectorsFor(node, hosts, index),
    bbox: null,
    viewport: null,
    devicePixelRatio: null,
    scroll: null,
    visible: null,
    framePath: [...outer, ...innerFrames(node, tree, index)],
    shadowPath: hosts.map((h) => uidOf(tree.key, h)),
  };
}

export function applyLayout(target: Target, layout: LayoutPayload): void {
  target.bbox = { ...layout.box };
  target.viewport = { ...layout.viewport };
  target.devicePixelRatio = layout.dpr;
  target.scroll = { ...layout.scroll };
  target.visible = layout.visible;
}

/** Shadow hosts enclosing a node in its document, outermost first. */
export function shadowHosts(node: MNode): MNode[] {
  const hosts: MNode[] = [];
  for (let n: MNode | null = node; n?.parent && n.type !== DOCUMENT; n = n.parent) {
    if (n.isShadow) hosts.unshift(n.parent);
  }
  return hosts;
}

/** Same-origin iframes between the tree's top document and the node, outermost first. */
function innerFrames(node: MNode, tree: Tree, index: PageIndex): FrameRef[] {
  const refs: FrameRef[] = [];
  for (let n: MNode | null = node; n; n = n.parent) {
    if (n.type === DOCUMENT && n.parent && n.parent.type === ELEMENT)
      refs.unshift(frameRef(n.parent, tree, index));
  }
  return refs;
}

export function frameRef(iframe: MNode, tree: Tree, index: PageIndex): FrameRef {
  return {
    uid: uidOf(tree.key, iframe),
    selectors: selectorsFor(iframe, shadowHosts(iframe), index, { semantic: false }),
    index: frameIndex(iframe),
    url: iframe.attrs.src ?? iframe.attrs.rr_src ?? null,
  };
}

/** Position among the frames of the iframe's document, in document order (shadow trees included). */
function frameIndex(iframe: MNode): number | null {
  let doc: MNode | null = iframe.parent;
  while (doc && doc.type !== DOCUMENT) doc = doc.parent;
  if (!doc) return null;
  let i = 0;
  let found: number | null = null;
  const walk = (n: MNode) => {
    for (let c = n.first; c && found === null; c = c.next) {
      if (c.type !== ELEMENT) continue;
      if (c === iframe) found = i;
      else if (c.tag === 'iframe' || c.tag === 'frame') i++;
      else walk(c);
    }
  };
  walk(doc);
  return found;
}
