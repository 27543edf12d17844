/**
 * The core every action family builds on: making a draft (its observation taken as it starts),
 * extending one with a later event (`touch`), folding one into another (`drop`), re-targeting one
 * that turned out to be on another element, and flushing a paste whose value is now final. Kept
 * apart from the families so that none of them depends on another to make or merge a draft.
 */
import type { Action, EventRange, Target } from '../../../shared/trajectory';
import { editableText, isField, type MNode } from '../mirror';
import { capture } from '../observe';
import type { Page } from '../pages';
import { applyLayout } from '../targets';
import { dialogOf, related } from './elements';
import type { Draft, EventRef, Observed, SegState } from './state';

export function observe(s: SegState, page: Page, node: MNode | null, at: number): Observed {
  const focus = node ? [node, ...related(page, node)] : [];
  const seen = capture(s.pages, page, focus, s.opts.observations);
  return { capture: seen.capture, target: node && page.mirror.root ? seen.describe(node) : null, node, at };
}

export function newDraft(
  s: SegState,
  page: Page,
  action: Action,
  node: MNode | null,
  t: number,
  ref: EventRef,
  tabId: number | null = page.tabId,
  obs?: Observed,
): Draft {
  if (s.paste && s.paste.draft.page === page) finishPaste(s);
  const o = obs ?? observe(s, page, node, t);
  const target = o.node === node ? o.target : node && page.mirror.root ? describeNow(s, page, node) : null;
  const draft: Draft = {
    seq: s.seq++,
    action,
    page,
    tabId: tabId ?? s.pages.activeTabId,
    node,
    target,
    capture: o.capture,
    pageKey: page.key,
    layout: null,
    startedAt: t,
    endedAt: t,
    refs: new Map(),
    dropped: false,
    corrections: 0,
    backtrack: null,
    tabSwitches: s.switches,
    proposal: null,
    typedBeforeCorrection: null,
    submitNavigation: false,
    restore: null,
  };
  s.switches = 0;
  if (node && target && !o.capture.uids.has(target.uid) && s.opts.observations) {
    draft.capture = observe(s, page, node, t).capture; // created after the observation was taken
  }
  addRef(draft, ref);
  s.drafts.push(draft);
  if (page.tabId !== null && s.pages.activeTabId === null) s.pages.activeTabId = page.tabId;
  const dialog = node ? dialogOf(node) : null;
  if (dialog) s.dialogActs.set(dialog, (s.dialogActs.get(dialog) ?? 0) + 1);
  s.lastActionAt.set(page, t);
  return draft;
}

function describeNow(s: SegState, page: Page, node: MNode): Target | null {
  return capture(s.pages, page, [node], false).describe(node);
}

/** The action turned out to be on another element (label -> its checkbox, field -> its host). */
export function retarget(s: SegState, d: Draft, node: MNode): void {
  if (d.node === node) return;
  d.node = node;
  d.layout = null; // the old box was the label's
  d.target = describeNow(s, d.page, node);
  if (d.target && !d.capture.uids.has(d.target.uid) && s.opts.observations) {
    d.capture = observe(s, d.page, node, d.startedAt).capture;
  }
}

export function drop(d: Draft, into: Draft | null): void {
  d.dropped = true;
  if (into) for (const r of d.refs.values()) mergeRange(into.refs, r);
}

export function touch(s: SegState, d: Draft, t: number, ref: EventRef): void {
  if (t > d.endedAt) d.endedAt = t;
  addRef(d, ref);
  s.lastActionAt.set(d.page, Math.max(s.lastActionAt.get(d.page) ?? 0, t));
}

export function addRef(d: Draft, ref: EventRef): void {
  mergeRange(d.refs, { stream: ref.stream, from: ref.index, to: ref.index, count: 1 });
}

/** The latest draft still standing. */
export function last(s: SegState): Draft | undefined {
  for (let i = s.drafts.length - 1; i >= 0; i--) {
    const d = s.drafts[i]!;
    if (!d.dropped) return d;
  }
  return undefined;
}

/** The first page the user acts on makes its tab the active one. */
export function noteActive(s: SegState, page: Page): void {
  if (page.tabId !== null && s.pages.activeTabId === null) s.pages.activeTabId = page.tabId;
}

/** True when this is the only action so far inside its dialog (closing it did nothing else). */
export function isFirstInDialog(s: SegState, d: Draft): boolean {
  const dialog = d.node ? dialogOf(d.node) : null;
  return dialog !== null && (s.dialogActs.get(dialog) ?? 0) <= 1;
}

/** A paste's value is the field's once the next action starts (or the page goes away). */
export function finishPaste(s: SegState): void {
  const p = s.paste;
  if (!p) return;
  s.paste = null;
  if (p.draft.action.type === 'paste') {
    p.draft.action.value = isField(p.node) ? (p.node.value ?? '') : editableText(p.node);
  }
}

function mergeRange(refs: Map<string, EventRange>, r: EventRange): void {
  const cur = refs.get(r.stream);
  if (!cur) refs.set(r.stream, { ...r });
  else {
    cur.from = Math.min(cur.from, r.from);
    cur.to = Math.max(cur.to, r.to);
    cur.count += r.count;
  }
}

export function applyDraftLayout(d: Draft): void {
  if (d.target && d.layout) applyLayout(d.target, d.layout);
}
