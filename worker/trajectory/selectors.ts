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
 * - Matches are counted among the elements the mirror indexes by the last compound's attribute or
 *   tag (Mirror.elements) rather than by walking the scope, when the mirror is known.
 * - The mirror holds redacted text: a selector built from a string holding a placeholder
 *   (`text/Email [EMAIL:x1Y2z3] about the report`, an id or test id with a pseudonym) can never
 *   match the live page. No such selector is offered: an id, name or test id holding one is not
 *   used (the css path goes on structurally), nor is such a text (issue 13).
 */
import { PLACEHOLDER_RE } from '../redact/pseudonym';
import { DOCUMENT, ELEMENT, ElementIndex, type MNode, TEXT } from './mirror';
import { collapse, implicitRoleTags, isHidden, type PageIndex, roleOf } from './semantics';

export const TEST_ID_ATTRIBUTES = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy'];

/** Not global: `test` keeps no state. */
const PLACEHOLDER = new RegExp(PLACEHOLDER_RE.source);
const hasPlaceholder = (s: string): boolean => PLACEHOLDER.test(s);

/** False when a part of the selector holds a redaction placeholder: it cannot match the live page. */
export function replayable(selector: readonly string[]): boolean {
  return !selector.some(hasPlaceholder);
}

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
  const testId = testIdSelector(node, scopeRoot, index.elements);
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
  return out.filter(replayable); // a safety net: each kind below already avoids placeholders
}

function docOf(node: MNode): MNode | null {
  let n: MNode | null = node;
  while (n && n.type !== DOCUMENT) n = n.parent;
  return n;
}

function testIdSelector(node: MNode, scopeRoot: MNode, elements: ElementIndex | null): string | null {
  for (const name of TEST_ID_ATTRIBUTES) {
    const value = node.attrs[name];
    if (value === undefined || value === '' || hasPlaceholder(value)) continue;
    const c: Compound = { attr: [name, value] };
    if (countInScope(scopeRoot, [c], elements) === 1) return compoundString(c);
  }
  return null;
}

/** The step that selects a shadow host in its own scope: test id, id, or css path. */
function bestCssStep(host: MNode, index: PageIndex): string | null {
  const root = index.scopeOf(host);
  return testIdSelector(host, root, index.elements) ?? cssSelector(host, root, index);
}

