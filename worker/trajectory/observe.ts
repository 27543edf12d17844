/**
 * Observations: the page as it is in the mirror right now (the caller calls this before applying
 * the event that starts an action), serialized as cleaned HTML and accessibility text.
 *
 * Decisions:
 * - An action in a cross-origin frame is observed in its tab's page with the frame inlined, so the
 *   agent sees the whole page; if the frame cannot be placed, the frame's document alone.
 * - The target is marked only when the step is final (an action may still be re-targeted, e.g. a
 *   click on a label that turns out to be a check of its checkbox), by string insertion at its uid.
 *   So capture gives uids to every node that may become the target, and records which uids it wrote.
 *   A capture keeps its serializations in parts (view.ts); the marker goes between two parts when
 *   the target was written fresh (a focus node: the usual case), else it is searched for.
 * - Cost per capture is what changed since the previous one plus the forced path (view.ts), and a
 *   capture holds no copy of the page: its strings share the serializers' cached subtrees.
 */
import type { FrameRef, Observation, Target } from '../../shared/trajectory';
import { accessibilityText, markTargetAx } from './accessibility';
import { ELEMENT, type MNode } from './mirror';
import { cleanedHtml, markTargetHtml } from './observation-html';
import type { Page, Pages } from './pages';
import { PageIndex } from './semantics';
import { describeTarget, frameRef } from './targets';
import {
  forceWithAncestors,
  freshSlots,
  joinParts,
  type Rendered,
  type Tree,
  UidSet,
  type ViewContext,
} from './view';

export interface Capture {
  /** Null when captured without text. */
  html: Rendered | null;
  axtree: Rendered | null;
  uids: UidSet;
  url: string | null;
  title: string | null;
  tabId: number | null;
  viewport: Observation['viewport'];
}

export interface CaptureResult {
  capture: Capture;
  /** Describes a node of `page` against the same moment's indexes (valid until the mirror changes). */
  describe: (node: MNode) => Target;
}

export function capture(pages: Pages, page: Page, focus: MNode[], withText = true): CaptureResult {
  const indexes = new Map<string, PageIndex>();
  const indexFor = (tree: Tree): PageIndex => {
    let idx = indexes.get(tree.key);
    if (!idx) {
      idx = PageIndex.of(tree.mirror, tree.root);
      indexes.set(tree.key, idx);
    }
    return idx;
  };
  const parent = page.isFrame ? pages.parentOf(page) : null;
  const top = parent ? parent.page : page;
  const ctx: ViewContext = {
    index: indexFor,
    forced: new Set(),
    marked: new Set(focus),
    fresh: new Set(),
    childFrame: (iframe) => pages.childFrame(iframe),
    uids: new UidSet(),
  };
  for (const n of focus) forceWithAncestors(n, ctx.forced);
  if (parent) forceWithAncestors(parent.iframe, ctx.forced);
  freshSlots(ctx.forced, ctx.fresh);
  const tree = top.tree;
  const html = tree && withText ? cleanedHtml(tree, ctx) : null;
  const axtree = tree && withText ? accessibilityText(tree, ctx) : null;
  const result: Capture = {
    html,
    axtree,
    uids: ctx.uids,
    url: top.url,
    title: tree ? titleOf(tree.root) : null,
    tabId: top.tabId,
    viewport: top.viewport,
  };
  const describe = (node: MNode): Target => {
    const own = page.tree;
    if (!own) throw new Error('describe without a page');
    let outer: FrameRef[] = [];
    if (page.isFrame) {
      const ptree = parent?.page.tree;
      outer =
        parent && ptree
          ? [frameRef(parent.iframe, ptree, indexFor(ptree))]
          : [{ uid: null, selectors: [], index: null, url: page.url }];
    }
    return describeTarget(node, own, indexFor(own), outer);
  };
  return { capture: result, describe };
}

export function toObservation(
  c: Capture,
  targetUid: string | null,
  candidates: Observation['candidates'],
): Observation {
  return {
    url: c.url,
    title: c.title,
    tabId: c.tabId,
    viewport: c.viewport,
    html: htmlText(c.html, targetUid),
    axtree: axText(c.axtree, targetUid),
    targetUid,
    candidates,
  };
}

function htmlText(r: Rendered | null, targetUid: string | null): string {
  if (!r) return '';
  const at = targetUid !== null && r.exact ? r.marks.get(targetUid) : undefined;
  if (at !== undefined) return joinParts(r.parts, at, ' data-target="true"', 0);
  const html = joinParts(r.parts, -1, '', 0);
  return targetUid ? markTargetHtml(html, targetUid) : html;
}

function axText(r: Rendered | null, targetUid: string | null): string {
  if (!r) return '';
  // Every line starts with a newline: the first one's is dropped.
  const at = targetUid !== null && r.exact ? r.marks.get(targetUid) : undefined;
  if (at !== undefined) return joinParts(r.parts, at, ' [target]', 1);
  const text = joinParts(r.parts, -1, '', 1);
  return targetUid ? markTargetAx(text, targetUid) : text;
}

function titleOf(root: MNode): string | null {
  for (let html = root.first; html; html = html.next) {
    if (html.type !== ELEMENT || html.tag !== 'html') continue;
    for (let head = html.first; head; head = head.next) {
      if (head.tag !== 'head') continue;
      for (let t = head.first; t; t = t.next) {
        if (t.tag === 'title') return (t.first?.text ?? '').trim() || null;
      }
    }
  }
  return null;
}
