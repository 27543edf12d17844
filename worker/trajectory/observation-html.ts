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
import { DOCUMENT, ELEMENT, type MNode, NO_UIDS, type Runs, TEXT, type UidTree } from './mirror';
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

// Deep pages: the functions that recurse level by level (writeNode, renderElement) take one stack
// frame per level, as writing did before caching; helpers they call return before going deeper.

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
  } else if (n.hasShadow) writeChildren(w, n, tree, childSelect);
  else {
    // The other children from the element's Runs, when it keeps them: its cache is refreshed as
    // if nothing were forced, and whether kept or just written (then maybe not cacheable), its
    // Runs are this moment's. Forced and fresh children are written, the others come as the
    // shared concatenations between them.
    const runs = refreshed(n, tree, ctx, selectValue);
    let i = 0;
    let from = 0;
    for (let c = n.first; c; c = c.next) {
      if (c.type === DOCUMENT) continue;
      if (!runs) writeNode(w, c, tree, childSelect);
      else if (ctx.forced.has(c) || ctx.fresh.has(c)) {
        if (from < i) pushRun(parts, runs, from, i);
        writeNode(w, c, tree, childSelect);
        from = i + 1;
      }
      i++;
    }
    if (runs && from < i) pushRun(parts, runs, from, i);
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

/** Brings a forced element's cache up to date (written as if not forced); its Runs, if any. */
function refreshed(n: MNode, tree: Tree, ctx: ViewContext, selectValue: string | null): Runs | null {
  const outerAcc = acc;
  const outerVolatile = volatile;
  const outerPlain = plain;
  const uids: (string | UidTree)[] = [];
  acc = uids;
  plain = true;
  renderElement(n, tree, ctx, selectValue);
  plain = outerPlain;
  acc = outerAcc;
  volatile = outerVolatile;
  const runs = n.htmlRuns;
  if (runs) acc.push(uids);
  return runs;
}

function pushRun(parts: string[], runs: Runs, from: number, to: number): void {
  const run = runOf(runs, from, to);
  if (run) parts.push(run);
}

/** The output of a node that is not forced: from its cache, or written and cached. */
function render(n: MNode, tree: Tree, ctx: ViewContext, selectValue: string | null): string | null {
  if (n.type === ELEMENT) return renderElement(n, tree, ctx, selectValue);
  if (n.type === TEXT) {
    const text = htmlText(n);
    return text ? text : null;
  }
  return n.first ? renderChildren(n, tree, ctx, selectValue) : null;
}

/** A forced node met inside a subtree that is not (a slotted light child): written, never cached. */
function renderForced(n: MNode, tree: Tree, ctx: ViewContext, selectValue: string | null): string | null {
  volatile = true;
  inexact = true;
  const w: Writer = { ctx, parts: [], marks: new Map() };
  writeNode(w, n, tree, selectValue);
  return w.parts.length > 0 ? w.parts.join('') : null;
}

/** An element's output, from its cache or written and cached. */
function renderElement(n: MNode, tree: Tree, ctx: ViewContext, selectValue: string | null): string | null {
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
  n.htmlRuns = null;
  const tag = n.tag;
  let out: string | null = null;
  if (isHidden(n)) {
    // nothing
  } else if (tag === 'slot') {
    out = renderChildren(n, tree, ctx, selectValue);
  } else {
    const attrs = keptAttributes(n, selectValue);
    const role = roleOf(n);
    if ((!plain && ctx.marked.has(n)) || isInteractive(n, role)) {
      const uid = uidOf(tree.key, n);
      acc.push(uid);
      attrs.unshift(`uid="${uid}"`);
    }
    if (tag === 'svg') {
      if (attrs.length > 0) out = `<svg ${attrs.join(' ')}></svg>`;
    } else {
      let inner: string | null = null;
      if (tag === 'iframe' || tag === 'frame') {
        if (isCrossOriginFrame(n)) volatile = true;
        const frame = frameContent(n, tree, ctx);
        inner = frame
          ? renderChildren(frame.root, frame, ctx, null)
          : renderChildren(n, tree, ctx, selectValue);
      } else if (tag === 'textarea') {
        const v = n.value ?? '';
        if (v) inner = escapeText(truncate(v, MAX_TEXT));
      } else {
        const childSelect = tag === 'select' ? (n.value ?? null) : selectValue;
        if (n.hasShadow) inner = renderChildren(n, tree, ctx, childSelect);
        else {
          let count = 0;
          for (let c = n.first; c && count < RUNS_FROM; c = c.next) if (c.type !== DOCUMENT) count++;
          // Many children: kept as Runs, whose pre[m] is all of them.
          const kids: (string | null)[] | null = count < RUNS_FROM ? null : [];
          let any = false;
          for (let c = n.first; c; c = c.next) {
            if (c.type === DOCUMENT) continue;
            const s =
              c.type === ELEMENT
                ? renderElement(c, tree, ctx, childSelect)
                : render(c, tree, ctx, childSelect);
            if (kids) {
              kids.push(s);
              if (s !== null) any = true;
            } else if (s !== null) inner = inner === null ? s : inner + s;
          }
          if (kids) {
            const runs = makeRuns(kids);
            n.htmlRuns = runs;
            if (any) inner = runs.pre[kids.length]!;
          }
        }
      }
      if (attrs.length === 0 && UNWRAP.has(tag))
        out = inner ?? ''; // children stay, the wrapper goes
      else if (attrs.length === 0 && inner === null && !KEEP_EMPTY.has(tag)) out = '';
      else {
        const start = attrs.length > 0 ? `<${tag} ${attrs.join(' ')}>` : `<${tag}>`;
        if (VOID.has(tag)) out = inner !== null ? start + inner : start;
        else out = inner !== null ? `${start + inner}</${tag}>` : `${start}</${tag}>`;
      }
    }
  }
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
