/**
 * Roles, accessible names, visibility and text of mirrored elements: what an agent would read.
 *
 * Decisions:
 * - A simplified accname (aria-labelledby, aria-label, labels, alt/title/placeholder, name from
 *   content for the roles that allow it). It is close to Chrome's for ordinary pages; where it
 *   differs, an `aria/` selector may fail at replay, which is why css and xpath are offered too.
 * - Visibility is what the recording can tell: `hidden`, `aria-hidden`, inline `display:none` /
 *   `visibility:hidden`, hidden inputs. Styles from style sheets are not evaluated (no layout engine).
 * - Shadow hosts render their shadow children; a `<slot>` renders the host's light children.
 * - Ids, labels and test ids are indexed per scope (document or shadow root) once per page visit,
 *   so names and uniqueness checks cost O(1) lookups, not tree searches. A mirror's index is kept
 *   while its ids and labels stay as they are (Mirror.indexEpoch), and names are cached on the
 *   nodes: a name that read nothing outside its element's subtree stays valid until the subtree
 *   changes (Mirror.touch); one that read labels or aria-labelledby targets, until
 *   Mirror.nameEpoch changes.
 */
import { DOCUMENT, ELEMENT, type ElementIndex, HIDING_STYLE, type Mirror, type MNode, TEXT } from './mirror';

export interface ScopeIndex {
  ids: Map<string, MNode>;
  idCount: Map<string, number>;
  /** label[for] id -> labels */
  labelsFor: Map<string, MNode[]>;
}

const INDEXES = new WeakMap<Mirror, { epoch: number; index: PageIndex }>();

/** Set by accessibleName when the name read something outside the element's subtree. */
let nonLocal = false;

/** Per-visit indexes of one page (all scopes, including same-origin frames and shadow roots). */
export class PageIndex {
  readonly scopes = new Map<MNode, ScopeIndex>();
  /** Names when there is no mirror to keep them on its nodes. */
  private readonly nameCache: Map<MNode, string> | null;

  constructor(
    root: MNode,
    /** The mirror `root` is in: names are cached on its nodes, across indexes. */
    private readonly mirror: Mirror | null = null,
  ) {
    this.nameCache = mirror ? null : new Map();
    this.indexScope(root);
  }

  /** The mirror's elements by tag and attribute (null without a mirror). */
  get elements(): ElementIndex | null {
    return this.mirror?.elements ?? null;
  }

  /** The index of a mirror's page, the same one while its ids and labels are unchanged. */
  static of(mirror: Mirror, root: MNode): PageIndex {
    const kept = INDEXES.get(mirror);
    if (kept && kept.epoch === mirror.indexEpoch) return kept.index;
    const index = new PageIndex(root, mirror);
    INDEXES.set(mirror, { epoch: mirror.indexEpoch, index });
    return index;
  }

  /** The scope root of a node: its Document, or the host of the shadow tree it is in. */
  scopeOf(node: MNode): MNode {
    let n: MNode = node;
    while (n.parent) {
      if (n.type === DOCUMENT) return n;
      if (n.isShadow) return n.parent;
      n = n.parent;
    }
    return n;
  }

  scope(node: MNode): ScopeIndex {
    const root = this.scopeOf(node);
    let s = this.scopes.get(root);
    if (!s) {
      s = this.indexScope(root);
    }
    return s;
  }

  name(node: MNode): string {
    const m = this.mirror;
    if (m) {
      const kept = node.name;
      if (kept !== null && (node.nameEpoch < 0 || node.nameEpoch === m.nameEpoch)) return kept;
      nonLocal = false;
      const name = accessibleName(node, this);
      node.name = name;
      node.nameEpoch = nonLocal ? m.nameEpoch : -1;
      return name;
    }
    const cache = this.nameCache!;
    let n = cache.get(node);
    if (n === undefined) {
      n = accessibleName(node, this);
      cache.set(node, n);
    }
    return n;
  }