function ariaSelector(node: MNode, doc: MNode, index: PageIndex): string | null {
  const role = roleOf(node);
  if (role === null || role === 'generic' || role === 'iframe') return null;
  const name = index.name(node);
  // `[`/`]` would also break the aria/ syntax; they rule out placeholders too.
  if (!name || name.length > 100 || /[[\]"]/.test(name)) return null;
  return ariaCount(role, name, doc, index) === 1 ? `aria/${name}[role="${role}"]` : null;
}

/**
 * Rendered elements of a document (walkFlat's) with a role and name, counted up to 2. With the
 * mirror's element index, only elements that can have the role are tried: those with a role
 * attribute, those whose tag implies it, and contenteditable hosts for textbox.
 */
function ariaCount(role: string, name: string, doc: MNode, index: PageIndex): number {
  const elements = index.elements;
  let count = 0;
  if (!elements) {
    walkFlat(doc, (n) => {
      if (roleOf(n) === role && index.name(n) === name) count++;
      return count < 2;
    });
    return count;
  }
  const matches = (n: MNode) => roleOf(n) === role && index.name(n) === name && rendered(n, doc);
  for (const n of elements.withAttributeName('role')) if (matches(n) && ++count === 2) return count;
  const tags = implicitRoleTags(role);
  for (const tag of tags) {
    for (const n of elements.withTag(tag)) {
      if (n.attrs.role === undefined && matches(n) && ++count === 2) return count;
    }
  }
  if (role === 'textbox') {
    for (const n of elements.withAttributeName('contenteditable')) {
      if (n.attrs.role !== undefined || tags.includes(n.tag)) continue;
      if (matches(n) && ++count === 2) return count;
    }
  }
  return count;
}

/** Whether walkFlat(doc) visits `n`: elements all the way up to `doc`, none of them hidden. */
function rendered(n: MNode, doc: MNode): boolean {
  for (let c = n; ; ) {
    if (c.type !== ELEMENT || isHidden(c)) return false;
    const p = c.parent;
    if (!p) return false;
    if (p === doc) return true;
    c = p;
  }
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
  if (text.length > 80 || text.length < 2 || hasPlaceholder(text)) return null;
  let count = 0;
  walkFlat(doc, (n) => {
    for (let c = n.first; c; c = c.next) if (c.type === TEXT && c.text.includes(text)) count++;
    return count < 2;
  });
  return count === 1 ? `text/${text}` : null;
}

function cssSelector(node: MNode, scopeRoot: MNode, index: PageIndex): string | null {
  const scope = index.scope(node);
  const elements = index.elements;
  const parts: Compound[] = [];
  let anchored = false;
  for (let n: MNode | null = node; n && n.type === ELEMENT; n = scopeParent(n)) {
    const id = n.attrs.id;
    if (id && !hasPlaceholder(id) && scope.idCount.get(id) === 1) {
      parts.unshift(IDENT.test(id) ? { id } : { attr: ['id', id] });
      anchored = true;
      break;
    }
    if (
      n === node &&
      n.attrs.name &&
      !hasPlaceholder(n.attrs.name) &&
      (n.tag === 'input' || n.tag === 'select' || n.tag === 'textarea')
    ) {
      const byName: Compound = { tag: n.tag, attr: ['name', n.attrs.name] };
      if (countInScope(scopeRoot, [byName], elements) === 1) return compoundString(byName);
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
    if (countInScope(scopeRoot, suffix, elements) === 1) return chainString(suffix);
  }
  if (anchored || countInScope(scopeRoot, parts, elements) === 1) return chainString(parts);
  return null;
}

function xpathSelector(node: MNode, index: PageIndex): string | null {
  const scope = index.scope(node);
  const steps: string[] = [];
  for (let n: MNode | null = node; n && n.type === ELEMENT; n = n.parent) {
    const id = n.attrs.id;
    if (id && !id.includes('"') && !hasPlaceholder(id) && scope.idCount.get(id) === 1) {
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
  if (!n.parent) return { position: 1, total: 1 };
  const position = nthPosition(n);
  return { position, total: n.nthTotal };
}

/**
 * Position of `n` among its parent's element children of its tag (and shadow-ness), 1-based. Kept
 * on the children until the parent's children change: all of them are numbered in one pass.
 */
function nthPosition(n: MNode): number {
  const parent = n.parent;
  if (!parent) return 1;
  if (n.nthEpoch === parent.kidsEpoch) return n.nthPosition;
  const totals = new Map<string, number>();
  for (let c = parent.first; c; c = c.next) {
    if (c.type !== ELEMENT) continue;
    const key = c.isShadow ? `${c.tag} shadow` : c.tag;
    const k = (totals.get(key) ?? 0) + 1;
    totals.set(key, k);
    c.nthPosition = k;
  }
  for (let c = parent.first; c; c = c.next) {
    if (c.type !== ELEMENT) continue;
    c.nthTotal = totals.get(c.isShadow ? `${c.tag} shadow` : c.tag)!;
    c.nthEpoch = parent.kidsEpoch;
  }
  return n.nthPosition;
}

function matchCompound(n: MNode, c: Compound): boolean {
  if (c.tag !== undefined && n.tag !== c.tag) return false;
  if (c.id !== undefined && n.attrs.id !== c.id) return false;
  if (c.attr && n.attrs[c.attr[0]] !== c.attr[1]) return false;
  if (c.nth !== undefined && nthPosition(n) !== c.nth) return false;
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

/**
 * Matches of a chain in one scope (a document or one shadow tree), counted up to 2. With the
 * mirror's element index, only the elements with the last compound's attribute or tag are tried.
 */
export function countInScope(
  scopeRoot: MNode,
  chain: Compound[],
  elements: ElementIndex | null = null,
): number {
  const shadowScope = scopeRoot.type !== DOCUMENT;
  const last = chain[chain.length - 1];
  if (elements && last) {
    const candidates =
      last.attr && ElementIndex.indexes(last.attr[0])
        ? elements.withAttribute(last.attr[0], last.attr[1])
        : last.id !== undefined
          ? elements.withAttribute('id', last.id)
          : last.tag !== undefined
            ? elements.withTag(last.tag)
            : null;
    if (candidates) {
      let count = 0;
      for (const n of candidates) {
        if (matchChain(n, chain) && inScope(n, scopeRoot, shadowScope) && ++count === 2) break;
      }
      return count;
    }
  }
  let count = 0;
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

/** Whether the scope walk of countInScope reaches `n`: elements all the way, no other scope between. */
function inScope(n: MNode, scopeRoot: MNode, shadowScope: boolean): boolean {
  for (let c = n; ; ) {
    const p = c.parent;
    if (!p || c.type !== ELEMENT) return false;
    if (p === scopeRoot) return c.isShadow === shadowScope;
    if (c.isShadow) return false;
    c = p;
  }
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
