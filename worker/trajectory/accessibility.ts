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
import { ELEMENT, type MNode, type Runs, TEXT } from './mirror';
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
import { forEachRendered, isHidden, isInteractive, roleOf, truncate } from './semantics';
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

/**
 * A pass of the accessibility writer: the shared state (pass.ts) and what only this writer tracks.
 * Forced nodes are written as lines, one part each (each line starts with a newline), into the
 * Writer's parts, see observation-html.
 */
interface AxPass extends Pass {
  /** What is being written has a name read outside its element: valid for this nameEpoch only. */
  epochBound: boolean;
  /** What is being written has `[uid=` in page text. */
  odd: boolean;
  /** Name and uid of the line ownLine wrote last. */
  lineName: string;
  lineUid: string | null;
}

type AxWriter = Writer<AxPass>;

export function accessibilityText(tree: Tree, ctx: ViewContext): Rendered {
  const p: AxPass = { ...passFields(ctx), epochBound: false, odd: false, lineName: '', lineUid: null };
  const w = newWriter(p);
  for (let c = tree.root.first; c; c = c.next) if (c.type === ELEMENT) visit(w, c, tree, 0, false);
  return rendered(w, !p.inexact && !p.odd);
}

// Deep pages: the functions that recurse level by level (visit, renderElement) take one stack
// frame per level, as writing did before caching; helpers they call return before going deeper.

