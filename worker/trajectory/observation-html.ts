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
 */
import { DOCUMENT, ELEMENT, type MNode, TEXT } from './mirror';
import { collapse, forEachRendered, isHidden, isInteractive, roleOf, truncate } from './semantics';
import { frameContent, type Tree, uidOf, type ViewContext } from './view';

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

export function cleanedHtml(tree: Tree, ctx: ViewContext): string {
  const out: string[] = [];
  writeChildren(tree.root, tree, ctx, out, null);
  return out.join('');
}

function writeChildren(
  node: MNode,
  tree: Tree,
  ctx: ViewContext,
  out: string[],
  selectValue: string | null,
): void {
  if (node.hasShadow || node.tag === 'slot') {
    forEachRendered(node, (c) => writeNode(c, tree, ctx, out, selectValue));
    return;
  }
  for (let c = node.first; c; c = c.next) if (c.type !== DOCUMENT) writeNode(c, tree, ctx, out, selectValue);
}

function writeNode(n: MNode, tree: Tree, ctx: ViewContext, out: string[], selectValue: string | null): void {
  if (n.type === TEXT) {
    const text = htmlText(n);
    if (text) out.push(text);
    return;
  }
  if (n.type !== ELEMENT) {
    // Document nodes (html inside an iframe) are walked through.
    if (n.first) writeChildren(n, tree, ctx, out, selectValue);
    return;
  }
  const forced = ctx.forced.has(n);
  if (!forced && isHidden(n)) return;
  const tag = n.tag;
  if (tag === 'slot') {
    writeChildren(n, tree, ctx, out, selectValue);
    return;
  }
  const attrs = keptAttributes(n, selectValue);
  const role = roleOf(n);
  if (ctx.marked.has(n) || isInteractive(n, role)) {
    const uid = uidOf(tree.key, n);
    ctx.uids.add(uid);
    attrs.unshift(`uid="${uid}"`);
  }
  if (tag === 'svg' && !forced) {
    if (attrs.length > 0) out.push(`<svg ${attrs.join(' ')}></svg>`);
    return;
  }
  // A placeholder for the start tag, filled in once we know the element is kept (O(1), no splice).
  const slot = out.length;
  out.push('');
  const start = out.length;
  const childSelect = tag === 'select' ? (n.value ?? null) : selectValue;
  const frame = frameContent(n, tree, ctx);
  if (frame) writeChildren(frame.root, frame, ctx, out, null);
  else if (tag === 'textarea') {
    const v = n.value ?? '';
    if (v) out.push(escapeText(truncate(v, MAX_TEXT)));
  } else writeChildren(n, tree, ctx, out, childSelect);
  const hasContent = out.length > start;
  if (attrs.length === 0 && UNWRAP.has(tag)) return; // children stay, the wrapper goes
  if (!hasContent && attrs.length === 0 && !KEEP_EMPTY.has(tag) && !forced) return;
  out[slot] = attrs.length > 0 ? `<${tag} ${attrs.join(' ')}>` : `<${tag}>`;
  if (!VOID.has(tag)) out.push(`</${tag}>`);
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
