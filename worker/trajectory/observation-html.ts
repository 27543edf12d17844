/**
 * Cleaned HTML of a mirrored page, in the spirit of Mind2Web's `cleaned_html`.
 *
 * Decisions:
 * - Dropped: scripts, styles, head, comments, hidden elements (see semantics.isHidden), SVG
 *   internals, and every attribute but a short list that carries meaning for an agent (role, aria
 *   states, alt, title, placeholder, name, type, href, live value/checked/selected, disabled, ...).
 *   Ids, classes and test ids are not kept: selectors carry them.
 * - `div`/`span` (and html/body) with nothing kept are unwrapped; elements left empty are dropped.
 * - Interactive elements get `uid="p3n42"` (Mind2Web's backend_node_id); the target is marked with
 *   `data-target="true"` by the caller once the step's target is final.
 * - Shadow trees are flattened into their host (slots filled with light children); frame documents
 *   (same-origin, or a recorded cross-origin frame stream) are inlined inside their `<iframe>`.
 * - Text is whitespace-collapsed and cut at 300 characters; `"` is escaped in text too, so the only
 *   `uid="..."` in the output is an attribute (the target marking relies on that).
 * - Each element's output is cached on it (view.ts). An element's output depends only on its
 *   subtree, except: options on their select's value (part of the cache key), slots on their
 *   host's light children (mirror.ts forgets slots when those change) and cross-origin iframes on
 *   other streams (never cached).
 */
import { DOCUMENT, ELEMENT, type MNode, NO_UIDS, TEXT, type UidTree } from './mirror';
import { collapse, forEachRendered, isHidden, isInteractive, roleOf, truncate } from './semantics';
import {
  frameContent,
  isCrossOriginFrame,
  makeRuns,
  type Rendered,
  RUNS_FROM,
  runOf,
  type Tree,
  uidOf,
  type ViewContext,
} from './view';

const KEPT = new Set([
  'role',
  'aria-label',
  'aria-checked',
  'aria-selected',
  'aria-expanded',
  'aria-pressed',
  'aria-current',
  'aria-disabled',
  'aria-haspopup',
  'aria-invalid',
  'alt',
  'title',
  'placeholder',
  'name',
  'type',
  'href',
  'disabled',
  'readonly',
  'required',
  'contenteditable',
  'label',
  'for',
  'value',
]);

const UNWRAP = new Set(['div', 'span', 'html', 'body', 'font', 'center', 'slot']);
const KEEP_EMPTY = new Set([
  'img',
  'input',
  'select',
  'textarea',
  'iframe',
  'hr',
  'button',
  'svg',
  'canvas',
  'video',
]);
const MAX_TEXT = 300;
const VOID = new Set(['img', 'input', 'hr', 'br', 'wbr', 'area', 'source', 'embed']);

/**
 * Two ways of writing a node, with the same output:
 * - forced nodes (the focus and its ancestors) are written into `parts`, start tags with a uid in
 *   two parts (`<tag uid="x"` and the rest), so the target marker can be put between them; their
 *   other children come from the element's cached Runs when it has many;
 * - any other node is one string (`null`: it writes nothing, not even an empty placeholder, which
 *   matters because an element with any child written is kept even when empty), cached.
 */
interface Writer {
  ctx: ViewContext;
  parts: string[];
  marks: Map<string, number>;
}

/** Where the uids of what is being written go (the capture's set, or the cache entry being built). */
let acc: (string | UidTree)[] = [];
/** What is being written depends on more than its subtree: not cached. */
let volatile = false;
/** A forced node was written inside a cached-style string: marks are not reliable. */
let inexact = false;
/** Writing as if nothing were forced: to bring the caches of forced elements up to date. */
let plain = false;

export function cleanedHtml(tree: Tree, ctx: ViewContext): Rendered {
  const w: Writer = { ctx, parts: [], marks: new Map() };
  acc = ctx.uids.parts;
  volatile = false;
  inexact = false;
  plain = false;
  writeChildren(w, tree.root, tree, null);
  acc = [];
  return { parts: w.parts, marks: w.marks, exact: !inexact };
}

function writeChildren(w: Writer, node: MNode, tree: Tree, selectValue: string | null): void {
  if (node.hasShadow || node.tag === 'slot') {
    forEachRendered(node, (c) => writeNode(w, c, tree, selectValue));
    return;
  }
  for (let c = node.first; c; c = c.next) if (c.type !== DOCUMENT) writeNode(w, c, tree, selectValue);
}

