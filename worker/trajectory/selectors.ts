/**
 * Selectors for a target, in DevTools Recorder form, each checked to match exactly one element of
 * the mirrored page at the moment of the action.
 *
 * Decisions:
 * - Order: test id, aria (role + name), text, css, xpath; a kind is left out when no unique form
 *   of it exists. `selectors: string[][]`: an inner array of several strings pierces shadow roots,
 *   host first, as @puppeteer/replay reads it. aria/ and text/ pierce shadow roots by themselves
 *   (Puppeteer's query handlers do), so they are one string; xpath cannot, so shadow targets get
 *   none. Frames are not in selectors but in `Target.framePath` (Recorder's `frame`).
 * - Css is generated structurally (compounds of tag, #id, [attr="v"], :nth-of-type, joined by
 *   `>`) and matched structurally by the same code, so "unique" is checked without a CSS engine.
 *   A path goes up to a unique id or to the scope's top; the shortest suffix that is unique wins
 *   (at most three shortenings are tried: each try is one walk of the scope).
 * - text/ is offered only when the target's whole text is one text node that no other rendered
 *   text node contains (Puppeteer matches the innermost element whose text contains the string).
 */
import { DOCUMENT, ELEMENT, type MNode, TEXT } from './mirror';
import { collapse, isHidden, type PageIndex, roleOf } from './semantics';

export const TEST_ID_ATTRIBUTES = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy'];

interface Compound {
  tag?: string;
  id?: string;
  attr?: [string, string];
  nth?: number;
}

export interface SelectorOptions {
  /** Offer aria/ and text/ selectors (not for iframe elements). */
  semantic: boolean;
}

/** All selectors of `node`, best first. `hosts` are its shadow hosts, outermost first. */
export function selectorsFor(
  node: MNode,
  hosts: MNode[],
  index: PageIndex,
  opts: SelectorOptions = { semantic: true },
): string[][] {
  const out: string[][] = [];
  const hostSteps: string[] = [];
  for (const h of hosts) {
    const step = bestCssStep(h, index);
    if (step === null) {
      hostSteps.length = 0;
      break;
    }
    hostSteps.push(step);
  }
  const pierce = hosts.length === 0 || hostSteps.length === hosts.length;
  const scopeRoot = index.scopeOf(node);
  const testId = testIdSelector(node, scopeRoot);
  if (testId && pierce) out.push([...hostSteps, testId]);
  const doc = docOf(node);
  if (opts.semantic && doc) {
    const aria = ariaSelector(node, doc, index);
    if (aria) out.push([aria]);
    const text = textSelector(node, doc);
    if (text) out.push([text]);
  }
  const css = cssSelector(node, scopeRoot, index);
  if (css && pierce && css !== testId) out.push([...hostSteps, css]);
  if (hosts.length === 0 && doc) {
    const xpath = xpathSelector(node, index);
    if (xpath) out.push([xpath]);
  }
  return out;
}

function docOf(node: MNode): MNode | null {
  let n: MNode | null = node;
  while (n && n.type !== DOCUMENT) n = n.parent;
  return n;
}

function testIdSelector(node: MNode, scopeRoot: MNode): string | null {
  for (const name of TEST_ID_ATTRIBUTES) {
    const value = node.attrs[name];
    if (value === undefined || value === '') continue;
    const c: Compound = { attr: [name, value] };
    if (countInScope(scopeRoot, [c]) === 1) return compoundString(c);
  }
  return null;
}

/** The step that selects a shadow host in its own scope: test id, id, or css path. */
function bestCssStep(host: MNode, index: PageIndex): string | null {
  const root = index.scopeOf(host);
  return testIdSelector(host, root) ?? cssSelector(host, root, index);
}

