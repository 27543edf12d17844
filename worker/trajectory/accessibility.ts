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
 * - Each element's lines are cached on it (view.ts), keyed by depth and whether text is named
 *   already. Lines depend on the subtree, except names read through labels and aria-labelledby
 *   (versioned by Mirror.nameEpoch), slots (forgotten by the mirror) and cross-origin frames (never
 *   cached).
 */
import { ELEMENT, type MNode, NO_UIDS, type Runs, TEXT, type UidTree } from './mirror';
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

/** Lines of forced nodes, one part each (each line starts with a newline), see observation-html. */
interface Writer {
  ctx: ViewContext;
  parts: string[];
  marks: Map<string, number>;
}

/** Where the uids of what is being written go. */
let acc: (string | UidTree)[] = [];
/** What is being written depends on more than its subtree (and nameEpoch): not cached. */
let volatile = false;
/** What is being written has a name read outside its element: valid for this nameEpoch only. */
let epochBound = false;
/** What is being written has `[uid=` in page text. */
let odd = false;
/** A forced node was written inside a cached-style string: marks are not reliable. */
let inexact = false;
/** Writing as if nothing were forced: to bring the caches of forced elements up to date. */
let plain = false;
/** Name and uid of the line ownLine wrote last. */
let lineName = '';
let lineUid: string | null = null;

export function accessibilityText(tree: Tree, ctx: ViewContext): Rendered {
  const w: Writer = { ctx, parts: [], marks: new Map() };
  acc = ctx.uids.parts;
  volatile = false;
  epochBound = false;
  odd = false;
  inexact = false;
  plain = false;
  for (let c = tree.root.first; c; c = c.next) if (c.type === ELEMENT) visit(w, c, tree, 0, false);
  acc = [];
  return { parts: w.parts, marks: w.marks, exact: !inexact && !odd };
}

// Deep pages: the functions that recurse level by level (visit, renderElement) take one stack
// frame per level, as writing did before caching; helpers they call return before going deeper.