  private indexScope(root: MNode): ScopeIndex {
    const s: ScopeIndex = { ids: new Map(), idCount: new Map(), labelsFor: new Map() };
    this.scopes.set(root, s);
    const shadowScope = root.type !== DOCUMENT;
    const stack: MNode[] = [];
    for (let c = root.first; c; c = c.next) if (c.isShadow === shadowScope) stack.push(c);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type !== ELEMENT) continue;
      const id = n.attrs.id;
      if (id) {
        if (!s.ids.has(id)) s.ids.set(id, n);
        s.idCount.set(id, (s.idCount.get(id) ?? 0) + 1);
      }
      if (n.tag === 'label' && n.attrs.for) {
        const list = s.labelsFor.get(n.attrs.for);
        if (list) list.push(n);
        else s.labelsFor.set(n.attrs.for, [n]);
      }
      for (let c = n.first; c; c = c.next) {
        // Other scopes (shadow trees, frame documents) are indexed when first asked for.
        if (c.isShadow || c.type === DOCUMENT) continue;
        stack.push(c);
      }
    }
    return s;
  }
}

const NEVER_RENDERED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'meta',
  'link',
  'base',
  'title',
]);

export function isHidden(node: MNode): boolean {
  if (node.type !== ELEMENT) return false;
  // Cached on the node: it reads only the element's own attributes (Mirror.touch forgets it).
  if (node.hidden === 0) node.hidden = hiddenNow(node) ? 1 : 2;
  return node.hidden === 1;
}

function hiddenNow(node: MNode): boolean {
  if (NEVER_RENDERED.has(node.tag)) return true;
  const a = node.attrs;
  if (a.hidden !== undefined || a['aria-hidden'] === 'true') return true;
  if (node.tag === 'input' && a.type?.toLowerCase() === 'hidden') return true;
  const style = a.style;
  if (style && HIDING_STYLE.test(style)) return true;
  return false;
}

const INPUT_ROLES: Record<string, string> = {
  checkbox: 'checkbox',
  radio: 'radio',
  button: 'button',
  submit: 'button',
  reset: 'button',
  image: 'button',
  range: 'slider',
  number: 'spinbutton',
  search: 'searchbox',
  email: 'textbox',
  tel: 'textbox',
  text: 'textbox',
  url: 'textbox',
  password: 'textbox',
};

const TAG_ROLES: Record<string, string> = {
  button: 'button',
  textarea: 'textbox',
  nav: 'navigation',
  main: 'main',
  aside: 'complementary',
  article: 'article',
  ul: 'list',
  ol: 'list',
  menu: 'list',
  li: 'listitem',
  table: 'table',
  thead: 'rowgroup',
  tbody: 'rowgroup',
  tfoot: 'rowgroup',
  tr: 'row',
  td: 'cell',
  dialog: 'dialog',
  fieldset: 'group',
  optgroup: 'group',
  option: 'option',
  progress: 'progressbar',
  meter: 'meter',
  output: 'status',
  p: 'paragraph',
  hr: 'separator',
  dl: 'list',
  h1: 'heading',
  h2: 'heading',
  h3: 'heading',
  h4: 'heading',
  h5: 'heading',
  h6: 'heading',
  iframe: 'iframe',
};

const LANDMARK_SCOPES = new Set(['article', 'aside', 'main', 'nav', 'section']);

/**
 * Tags whose elements may have a role without a role attribute (roleOf's implicit roles), besides
 * contenteditable hosts (textbox). Kept next to roleNow: semantics.test.ts checks they agree.
 */
const IMPLICIT_ROLE_TAGS = ((): Map<string, string[]> => {
  const map = new Map<string, string[]>();
  const add = (role: string, tag: string) => {
    const tags = map.get(role);
    if (!tags) map.set(role, [tag]);
    else if (!tags.includes(tag)) tags.push(tag);
  };
  for (const [tag, role] of Object.entries(TAG_ROLES)) add(role, tag);
  for (const role of [...Object.values(INPUT_ROLES), 'textbox', 'combobox']) add(role, 'input');
  add('link', 'a');
  add('link', 'area');
  add('combobox', 'select');
  add('listbox', 'select');
  add('img', 'img');
  add('rowheader', 'th');
  add('columnheader', 'th');
  add('banner', 'header');
  add('contentinfo', 'footer');
  add('region', 'section');
  add('form', 'form');
  return map;
})();
const NO_TAGS: readonly string[] = [];

export function implicitRoleTags(role: string): readonly string[] {
  return IMPLICIT_ROLE_TAGS.get(role) ?? NO_TAGS;
}