function ariaSelector(node: MNode, doc: MNode, index: PageIndex): string | null {
  const role = roleOf(node);
  if (role === null || role === 'generic' || role === 'iframe') return null;
  const name = index.name(node);
  if (!name || name.length > 100 || /[[\]"]/.test(name)) return null;
  let count = 0;
  walkFlat(doc, (n) => {
    if (roleOf(n) === role && index.name(n) === name) count++;
    return count < 2;
  });
  return count === 1 ? `aria/${name}[role="${role}"]` : null;
}

function textSelector(node: MNode, doc: MNode): string | null {
  let only: MNode | null = null;
  let many = false;
  const collect = (n: MNode) => {
    for (let c = n.first; c && !many; c = c.next) {
      if (c.type === TEXT) {
        if (collapse(c.text)) {
          if (only) many = true;
          else only = c;
        }
      } else if (c.type === ELEMENT && !isHidden(c)) collect(c);
    }
  };
  collect(node);
  if (many || only === null) return null;
  const text = collapse((only as MNode).text);
  if (text.length > 80 || text.length < 2) return null;
  let count = 0;
  walkFlat(doc, (n) => {
    for (let c = n.first; c; c = c.next) if (c.type === TEXT && c.text.includes(text)) count++;
    return count < 2;
  });
  return count === 1 ? `text/${text}` : null;
}

function cssSelector(node: MNode, scopeRoot: MNode, index: PageIndex): string | null {
  const scope = index.scope(node);
  const parts: Compound[] = [];
  let anchored = false;
  for (let n: MNode | null = node; n && n.type === ELEMENT; n = scopeParent(n)) {
    const id = n.attrs.id;
    if (id && scope.idCount.get(id) === 1) {
      parts.unshift(IDENT.test(id) ? { id } : { attr: ['id', id] });
      anchored = true;
      break;
    }
    if (n === node && n.attrs.name && (n.tag === 'input' || n.tag === 'select' || n.tag === 'textarea')) {
      const byName: Compound = { tag: n.tag, attr: ['name', n.attrs.name] };
      if (countInScope(scopeRoot, [byName]) === 1) return compoundString(byName);
    }
    const c: Compound = { tag: n.tag };
    const { position, total } = nthOfType(n);
    if (total > 1) c.nth = position;
    parts.unshift(c);
  }
  if (parts.length === 0) return null;
  const tries = [1, 2, 3].filter((k) => k < parts.length);
  for (const k of tries) {
    const suffix = parts.slice(-k);
    if (countInScope(scopeRoot, suffix) === 1) return chainString(suffix);
  }
  if (anchored || countInScope(scopeRoot, parts) === 1) return chainString(parts);
  return null;
}

function xpathSelector(node: MNode, index: PageIndex): string | null {
  const scope = index.scope(node);
  const steps: string[] = [];
  for (let n: MNode | null = node; n && n.type === ELEMENT; n = n.parent) {
    const id = n.attrs.id;
    if (id && !id.includes('"') && scope.idCount.get(id) === 1) {
      steps.unshift(`/*[@id="${id}"]`);
      return `xpath//${steps.join('/')}`;
    }
    const name = n.isSVG ? `*[local-name()="${n.tag}"]` : n.tag;
    const { position, total } = nthOfType(n);
    steps.unshift(total > 1 ? `${name}[${position}]` : name);
    if (n.parent?.type === DOCUMENT) break;
  }
  return `xpath//${steps.join('/')}`;
}

// ---- structural css matching ----

const IDENT = /^-?[_a-zA-Z][_a-zA-Z0-9-]*$/;

function compoundString(c: Compound): string {
  let s = c.tag ?? '';
  if (c.id) s += `#${c.id}`;
  if (c.attr) s += `[${c.attr[0]}="${c.attr[1].replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`;
  if (c.nth !== undefined) s += `:nth-of-type(${c.nth})`;
  return s || '*';
}

function chainString(chain: Compound[]): string {
  return chain.map(compoundString).join(' > ');
}

/** The element parent inside the same scope (null at the top of a document or shadow tree). */
function scopeParent(n: MNode): MNode | null {
  if (n.isShadow) return null;
  const p = n.parent;
  return p && p.type === ELEMENT ? p : null;
}

function nthOfType(n: MNode): { position: number; total: number } {
  let position = 0;
  let total = 0;
  const parent = n.parent;
  if (!parent) return { position: 1, total: 1 };
  for (let c = parent.first; c; c = c.next) {
    if (c.type !== ELEMENT || c.tag !== n.tag || c.isShadow !== n.isShadow) continue;
    total++;
    if (c === n) position = total;
  }
  return { position, total };
}

function matchCompound(n: MNode, c: Compound): boolean {
  if (c.tag !== undefined && n.tag !== c.tag) return false;
  if (c.id !== undefined && n.attrs.id !== c.id) return false;
  if (c.attr && n.attrs[c.attr[0]] !== c.attr[1]) return false;
  if (c.nth !== undefined && nthOfType(n).position !== c.nth) return false;
  return true;
}

function matchChain(n: MNode, chain: Compound[]): boolean {
  let node: MNode | null = n;
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i];
    if (!node || !c || !matchCompound(node, c)) return false;
    node = i > 0 ? scopeParent(node) : node;
  }
  return true;
}

/** Matches of a chain in one scope (a document or one shadow tree), counted up to 2. */
export function countInScope(scopeRoot: MNode, chain: Compound[]): number {
  let count = 0;
  const shadowScope = scopeRoot.type !== DOCUMENT;
  const stack: MNode[] = [];
  for (let c = scopeRoot.first; c; c = c.next) if (c.isShadow === shadowScope) stack.push(c);
  while (stack.length > 0 && count < 2) {
    const n = stack.pop()!;
    if (n.type !== ELEMENT) continue;
    if (matchChain(n, chain)) count++;
    for (let c = n.first; c; c = c.next) if (!c.isShadow && c.type !== DOCUMENT) stack.push(c);
  }
  return count;
}

/**
 * Visits the rendered elements of a document, shadow trees included, frames excluded; stops when
 * `visit` returns false.
 */
export function walkFlat(doc: MNode, visit: (n: MNode) => boolean): void {
  const stack: MNode[] = [];
  for (let c = doc.first; c; c = c.next) stack.push(c);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type !== ELEMENT || isHidden(n)) continue;
    if (!visit(n)) return;
    for (let c = n.first; c; c = c.next) if (c.type === ELEMENT) stack.push(c);
  }
}