function visit(w: Writer, n: MNode, t: Tree, depth: number, named: boolean): void {
  const ctx = w.ctx;
  if (!ctx.forced.has(n)) {
    if (w.parts.length === 0) {
      visitFirst(w, n, t, depth, named);
      return;
    }
    const s = render(n, t, ctx, depth, named);
    if (s) w.parts.push(s);
    return;
  }
  if (n.type === TEXT) {
    if (named) return;
    const line = textLine(n, depth);
    if (line) w.parts.push(line);
    return;
  }
  if (n.type !== ELEMENT) return;
  const role = roleOf(n);
  const marked = ctx.marked.has(n);
  const frame = n.tag === 'iframe' || n.tag === 'frame' ? frameContent(n, t, ctx) : null;
  let childDepth = depth;
  let childNamed = named;
  if (role !== null || marked || frame) {
    const line = ownLine(n, t, ctx, role, marked, depth);
    if (lineUid !== null && !w.marks.has(lineUid)) w.marks.set(lineUid, w.parts.length);
    w.parts.push(line);
    childDepth = depth + 1;
    childNamed = role !== null && NAMED_FROM_CONTENT.has(role) && lineName !== '';
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
  // The other children from the element's Runs, as in observation-html; only when its cached
  // lines have the same line of its own: it has a role, or it is not marked (a marked element
  // without a role gets a generic line).
  const runs = role !== null || !marked ? refreshed(n, t, ctx, depth, named) : null;
  let i = 0;
  let from = 0;
  for (let c: MNode | null = n.first; c; c = c.next) {
    if (!runs) visit(w, c, t, childDepth, childNamed);
    else if (ctx.forced.has(c) || ctx.fresh.has(c)) {
      pushRun(w, n, t, runs, from, i, childDepth, childNamed);
      visit(w, c, t, childDepth, childNamed);
      from = i + 1;
    }
    i++;
  }
  if (runs) pushRun(w, n, t, runs, from, i, childDepth, childNamed);
}

/** Brings a forced element's cache up to date (written as if not forced); its Runs, if any. */
function refreshed(n: MNode, t: Tree, ctx: ViewContext, depth: number, named: boolean): Runs | null {
  const outerAcc = acc;
  const outerVolatile = volatile;
  const outerBound = epochBound;
  const outerPlain = plain;
  const uids: (string | UidTree)[] = [];
  acc = uids;
  plain = true;
  renderElement(n, t, ctx, depth, named);
  plain = outerPlain;
  acc = outerAcc;
  volatile = outerVolatile;
  epochBound = outerBound;
  // Whether kept or just written (then maybe not cacheable), axRuns are this moment's.
  const runs = n.axRuns;
  if (runs) acc.push(uids);
  return runs;
}

/** The lines of a node that is not forced: from its cache, or written and cached. */
function render(n: MNode, t: Tree, ctx: ViewContext, depth: number, named: boolean): string {
  if (n.type === ELEMENT) return renderElement(n, t, ctx, depth, named);
  if (n.type === TEXT) return named ? '' : textLine(n, depth);
  return '';
}

/** A forced node met inside a subtree that is not (a slotted light child): written, never cached. */
function renderForced(n: MNode, t: Tree, ctx: ViewContext, depth: number, named: boolean): string {
  volatile = true;
  inexact = true;
  const w: Writer = { ctx, parts: [], marks: new Map() };
  visit(w, n, t, depth, named);
  return w.parts.join('');
}

/** An element's lines, from its cache or written and cached. */
function renderElement(n: MNode, t: Tree, ctx: ViewContext, depth: number, named: boolean): string {
  if (!plain && ctx.forced.has(n)) return renderForced(n, t, ctx, depth, named);
  if (
    n.axOk &&
    n.axDepth === depth &&
    n.axNamed === named &&
    (n.axEpoch < 0 || n.axEpoch === t.mirror.nameEpoch) &&
    (plain || ctx.fresh.size === 0 || !ctx.fresh.has(n))
  ) {
    if (n.axUids.length > 0) acc.push(n.axUids);
    if (n.axOdd) odd = true;
    if (n.axEpoch >= 0) epochBound = true;
    return n.ax;
  }
  const outerAcc = acc;
  const outerVolatile = volatile;
  const outerBound = epochBound;
  const outerOdd = odd;
  acc = [];
  volatile = false;
  epochBound = false;
  odd = false;
  n.axOk = false; // its Runs are rewritten now
  n.axRuns = null;
  let line = '';
  let inner = '';
  if (!isHidden(n)) {
    const role = roleOf(n);
    const marked = !plain && ctx.marked.has(n);
    let frame: Tree | null = null;
    if (n.tag === 'iframe' || n.tag === 'frame') {
      if (isCrossOriginFrame(n)) volatile = true;
      frame = frameContent(n, t, ctx);
    }
    let childDepth = depth;
    let childNamed = named;
    if (role !== null || marked || frame) {
      line = ownLine(n, t, ctx, role, marked, depth);
      childDepth = depth + 1;
      childNamed = role !== null && NAMED_FROM_CONTENT.has(role) && lineName !== '';
    }
    if (frame) {
      const f = frame;
      forEachRendered(f.root, (c) => {
        if (c.type === ELEMENT) inner += render(c, f, ctx, childDepth, false);
      });
    } else if (n.tag === 'select' || n.tag === 'textarea' || n.first === null) {
      // options and value are on the line
    } else if (n.hasShadow || n.tag === 'slot') {
      forEachRendered(n, (c) => {
        inner += render(c, t, ctx, childDepth, childNamed);
      });
    } else {
      // Many children: kept as Runs, whose pre[m] is all of them.
      let count = 0;
      for (let c: MNode | null = n.first; c && count < RUNS_FROM; c = c.next) count++;
      const kids: string[] | null = count < RUNS_FROM ? null : [];
      for (let c: MNode | null = n.first; c; c = c.next) {
        const s =
          c.type === ELEMENT
            ? renderElement(c, t, ctx, childDepth, childNamed)
            : render(c, t, ctx, childDepth, childNamed);
        if (kids) kids.push(s);
        else inner += s;
      }
      if (kids) {
        const runs = makeRuns(kids);
        n.axRuns = runs;
        inner = runs.pre[kids.length]!;
      }
    }
  }
  n.axLine = line;
  n.axInner = inner;
  const out = line + inner;
  const uids = acc.length > 0 ? acc : NO_UIDS;
  if (!volatile) {
    n.ax = out;
    n.axOk = true;
    n.axDepth = depth;
    n.axNamed = named;
    n.axEpoch = epochBound ? t.mirror.nameEpoch : -1;
    n.axUids = uids;
    n.axOdd = odd;
  }
  acc = outerAcc;
  volatile = volatile || outerVolatile;
  epochBound = epochBound || outerBound;
  odd = odd || outerOdd;
  if (uids.length > 0) acc.push(uids);
  return out;
}

/**
 * Writes a node that is not forced as parts whose first one is its first line alone. The text's
 * first line loses its leading newline when the parts are joined, and cutting a small line leaves
 * the cached subtrees shared (cutting a whole page's cached text would copy it).
 */
function visitFirst(w: Writer, n: MNode, t: Tree, depth: number, named: boolean): void {
  const ctx = w.ctx;
  const s = render(n, t, ctx, depth, named);
  if (!s) return;
  if (n.type !== ELEMENT) {
    w.parts.push(s); // a text line
    return;
  }
  // Whether kept or just written, axLine, axInner and axRuns are those of `s`.
  if (n.axLine) {
    w.parts.push(n.axLine);
    if (n.axInner) w.parts.push(n.axInner);
    return;
  }
  // No line of its own (so no frame, and its children are at its depth): the first child's line.
  const runs = n.axRuns;
  if (runs) {
    pushRun(w, n, t, runs, 0, runs.kids.length, depth, named);
    return;
  }
  const each = (c: MNode) => {
    if (w.parts.length === 0) visitFirst(w, c, t, depth, named);
    else {
      const cs = render(c, t, ctx, depth, named);
      if (cs) w.parts.push(cs);
    }
  };
  if (n.hasShadow || n.tag === 'slot') forEachRendered(n, each);
  else for (let c: MNode | null = n.first; c; c = c.next) each(c);
}

/** Children [from, to) of `n` from its Runs; as parts beginning with a line when they come first. */
function pushRun(
  w: Writer,
  n: MNode,
  t: Tree,
  runs: Runs,
  from: number,
  to: number,
  childDepth: number,
  childNamed: boolean,
): void {
  if (from >= to) return;
  if (w.parts.length > 0) {
    const run = runOf(runs, from, to);
    if (run) w.parts.push(run);
    return;
  }
  let i = 0;
  for (let c: MNode | null = n.first; c && i < to; c = c.next, i++) {
    if (i < from || !runs.kids[i]) continue;
    visitFirst(w, c, t, childDepth, childNamed);
    const rest = runOf(runs, i + 1, to);
    if (rest) w.parts.push(rest);
    return;
  }
}

/** The element's own line (with its leading newline); sets lineName and lineUid. */
function ownLine(n: MNode, t: Tree, ctx: ViewContext, role: string | null, marked: boolean, depth: number) {
  let line = `\n${indent(depth)}- ${role ?? 'generic'}`;
  let name = '';
  if (role !== 'row') {
    name = ctx.index(t).name(n);
    if (n.nameEpoch >= 0) epochBound = true;
  }
  if (name) line += ` ${JSON.stringify(truncate(name, 100))}`;
  line += states(n, role);
  if (line.includes('[uid=')) odd = true;
  lineName = name;
  lineUid = null;
  if (marked || isInteractive(n, role)) {
    const uid = uidOf(t.key, n);
    acc.push(uid);
    line += ` [uid=${uid}]`;
    lineUid = uid;
  }
  const value = fieldValue(n, role);
  if (value) {
    const v = ` value=${JSON.stringify(truncate(value, 200))}`;
    if (v.includes('[uid=')) odd = true;
    line += v;
  }
  return line;
}

function textLine(n: MNode, depth: number): string {
  if (n.cacheFor !== n.text) {
    n.cacheFor = n.text;
    n.cacheText = collapse(n.text);
  }
  const text = n.cacheText;
  if (!text) return '';
  if (text.includes('[uid=')) odd = true;
  return `\n${indent(depth)}- text ${JSON.stringify(truncate(text, 200))}`;
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
