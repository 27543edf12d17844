/**
 * Accessibility-tree text of a mirrored page, one node a line:
 *
 *   - heading "Tickets" [level=1]
 *   - textbox "Search tickets" [uid=p0n42] value="refund"
 *   - button "Save" [uid=p0n50] [target]
 *
 * Decisions:
 * - Elements without a role (generic) are flattened: their children move up a level; text shows
 *   as `text "..."` lines, except inside elements named from their content (a button's label is
 *   its name already).
 * - The target is always a line (as `generic` if it has no role) even when hidden, so the step's
 *   observation names it; `[target]` is appended by the caller once the target is final.
 * - Names longer than 100 characters and text longer than 200 are cut.
 */
import { ELEMENT, type MNode, TEXT } from './mirror';
import {
  collapse,
  forEachRendered,
  isHidden,
  isInteractive,
  type PageIndex,
  roleOf,
  truncate,
} from './semantics';
import { frameContent, type Tree, uidOf, type ViewContext } from './view';

const NAMED_FROM_CONTENT = new Set([
  'button',
  'link',
  'heading',
  'option',
  'tab',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'checkbox',
  'radio',
  'switch',
  'treeitem',
  'cell',
  'gridcell',
  'columnheader',
  'rowheader',
]);

interface AxWalk {
  lines: string[];
  ctx: ViewContext;
  tree: Tree;
  index: PageIndex;
}

export function accessibilityText(tree: Tree, ctx: ViewContext): string {
  const w: AxWalk = { lines: [], ctx, tree, index: ctx.index(tree) };
  for (let c = tree.root.first; c; c = c.next) if (c.type === ELEMENT) visit(w, c, tree, 0, false);
  return w.lines.join('\n');
}

function visit(w: AxWalk, n: MNode, t: Tree, depth: number, named: boolean): void {
  if (n.type === TEXT) {
    if (named) return;
    if (n.cacheFor !== n.text) {
      n.cacheFor = n.text;
      n.cacheText = collapse(n.text);
    }
    const text = n.cacheText;
    if (text) w.lines.push(`${indent(depth)}- text ${JSON.stringify(truncate(text, 200))}`);
    return;
  }
  if (n.type !== ELEMENT) return;
  const ctx = w.ctx;
  if (!ctx.forced.has(n) && isHidden(n)) return;
  const role = roleOf(n);
  const marked = ctx.marked.has(n);
  const frame = n.tag === 'iframe' || n.tag === 'frame' ? frameContent(n, t, ctx) : null;
  let childDepth = depth;
  let childNamed = named;
  if (role !== null || marked || frame) {
    const idx = t === w.tree ? w.index : ctx.index(t);
    let line = `${indent(depth)}- ${role ?? 'generic'}`;
    const name = role === 'row' ? '' : idx.name(n);
    if (name) line += ` ${JSON.stringify(truncate(name, 100))}`;
    line += states(n, role);
    if (marked || isInteractive(n, role)) {
      const uid = uidOf(t.key, n);
      ctx.uids.add(uid);
      line += ` [uid=${uid}]`;
    }
    const value = fieldValue(n, role);
    if (value) line += ` value=${JSON.stringify(truncate(value, 200))}`;
    w.lines.push(line);
    childDepth = depth + 1;
    childNamed = role !== null && NAMED_FROM_CONTENT.has(role) && name !== '';
  }
  if (frame) {
    forEachRendered(frame.root, (c) => {
      if (c.type === ELEMENT) visit(w, c, frame, childDepth, false);
    });
    return;
  }
  if (n.tag === 'select' || n.tag === 'textarea') return; // options and value are on the line
  if (n.first === null) return;
  if (n.hasShadow || n.tag === 'slot') {
    forEachRendered(n, (c) => visit(w, c, t, childDepth, childNamed));
    return;
  }
  for (let c: MNode | null = n.first; c; c = c.next) visit(w, c, t, childDepth, childNamed);
}

const INDENTS: string[] = [];
function indent(depth: number): string {
  let s = INDENTS[depth];
  if (s === undefined) {
    s = '  '.repeat(depth);
    INDENTS[depth] = s;
  }
  return s;
}

function states(n: MNode, role: string | null): string {
  const a = n.attrs;
  let s = '';
  if (role === 'heading') {
    const level = a['aria-level'] ?? (/^h([1-6])$/.exec(n.tag)?.[1] || undefined);
    if (level) s += ` [level=${level}]`;
  }
  if (n.tag === 'input' && (role === 'checkbox' || role === 'radio')) {
    s += n.checked ? ' [checked]' : ' [checked=false]';
  } else if (a['aria-checked'] !== undefined) s += ` [checked=${a['aria-checked']}]`;
  if (a['aria-pressed'] !== undefined) s += ` [pressed=${a['aria-pressed']}]`;
  if (a['aria-expanded'] !== undefined) s += ` [expanded=${a['aria-expanded']}]`;
  if (a['aria-selected'] === 'true') s += ' [selected]';
  if (a['aria-current'] !== undefined && a['aria-current'] !== 'false')
    s += ` [current=${a['aria-current']}]`;
  if (a.disabled !== undefined || a['aria-disabled'] === 'true') s += ' [disabled]';
  return s;
}

function fieldValue(n: MNode, role: string | null): string {
  if (n.tag === 'input') {
    const type = n.attrs.type?.toLowerCase();
    if (type === 'checkbox' || type === 'radio' || role === 'button') return '';
    return n.value ?? '';
  }
  if (n.tag === 'textarea' || n.tag === 'select') return n.value ?? '';
  return '';
}

/** Appends `[target]` to the line of the element with `uid`. */
export function markTargetAx(text: string, uid: string): string {
  const needle = ` [uid=${uid}]`;
  const i = text.indexOf(needle);
  if (i < 0) return text;
  const end = i + needle.length;
  const eol = text.indexOf('\n', end);
  const cut = eol < 0 ? text.length : eol;
  return `${text.slice(0, cut)} [target]${text.slice(cut)}`;
}