function writeNode(w: Writer, n: MNode, tree: Tree, selectValue: string | null): void {
  const ctx = w.ctx;
  if (!ctx.forced.has(n)) {
    const s = render(n, tree, ctx, selectValue);
    if (s !== null) w.parts.push(s);
    return;
  }
  if (n.type === TEXT) {
    const text = htmlText(n);
    if (text) w.parts.push(text);
    return;
  }
  if (n.type !== ELEMENT) {
    // Document nodes (html inside an iframe) are walked through.
    if (n.first) writeChildren(w, n, tree, selectValue);
    return;
  }
  const tag = n.tag;
  if (tag === 'slot') {
    writeChildren(w, n, tree, selectValue);
    return;
  }
  const attrs = keptAttributes(n, selectValue);
  const role = roleOf(n);
  let uid: string | null = null;
  if (ctx.marked.has(n) || isInteractive(n, role)) {
    uid = uidOf(tree.key, n);
    acc.push(uid);
  }
  const parts = w.parts;
  // Placeholders for the start tag, filled in once we know the element is kept.
  const slot = parts.length;
  parts.push('');
  if (uid !== null) parts.push('');
  const childSelect = tag === 'select' ? (n.value ?? null) : selectValue;
  const frame = frameContent(n, tree, ctx);
  if (frame) writeChildren(w, frame.root, frame, null);
  else if (tag === 'textarea') {
    const v = n.value ?? '';
    if (v) parts.push(escapeText(truncate(v, MAX_TEXT)));
  } else if (n.hasShadow || !writeRuns(w, n, tree, selectValue, childSelect)) {
    writeChildren(w, n, tree, childSelect);
  }
  // A forced element is never dropped for being empty.
  if (uid === null && attrs.length === 0 && UNWRAP.has(tag)) return; // children stay, the wrapper goes
  if (uid !== null) {
    parts[slot] = `<${tag} uid="${uid}"`;
    parts[slot + 1] = attrs.length > 0 ? ` ${attrs.join(' ')}>` : '>';
    if (!w.marks.has(uid)) w.marks.set(uid, slot);
  } else parts[slot] = attrs.length > 0 ? `<${tag} ${attrs.join(' ')}>` : `<${tag}>`;
  if (!VOID.has(tag)) parts.push(`</${tag}>`);
}

/**
 * The children of a forced element from its (refreshed) cached Runs: forced children (and fresh
 * ones) are written, the others come as the shared concatenations between them. False when the
 * element keeps no Runs (few children, hidden, or not cacheable).
 */
function writeRuns(
  w: Writer,
  n: MNode,
  tree: Tree,
  selectValue: string | null,
  childSelect: string | null,
): boolean {
  const ctx = w.ctx;
  const outerAcc = acc;
  const outerVolatile = volatile;
  const outerPlain = plain;
  const uids: (string | UidTree)[] = [];
  acc = uids;
  plain = true;
  render(n, tree, ctx, selectValue);
  // Whether kept or just written (then maybe not cacheable), htmlRuns are this moment's.
  const runs = n.htmlRuns;
  plain = outerPlain;
  acc = outerAcc;
  volatile = outerVolatile;
  if (!runs) return false;
  acc.push(uids);
  const parts = w.parts;
  let i = 0;
  let from = 0;
  for (let c = n.first; c; c = c.next) {
    if (c.type === DOCUMENT) continue;
    if (ctx.forced.has(c) || ctx.fresh.has(c)) {
      const run = from < i ? runOf(runs, from, i) : '';
      if (run) parts.push(run);
      writeNode(w, c, tree, childSelect);
      from = i + 1;
    }
    i++;
  }
  const run = from < i ? runOf(runs, from, i) : '';
  if (run) parts.push(run);
  return true;
}

/** The output of a node that is not forced: from its cache, or written and cached. */
function render(n: MNode, tree: Tree, ctx: ViewContext, selectValue: string | null): string | null {
  if (n.type === TEXT) {
    const text = htmlText(n);
    return text ? text : null;
  }
  if (n.type !== ELEMENT) return n.first ? renderChildren(n, tree, ctx, selectValue) : null;
  if (!plain && ctx.forced.has(n)) return renderForced(n, tree, ctx, selectValue);
  if (n.htmlOk && n.htmlSelect === selectValue && (plain || ctx.fresh.size === 0 || !ctx.fresh.has(n))) {
    if (n.htmlUids.length > 0) acc.push(n.htmlUids);
    return n.html;
  }
  const outerAcc = acc;
  const outerVolatile = volatile;
  acc = [];
  volatile = false;
  n.htmlOk = false; // its Runs are rewritten now
  const out = renderElement(n, tree, ctx, selectValue);
  const uids = acc.length > 0 ? acc : NO_UIDS;
  if (!volatile) {
    n.html = out;
    n.htmlOk = true;
    n.htmlSelect = selectValue;
    n.htmlUids = uids;
  }
  acc = outerAcc;
  volatile = volatile || outerVolatile;
  if (uids.length > 0) acc.push(uids);
  return out;
}

/** A forced node met inside a subtree that is not (a slotted light child): written, never cached. */
function renderForced(n: MNode, tree: Tree, ctx: ViewContext, selectValue: string | null): string | null {
  volatile = true;
  inexact = true;
  const w: Writer = { ctx, parts: [], marks: new Map() };
  writeNode(w, n, tree, selectValue);
  return w.parts.length > 0 ? w.parts.join('') : null;
}