function visit(w: AxWriter, n: MNode, t: Tree, depth: number, named: boolean): void {
  const p = w.pass;
  const ctx = p.ctx;
  if (!ctx.forced.has(n)) {
    if (w.parts.length === 0) {
      visitFirst(w, n, t, depth, named);
      return;
    }
    const s = render(p, n, t, depth, named);
    if (s) w.parts.push(s);
    return;
  }
  if (n.type === TEXT) {
    if (named) return;
    const line = textLine(p, n, depth);
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
    const line = ownLine(p, n, t, role, marked, depth);
    if (p.lineUid !== null && !w.marks.has(p.lineUid)) w.marks.set(p.lineUid, w.parts.length);
    w.parts.push(line);
    childDepth = depth + 1;
    childNamed = role !== null && NAMED_FROM_CONTENT.has(role) && p.lineName !== '';
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
  const runs = role !== null || !marked ? refreshed(p, n, t, depth, named) : null;
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
function refreshed(p: AxPass, n: MNode, t: Tree, depth: number, named: boolean): Runs | null {
  const outerBound = p.epochBound;
  const uids = writePlain(p, () => renderElement(p, n, t, depth, named));
  p.epochBound = outerBound;
  // Whether kept or just written (then maybe not cacheable), axRuns are this moment's.
  const runs = n.axRuns;
  if (runs) p.acc.push(uids);
  return runs;
}

/** The lines of a node that is not forced: from its cache, or written and cached. */
function render(p: AxPass, n: MNode, t: Tree, depth: number, named: boolean): string {
  if (n.type === ELEMENT) return renderElement(p, n, t, depth, named);
  if (n.type === TEXT) return named ? '' : textLine(p, n, depth);
  return '';
}

/** A forced node met inside a subtree that is not (a slotted light child): written, never cached. */
function renderForced(p: AxPass, n: MNode, t: Tree, depth: number, named: boolean): string {
  return writeForced(p, (w) => visit(w, n, t, depth, named)).join('');
}

/** An element's lines, from its cache or written and cached. */
function renderElement(p: AxPass, n: MNode, t: Tree, depth: number, named: boolean): string {
  const ctx = p.ctx;
  if (!p.plain && ctx.forced.has(n)) return renderForced(p, n, t, depth, named);
  if (
    n.axOk &&
    n.axDepth === depth &&
    n.axNamed === named &&
    (n.axEpoch < 0 || n.axEpoch === t.mirror.nameEpoch) &&
    (p.plain || ctx.fresh.size === 0 || !ctx.fresh.has(n))
  ) {
    if (n.axUids.length > 0) p.acc.push(n.axUids);
    if (n.axOdd) p.odd = true;
    if (n.axEpoch >= 0) p.epochBound = true;
    return n.ax;
  }
  const outerAcc = p.acc;
  const outerVolatile = p.volatile;
  const outerBound = p.epochBound;
  const outerOdd = p.odd;
  p.acc = [];
  p.volatile = false;
  p.epochBound = false;
  p.odd = false;
  n.axOk = false; // its Runs are rewritten now
  n.axRuns = null;
  let line = '';
  let inner = '';
  if (!isHidden(n)) {
    const role = roleOf(n);
    const marked = !p.plain && ctx.marked.has(n);
    let frame: Tree | null = null;
    if (n.tag === 'iframe' || n.tag === 'frame') {
      if (isCrossOriginFrame(n)) p.volatile = true;
      frame = frameContent(n, t, ctx);
    }
    let childDepth = depth;
    let childNamed = named;
    if (role !== null || marked || frame) {
      line = ownLine(p, n, t, role, marked, depth);
      childDepth = depth + 1;
      childNamed = role !== null && NAMED_FROM_CONTENT.has(role) && p.lineName !== '';
    }
    if (frame) {
      const f = frame;
      forEachRendered(f.root, (c) => {
        if (c.type === ELEMENT) inner += render(p, c, f, childDepth, false);
      });
    } else if (n.tag === 'select' || n.tag === 'textarea' || n.first === null) {
      // options and value are on the line
    } else if (n.hasShadow || n.tag === 'slot') {
      forEachRendered(n, (c) => {
        inner += render(p, c, t, childDepth, childNamed);
      });
    } else {
      // Many children: kept as Runs, whose pre[m] is all of them.
      let count = 0;
      for (let c: MNode | null = n.first; c && count < RUNS_FROM; c = c.next) count++;
      const kids: string[] | null = count < RUNS_FROM ? null : [];
      for (let c: MNode | null = n.first; c; c = c.next) {
        const s =
          c.type === ELEMENT
            ? renderElement(p, c, t, childDepth, childNamed)
            : render(p, c, t, childDepth, childNamed);
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
  const uids = entryUids(p);
  if (!p.volatile) {
    n.ax = out;
    n.axOk = true;
    n.axDepth = depth;
    n.axNamed = named;
    n.axEpoch = p.epochBound ? t.mirror.nameEpoch : -1;
    n.axUids = uids;
    n.axOdd = p.odd;
  }
  p.epochBound = p.epochBound || outerBound;
  p.odd = p.odd || outerOdd;
  closeEntry(p, outerAcc, outerVolatile, uids);
  return out;
}

/**
 * Writes a node that is not forced as parts whose first one is its first line alone. The text's
 * first line loses its leading newline when the parts are joined, and cutting a small line leaves
 * the cached subtrees shared (cutting a whole page's cached text would copy it).
 */
function visitFirst(w: AxWriter, n: MNode, t: Tree, depth: number, named: boolean): void {
  const p = w.pass;
  const s = render(p, n, t, depth, named);
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
      const cs = render(p, c, t, depth, named);
      if (cs) w.parts.push(cs);
    }
  };
  if (n.hasShadow || n.tag === 'slot') forEachRendered(n, each);
  else for (let c: MNode | null = n.first; c; c = c.next) each(c);
}

/** Children [from, to) of `n` from its Runs; as parts beginning with a line when they come first. */
function pushRun(
  w: AxWriter,
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

/** The element's own line (with its leading newline); sets the pass's lineName and lineUid. */
function ownLine(p: AxPass, n: MNode, t: Tree, role: string | null, marked: boolean, depth: number): string {
  let line = `\n${indent(depth)}- ${role ?? 'generic'}`;
  let name = '';
  if (role !== 'row') {
    name = p.ctx.index(t).name(n);
    if (n.nameEpoch >= 0) p.epochBound = true;
  }
  if (name) line += ` ${JSON.stringify(truncate(name, 100))}`;
  line += states(n, role);
  if (line.includes('[uid=')) p.odd = true;
  p.lineName = name;
  p.lineUid = null;
  if (marked || isInteractive(n, role)) {
    const uid = uidOf(t.key, n);
    p.acc.push(uid);
    line += ` [uid=${uid}]`;
    p.lineUid = uid;
  }
  const value = fieldValue(n, role);
  if (value) {
    const v = ` value=${JSON.stringify(truncate(value, 200))}`;
    if (v.includes('[uid=')) p.odd = true;
    line += v;
  }
  return line;
}

function textLine(p: AxPass, n: MNode, depth: number): string {
  const text = collapsedText(n);
  if (!text) return '';
  if (text.includes('[uid=')) p.odd = true;
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