export function roleOf(node: MNode): string | null {
  if (node.type !== ELEMENT) return null;
  // Cached on the node: it reads the element's attributes and, for header and footer, the tags of
  // its ancestors (which change only when it moves; Mirror forgets moved subtrees).
  if (!node.roleOk) {
    node.role = roleNow(node);
    node.roleOk = true;
  }
  return node.role;
}

function roleNow(node: MNode): string | null {
  const explicit = node.attrs.role?.trim().split(/\s+/)[0];
  if (explicit && explicit !== 'presentation' && explicit !== 'none') return explicit;
  if (explicit) return null;
  const tag = node.tag;
  switch (tag) {
    case 'a':
    case 'area':
      return node.attrs.href !== undefined ? 'link' : null;
    case 'input': {
      const type = (node.attrs.type ?? 'text').toLowerCase();
      if (type === 'hidden') return null;
      if (node.attrs.list !== undefined && /^(?:text|search|email|tel|url)$/.test(type)) return 'combobox';
      return INPUT_ROLES[type] ?? 'textbox';
    }
    case 'select':
      return node.attrs.multiple !== undefined || Number(node.attrs.size ?? '0') > 1 ? 'listbox' : 'combobox';
    case 'img':
      return node.attrs.alt === '' ? null : 'img';
    case 'th':
      return node.attrs.scope === 'row' ? 'rowheader' : 'columnheader';
    case 'header':
    case 'footer':
      return insideAny(node, LANDMARK_SCOPES) ? null : tag === 'header' ? 'banner' : 'contentinfo';
    case 'section':
    case 'form':
      // Named by author only: naming from content does not apply to these roles.
      return node.attrs['aria-label']?.trim() || node.attrs['aria-labelledby']?.trim()
        ? tag === 'section'
          ? 'region'
          : 'form'
        : null;
    default:
      return TAG_ROLES[tag] ?? (isEditableHost(node) ? 'textbox' : null);
  }
}

function isEditableHost(node: MNode): boolean {
  const ce = node.attrs.contenteditable;
  return ce !== undefined && ce !== 'false';
}

function insideAny(node: MNode, tags: Set<string>): boolean {
  for (let p = node.parent; p && p.type === ELEMENT; p = p.parent) if (tags.has(p.tag)) return true;
  return false;
}

const NAME_FROM_CONTENT = new Set([
  'button',
  'cell',
  'checkbox',
  'columnheader',
  'gridcell',
  'heading',
  'link',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'radio',
  'row',
  'rowheader',
  'switch',
  'tab',
  'tooltip',
  'treeitem',
]);

function accessibleName(node: MNode, index: PageIndex): string {
  if (node.type !== ELEMENT) return '';
  const a = node.attrs;
  const labelledBy = a['aria-labelledby'];
  if (labelledBy) {
    nonLocal = true;
    const scope = index.scope(node);
    const parts: string[] = [];
    for (const id of labelledBy.split(/\s+/)) {
      const ref = scope.ids.get(id);
      if (ref) parts.push(contentText(ref, 0));
    }
    const joined = collapse(parts.join(' '));
    if (joined) return joined;
  }
  const label = a['aria-label']?.trim();
  if (label) return collapse(label);
  const tag = node.tag;
  if (tag === 'input' || tag === 'textarea' || tag === 'select') {
    const type = (a.type ?? '').toLowerCase();
    if (tag === 'input' && (type === 'submit' || type === 'reset' || type === 'button')) {
      return collapse(
        a.value ?? node.value ?? (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : ''),
      );
    }
    if (tag === 'input' && type === 'image') return collapse(a.alt ?? a.title ?? '');
    const fromLabels = labelText(node, index);
    if (fromLabels) return fromLabels;
    return collapse(a.title ?? a.placeholder ?? '');
  }
  if (tag === 'img' || tag === 'area') return collapse(a.alt ?? a.title ?? '');
  if (tag === 'fieldset' || tag === 'table' || tag === 'figure') {
    const caption = tag === 'fieldset' ? 'legend' : tag === 'table' ? 'caption' : 'figcaption';
    for (let c = node.first; c; c = c.next) if (c.tag === caption) return collapse(contentText(c, 0));
  }
  if (tag === 'iframe') return collapse(a.title ?? '');
  const role = roleOf(node);
  if (role && NAME_FROM_CONTENT.has(role)) {
    const text = collapse(contentText(node, 0));
    if (text) return text;
  }
  return collapse(a.title ?? '');
}

