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
import { DOCUMENT, ELEMENT, type MNode, type Runs, TEXT } from './mirror';
import {
  closeEntry,
  collapsedText,
  entryUids,
  newWriter,
  type Pass,
  passFields,
  rendered,
  type Writer,
  writeForced,
  writePlain,
} from './pass';
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
 * - forced nodes (the focus and its ancestors) are written into the Writer's parts, start tags
 *   with a uid in two parts (`<tag uid="x"` and the rest), so the target marker can be put between
 *   them; their other children come from the element's cached Runs when it has many;
 * - any other node is one string (`null`: it writes nothing, not even an empty placeholder, which
 *   matters because an element with any child written is kept even when empty), cached.
 * The state of the pass (pass.ts) goes down as the Writer's `pass`, or as `p`.
 */
export function cleanedHtml(tree: Tree, ctx: ViewContext): Rendered {
  const p = passFields(ctx);
  const w = newWriter(p);
  writeChildren(w, tree.root, tree, null);
  return rendered(w, !p.inexact);
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
  const p = w.pass;
  const ctx = p.ctx;
  if (!ctx.forced.has(n)) {
    const s = render(p, n, tree, selectValue);
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
    p.acc.push(uid);
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
    const runs = refreshed(p, n, tree, selectValue);
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
function refreshed(p: Pass, n: MNode, tree: Tree, selectValue: string | null): Runs | null {
  const uids = writePlain(p, () => renderElement(p, n, tree, selectValue));
  const runs = n.htmlRuns;
  if (runs) p.acc.push(uids);
  return runs;
}

function pushRun(parts: string[], runs: Runs, from: number, to: number): void {
  const run = runOf(runs, from, to);
  if (run) parts.push(run);
}

/** The output of a node that is not forced: from its cache, or written and cached. */
function render(p: Pass, n: MNode, tree: Tree, selectValue: string | null): string | null {
  if (n.type === ELEMENT) return renderElement(p, n, tree, selectValue);
  if (n.type === TEXT) {
    const text = htmlText(n);
    return text ? text : null;
  }
  return n.first ? renderChildren(p, n, tree, selectValue) : null;
}

/** A forced node met inside a subtree that is not (a slotted light child): written, never cached. */
function renderForced(p: Pass, n: MNode, tree: Tree, selectValue: string | null): string | null {
  const parts = writeForced(p, (w) => writeNode(w, n, tree, selectValue));
  return parts.length > 0 ? parts.join('') : null;
}

/** An element's output, from its cache or written and cached. */
function renderElement(p: Pass, n: MNode, tree: Tree, selectValue: string | null): string | null {
  const ctx = p.ctx;
  if (!p.plain && ctx.forced.has(n)) return renderForced(p, n, tree, selectValue);
  if (n.htmlOk && n.htmlSelect === selectValue && (p.plain || ctx.fresh.size === 0 || !ctx.fresh.has(n))) {
    if (n.htmlUids.length > 0) p.acc.push(n.htmlUids);
    return n.html;
  }
  const outerAcc = p.acc;
  const outerVolatile = p.volatile;
  p.acc = [];
  p.volatile = false;
  n.htmlOk = false; // its Runs are rewritten now
  n.htmlRuns = null;
  const tag = n.tag;
  let out: string | null = null;
  if (isHidden(n)) {
    // nothing
  } else if (tag === 'slot') {
    out = renderChildren(p, n, tree, selectValue);
  } else {
    const attrs = keptAttributes(n, selectValue);
    const role = roleOf(n);
    if ((!p.plain && ctx.marked.has(n)) || isInteractive(n, role)) {
      const uid = uidOf(tree.key, n);
      p.acc.push(uid);
      attrs.unshift(`uid="${uid}"`);
    }
    if (tag === 'svg') {
      if (attrs.length > 0) out = `<svg ${attrs.join(' ')}></svg>`;
    } else {
      let inner: string | null = null;
      if (tag === 'iframe' || tag === 'frame') {
        if (isCrossOriginFrame(n)) p.volatile = true;
        const frame = frameContent(n, tree, ctx);
        inner = frame ? renderChildren(p, frame.root, frame, null) : renderChildren(p, n, tree, selectValue);
      } else if (tag === 'textarea') {
        const v = n.value ?? '';
        if (v) inner = escapeText(truncate(v, MAX_TEXT));
      } else {
        const childSelect = tag === 'select' ? (n.value ?? null) : selectValue;
        if (n.hasShadow) inner = renderChildren(p, n, tree, childSelect);
        else {
          let count = 0;
          for (let c = n.first; c && count < RUNS_FROM; c = c.next) if (c.type !== DOCUMENT) count++;
          // Many children: kept as Runs, whose pre[m] is all of them.
          const kids: (string | null)[] | null = count < RUNS_FROM ? null : [];
          let any = false;
          for (let c = n.first; c; c = c.next) {
            if (c.type === DOCUMENT) continue;
            const s =
              c.type === ELEMENT ? renderElement(p, c, tree, childSelect) : render(p, c, tree, childSelect);
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
      out = wrap(tag, attrs, inner);
    }
  }
  const uids = entryUids(p);
  if (!p.volatile) {
    n.html = out;
    n.htmlOk = true;
    n.htmlSelect = selectValue;
    n.htmlUids = uids;
  }
  closeEntry(p, outerAcc, outerVolatile, uids);
  return out;
}

/** An element with its kept attributes around its inner output, or unwrapped, or dropped. */
function wrap(tag: string, attrs: string[], inner: string | null): string {
  if (attrs.length === 0 && UNWRAP.has(tag)) return inner ?? ''; // children stay, the wrapper goes
  if (attrs.length === 0 && inner === null && !KEEP_EMPTY.has(tag)) return '';
  const start = attrs.length > 0 ? `<${tag} ${attrs.join(' ')}>` : `<${tag}>`;
  if (VOID.has(tag)) return inner !== null ? start + inner : start;
  return inner !== null ? `${start + inner}</${tag}>` : `${start}</${tag}>`;
}

/** Children's output concatenated; null when none wrote anything. */
function renderChildren(p: Pass, node: MNode, tree: Tree, selectValue: string | null): string | null {
  let out: string | null = null;
  if (node.hasShadow || node.tag === 'slot') {
    forEachRendered(node, (c) => {
      const s = render(p, c, tree, selectValue);
      if (s !== null) out = out === null ? s : out + s;
    });
    return out;
  }
  for (let c = node.first; c; c = c.next) {
    if (c.type === DOCUMENT) continue;
    const s = render(p, c, tree, selectValue);
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
  const text = collapsedText(n);
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