function renderElement(n: MNode, tree: Tree, ctx: ViewContext, selectValue: string | null): string | null {
  n.htmlRuns = null;
  if (isHidden(n)) return null;
  const tag = n.tag;
  if (tag === 'slot') return renderChildren(n, tree, ctx, selectValue);
  const attrs = keptAttributes(n, selectValue);
  const role = roleOf(n);
  if ((!plain && ctx.marked.has(n)) || isInteractive(n, role)) {
    const uid = uidOf(tree.key, n);
    acc.push(uid);
    attrs.unshift(`uid="${uid}"`);
  }
  if (tag === 'svg') return attrs.length > 0 ? `<svg ${attrs.join(' ')}></svg>` : null;
  let inner: string | null;
  if (tag === 'iframe' || tag === 'frame') {
    if (isCrossOriginFrame(n)) volatile = true;
    const frame = frameContent(n, tree, ctx);
    inner = frame ? renderChildren(frame.root, frame, ctx, null) : renderChildren(n, tree, ctx, selectValue);
  } else if (tag === 'textarea') {
    const v = n.value ?? '';
    inner = v ? escapeText(truncate(v, MAX_TEXT)) : null;
  } else {
    const childSelect = tag === 'select' ? (n.value ?? null) : selectValue;
    inner = n.hasShadow ? renderChildren(n, tree, ctx, childSelect) : renderRuns(n, tree, ctx, childSelect);
  }
  if (attrs.length === 0) {
    if (UNWRAP.has(tag)) return inner ?? ''; // children stay, the wrapper goes
    if (inner === null && !KEEP_EMPTY.has(tag)) return '';
  }
  const start = attrs.length > 0 ? `<${tag} ${attrs.join(' ')}>` : `<${tag}>`;
  if (inner !== null) return VOID.has(tag) ? start + inner : `${start + inner}</${tag}>`;
  return VOID.has(tag) ? start : `${start}</${tag}>`;
}

/** An element's own children, keeping their Runs when there are many. */
function renderRuns(n: MNode, tree: Tree, ctx: ViewContext, selectValue: string | null): string | null {
  let count = 0;
  for (let c = n.first; c && count < RUNS_FROM; c = c.next) if (c.type !== DOCUMENT) count++;
  if (count < RUNS_FROM) return renderChildren(n, tree, ctx, selectValue);
  const kids: (string | null)[] = [];
  let any = false;
  for (let c = n.first; c; c = c.next) {
    if (c.type === DOCUMENT) continue;
    const s = render(c, tree, ctx, selectValue);
    if (s !== null) any = true;
    kids.push(s);
  }
  const runs = makeRuns(kids);
  n.htmlRuns = runs;
  return any ? runs.pre[kids.length]! : null;
}

/** Children's output concatenated; null when none wrote anything. */
function renderChildren(
  node: MNode,
  tree: Tree,
  ctx: ViewContext,
  selectValue: string | null,
): string | null {
  let out: string | null = null;
  if (node.hasShadow || node.tag === 'slot') {
    forEachRendered(node, (c) => {
      const s = render(c, tree, ctx, selectValue);
      if (s !== null) out = out === null ? s : out + s;
    });
    return out;
  }
  for (let c = node.first; c; c = c.next) {
    if (c.type === DOCUMENT) continue;
    const s = render(c, tree, ctx, selectValue);
    if (s !== null) out = out === null ? s : out + s;
  }
  return out;
}

function keptAttributes(n: MNode, selectValue: string | null): string[] {
  const out: string[] = [];
  const a = n.attrs;
  // Attributes in the node's own order: most elements have none of the kept ones.
  for (const name in a) {
    if (
      !KEPT.has(name) ||
      (name === 'value' && (n.tag === 'input' || n.tag === 'select' || n.tag === 'textarea'))
    )
      continue;
    const v = a[name]!;
    out.push(v === '' ? name : `${name}="${escapeAttr(truncate(v, name === 'href' ? 120 : 200))}"`);
  }
  if (n.tag === 'input' || n.tag === 'select') {
    const type = a.type?.toLowerCase();
    if (type === 'checkbox' || type === 'radio') {
      if (n.checked) out.push('checked');
    } else if (n.value) out.push(`value="${escapeAttr(truncate(n.value, 200))}"`);
  } else if (n.tag === 'option') {
    const value = a.value ?? collapse(n.first?.text ?? '');
    if (selectValue !== null && value === selectValue) out.push('selected');
  }
  return out;
}

/** Collapsed, cut and escaped text of a text node, cached on the node until its text changes. */
function htmlText(n: MNode): string {
  if (n.cacheFor !== n.text) {
    n.cacheFor = n.text;
    n.cacheText = collapse(n.text);
  }
  const text = n.cacheText;
  return text ? escapeText(truncate(text, MAX_TEXT)) : '';
}

export function escapeText(s: string): string {
  if (!/[&<>"]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeAttr(s: string): string {
  if (!/[&<"]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Marks the element with `uid` as the target (the uid is an attribute exactly once). */
export function markTargetHtml(html: string, uid: string): string {
  const needle = ` uid="${uid}"`;
  const i = html.indexOf(needle);
  if (i < 0) return html;
  const end = i + needle.length;
  return `${html.slice(0, end)} data-target="true"${html.slice(end)}`;
}