function labelText(node: MNode, index: PageIndex): string {
  nonLocal = true;
  const parts: string[] = [];
  const id = node.attrs.id;
  if (id) {
    for (const l of index.scope(node).labelsFor.get(id) ?? []) parts.push(contentText(l, 0, node));
  }
  for (let p = node.parent; p && p.type === ELEMENT; p = p.parent) {
    if (p.tag === 'label') {
      parts.push(contentText(p, 0, node));
      break;
    }
  }
  return collapse(parts.join(' '));
}

/** Rendered text of a subtree for naming: alt text of images, values of embedded controls. */
export function contentText(node: MNode, depth: number, skip?: MNode): string {
  const acc = { out: '' };
  appendContent(acc, node, depth, skip ?? null);
  return acc.out;
}

// A plain recursive walk (no per-node closures): names are computed for every named element of
// every observation, so this is hot.
function appendContent(acc: { out: string }, node: MNode, depth: number, skip: MNode | null): void {
  if (depth > 40) return;
  if (node.hasShadow || node.tag === 'slot') {
    forEachRendered(node, (c) => appendChild(acc, c, depth, skip));
    return;
  }
  for (let c = node.first; c; c = c.next) if (c.type !== DOCUMENT) appendChild(acc, c, depth, skip);
}

function appendChild(acc: { out: string }, c: MNode, depth: number, skip: MNode | null): void {
  if (c === skip) return;
  if (c.type === TEXT) {
    acc.out += c.text;
    return;
  }
  if (c.type !== ELEMENT || isHidden(c)) return;
  const label = c.attrs['aria-label'];
  if (label && depth >= 0) acc.out += ` ${label} `;
  else if (c.tag === 'img') acc.out += ` ${c.attrs.alt ?? ''} `;
  else if (c.tag === 'input' || c.tag === 'textarea') acc.out += ` ${c.value ?? ''} `;
  else if (c.tag === 'br') acc.out += ' ';
  else {
    acc.out += ' ';
    appendContent(acc, c, depth + 1, skip);
    acc.out += ' ';
  }
}

/** Children as rendered: a shadow host's shadow children; a slot's assigned light children. */
export function forEachRendered(node: MNode, visit: (child: MNode) => void): void {
  if (node.tag === 'slot' && visitAssigned(node, visit)) return;
  const hasShadow = node.hasShadow;
  for (let c = node.first; c; c = c.next) {
    if (c.type !== DOCUMENT && c.isShadow === hasShadow) visit(c);
  }
}

/** Visits the host's light children assigned to a slot; false when none (fallback content shows). */
function visitAssigned(slot: MNode, visit: (child: MNode) => void): boolean {
  let host: MNode | null = null;
  for (let n: MNode | null = slot; n?.parent; n = n.parent) {
    if (n.isShadow) {
      host = n.parent;
      break;
    }
  }
  if (!host) return false;
  const name = slot.attrs.name ?? '';
  let any = false;
  for (let c = host.first; c; c = c.next) {
    if (c.isShadow || c.type === DOCUMENT) continue;
    const slotName = c.type === ELEMENT ? (c.attrs.slot ?? '') : '';
    if (slotName === name) {
      visit(c);
      any = true;
    }
  }
  return any;
}

export function collapse(s: string): string {
  // Most text needs no collapsing: testing is cheaper than replacing.
  return /\s\s|[\t\n\r\f]/.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim();
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

const INTERACTIVE_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'switch',
  'tab',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'slider',
  'spinbutton',
  'treeitem',
  'gridcell',
]);

/** Elements an agent could act on: they get uids in observations. */
export function isInteractive(node: MNode, role: string | null): boolean {
  if (node.type !== ELEMENT) return false;
  const tag = node.tag;
  if (tag === 'button' || tag === 'select' || tag === 'textarea' || tag === 'summary' || tag === 'label')
    return true;
  if (tag === 'input') return node.attrs.type?.toLowerCase() !== 'hidden';
  if (tag === 'a' && node.attrs.href !== undefined) return true;
  if (isEditableHost(node)) return true;
  const tabindex = node.attrs.tabindex;
  if (tabindex !== undefined && tabindex !== '-1') return true;
  return role !== null && INTERACTIVE_ROLES.has(role);
}
