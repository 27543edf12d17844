/**
 * A light mirror of one recorded page, rebuilt from rrweb's serialized DOM without any DOM API (the
 * worker has none).
 *
 * Decisions:
 * - Own tree instead of rrdom: we only need structure, attributes, text and live form values, and
 *   rrdom builds a full virtual DOM per node (style sheets, event targets) that we would not use.
 * - Children are doubly linked (first/last/next/prev), so rrweb's "insert before nextId" and removes
 *   are O(1) whatever the sibling count; the id map is the only index. Each node is created and
 *   removed at most once per page load, so applying a recording is linear in its size.
 * - Shadow roots are not nodes in rrweb's format: a host's shadow children are its children flagged
 *   `isShadow`. A same-origin iframe's document is a Document child of the iframe element.
 * - A moved node (an add whose id already exists) keeps its subtree and is re-linked, which is what
 *   the recorder meant: rrweb serializes moved nodes with `skipChild`.
 * - Adds whose parent or next sibling is not there yet are retried after the others (as rrweb's
 *   replayer does); what still has no parent is dropped.
 * - The observation serializers cache their output per element (see observe.ts), so every change
 *   that can alter what they write goes through `touch`, which forgets the caches of the changed
 *   node and of its ancestors (whose output contains it). What is not local to a subtree is
 *   versioned instead: `indexEpoch` (ids, labels: the scope indexes) and `nameEpoch` (anything an
 *   accessible name may read outside the named element: labels, aria-labelledby targets).
 *   Attributes no serializer reads (class, data-*, style that does not change visibility) touch
 *   nothing.
 */
import type { attributeMutation, mutationData, serializedNodeWithId } from '@rrweb/types';
import { NodeType } from '../../shared/events';
import { applyStyleDiff } from '../events/style-diff';

// Node types of the mirror are rrweb-snapshot's, short names for the hot paths.
export const DOCUMENT = NodeType.Document;
export const DOCTYPE = NodeType.DocumentType;
export const ELEMENT = NodeType.Element;
export const TEXT = NodeType.Text;
export const CDATA = NodeType.CDATA;
export const COMMENT = NodeType.Comment;

export class MNode {
  parent: MNode | null = null;
  first: MNode | null = null;
  last: MNode | null = null;
  next: MNode | null = null;
  prev: MNode | null = null;
  /** Direct child of its parent's shadow root. */
  isShadow = false;
  /** Has (or had) shadow children: a shadow host. */
  hasShadow = false;
  isSVG = false;
  /** Live form value (input, textarea, select), from the snapshot and Input events. */
  value: string | null = null;
  checked: boolean | null = null;
  /** Serializers' cache of the collapsed text (valid while `cacheFor === text`). */
  cacheFor: string | null = null;
  cacheText = '';

  // ---- serializer caches of elements (observe.ts), valid until Mirror.touch ----
  /** Cleaned HTML of the subtree (not forced); null: it writes nothing at all. */
  html: string | null = null;
  htmlOk = false;
  /** The select value `html` was written with (options depend on it). */
  htmlSelect: string | null = null;
  /** uids written in `html`. */
  htmlUids: UidTree = NO_UIDS;
  /** The children's part of `html`, for elements with many children (view.ts). */
  htmlRuns: Runs | null = null;
  /** Accessibility lines of the subtree (not forced), each starting with a newline. */
  ax = '';
  axOk = false;
  axDepth = 0;
  axNamed = false;
  /** The mirror's nameEpoch `ax` depends on (-1: only on the subtree). */
  axEpoch = -1;
  axUids: UidTree = NO_UIDS;
  axRuns: Runs | null = null;
  /** `ax` is `axLine` (the element's own line, or '') followed by `axInner` (its children's). */
  axLine = '';
  axInner = '';
  /** `ax` has `[uid=` in page text, so a target's line cannot be told by its uid alone. */
  axOdd = false;
  /** Accessible name; null: not cached. */
  name: string | null = null;
  /** The mirror's nameEpoch `name` depends on (-1: only on the subtree). */
  nameEpoch = -1;
  /** semantics.roleOf and isHidden, cached (they read the element's own attributes). */
  roleOk = false;
  role: string | null = null;
  /** 0: not cached, 1: hidden, 2: not hidden. */
  hidden = 0;
  /** Changes whenever the children list changes (nth-of-type positions of the children). */
  kidsEpoch = 0;
  /** The parent's kidsEpoch the position below was computed at. */
  nthEpoch = -1;
  nthPosition = 0;
  nthTotal = 0;

  constructor(
    readonly id: number,
    readonly type: number,
    /** Lower-case tag name for elements, '' otherwise. */
    readonly tag: string,
    public attrs: Record<string, string>,
    /** Text of text, CDATA and comment nodes. */
    public text: string,
  ) {}

  attr(name: string): string | undefined {
    return this.attrs[name];
  }
}

/**
 * The outputs of an element's children ('' or null: nothing) and their concatenations from the
 * start (`pre[i]`: children before i) and to the end (`suf[i]`: children from i on, made when
 * first asked for, from `sufFrom` down), so that the children around a forced child cost two
 * shared strings instead of one part each (view.ts).
 */
export interface Runs {
  kids: (string | null)[];
  pre: string[];
  suf: string[];
  sufFrom: number;
}

/** uids written by a serialized subtree: strings and the (shared) arrays of its parts. */
export type UidTree = readonly (string | UidTree)[];
export const NO_UIDS: UidTree = Object.freeze([]) as UidTree;

/** Attributes we never need: inlined CSS is large and says nothing about the page's content. */
const DROPPED_ATTRIBUTES = new Set(['_cssText', 'rr_dataURL']);

/** Attributes selectors look elements up by (selectors.ts), besides tags. */
const INDEXED_ATTRIBUTES = new Set([
  'data-testid',
  'data-test-id',
  'data-test',
  'data-qa',
  'data-cy',
  'name',
  'id',
]);
/** Attributes whose presence is indexed (whatever their value). */
const PRESENCE_ATTRIBUTES = new Set(['role', 'contenteditable']);
const NO_NODES: ReadonlySet<MNode> = new Set();

/** The connected elements of a mirror by tag and by indexed attribute value (all scopes). */
export class ElementIndex {
  private readonly tags = new Map<string, Set<MNode>>();
  private readonly values = new Map<string, Set<MNode>>();
  private readonly present = new Map<string, Set<MNode>>();

  static indexes(attribute: string): boolean {
    return INDEXED_ATTRIBUTES.has(attribute) || PRESENCE_ATTRIBUTES.has(attribute);
  }

  /** Elements that have `attribute` (role or contenteditable), whatever its value. */
  withAttributeName(attribute: string): ReadonlySet<MNode> {
    return this.present.get(attribute) ?? NO_NODES;
  }

  withTag(tag: string): ReadonlySet<MNode> {
    return this.tags.get(tag) ?? NO_NODES;
  }

  /** Elements whose `attribute` (an indexed one) is `value`. */
  withAttribute(attribute: string, value: string): ReadonlySet<MNode> {
    return this.values.get(`${attribute}=${value}`) ?? NO_NODES;
  }

  clear(): void {
    this.tags.clear();
    this.values.clear();
    this.present.clear();
  }

  add(n: MNode): void {
    addTo(this.tags, n.tag, n);
    for (const name in n.attrs) this.addValue(n, name, n.attrs[name]!);
  }

  delete(n: MNode): void {
    this.tags.get(n.tag)?.delete(n);
    for (const name in n.attrs) this.deleteValue(n, name, n.attrs[name]!);
  }

  /** Indexes an attribute of `n` (nothing when it is not an indexed one). */
  addValue(n: MNode, name: string, value: string): void {
    if (INDEXED_ATTRIBUTES.has(name)) addTo(this.values, `${name}=${value}`, n);
    else if (PRESENCE_ATTRIBUTES.has(name)) addTo(this.present, name, n);
  }

  deleteValue(n: MNode, name: string, value: string): void {
    if (INDEXED_ATTRIBUTES.has(name)) {
      const key = `${name}=${value}`;
      const set = this.values.get(key);
      if (!set) return;
      set.delete(n);
      if (set.size === 0) this.values.delete(key);
    } else if (PRESENCE_ATTRIBUTES.has(name)) this.present.get(name)?.delete(n);
  }
}

function addTo(map: Map<string, Set<MNode>>, key: string, n: MNode): void {
  const set = map.get(key);
  if (set) set.add(n);
  else map.set(key, new Set([n]));
}

/** Source of kidsEpoch values (unique across mirrors). */
let structureClock = 0;

/** The inline styles that hide an element (semantics.isHidden). */
export const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

export class Mirror {
  readonly nodes = new Map<number, MNode>();
  root: MNode | null = null;
  /** Ids of elements that are contenteditable hosts. */
  readonly editableHosts = new Set<number>();
  /** Connected elements by tag and by the attributes selectors use. */
  readonly elements = new ElementIndex();
  /** Changes when ids or labels may have changed (scope indexes are rebuilt). */
  indexEpoch = 0;
  /** Changes when a name may have changed through something outside the named element. */
  nameEpoch = 0;
  /** Set while building: a created element has an id or is a label. */
  private labelled = false;

  reset(): void {
    this.nodes.clear();
    this.editableHosts.clear();
    this.elements.clear();
    this.root = null;
    this.bumpIndex();
  }

  get(id: number): MNode | undefined {
    return this.nodes.get(id);
  }

  loadSnapshot(sn: serializedNodeWithId): void {
    this.reset();
    this.root = this.build(sn, null);
  }

  /**
   * Forgets the serializer caches of `node` and its ancestors. Crossing from a light child into a
   * shadow host also forgets the host's slots (they show its light children).
   */
  touch(node: MNode): void {
    let names = false;
    if (node.hasShadow) this.touchSlots(node);
    for (let n: MNode | null = node, prev: MNode | null = null; n; prev = n, n = n.parent) {
      forget(n);
      if (n.type === ELEMENT && (n.tag === 'label' || n.attrs.id !== undefined)) names = true;
      if (prev && n.hasShadow && !prev.isShadow) this.touchSlots(n);
    }
    if (names) this.nameEpoch++;
  }

  private touchSlots(host: MNode): void {
    const stack: MNode[] = [];
    for (let c = host.first; c; c = c.next) if (c.isShadow) stack.push(c);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.tag === 'slot') {
        for (let p: MNode | null = n; p && p !== host; p = p.parent) forget(p);
      }
      for (let c = n.first; c; c = c.next) stack.push(c);
    }
  }

  private bumpIndex(): void {
    this.indexEpoch++;
    this.nameEpoch++;
  }

  applyMutation(m: mutationData): void {
    for (const r of m.removes) {
      const node = this.nodes.get(r.id);
      if (node) this.remove(node);
    }
    let pending = m.adds;
    for (let round = 0; pending.length > 0 && round < 8; round++) {
      const retry: typeof pending = [];
      for (const add of pending) {
        const parent = this.nodes.get(add.parentId);
        const next = add.nextId !== null && add.nextId !== undefined ? this.nodes.get(add.nextId) : undefined;
        const nextMissing = add.nextId !== null && add.nextId !== undefined && add.nextId > 0 && !next;
        if (!parent || (nextMissing && round < 7)) {
          retry.push(add);
          continue;
        }
        this.insert(add.node, parent, next?.parent === parent ? next : null);
      }
      if (retry.length === pending.length) break; // no progress: the rest has no parent
      pending = retry;
    }
    for (const t of m.texts) {
      const node = this.nodes.get(t.id);
      if (node) {
        node.text = t.value ?? '';
        this.touch(node);
      }
    }
    for (const a of m.attributes) this.applyAttributes(a);
  }

  applyInput(id: number, text: string, isChecked: boolean): void {
    const node = this.nodes.get(id);
    if (!node) return;
    const type = node.attrs.type?.toLowerCase();
    if (node.tag === 'input' && (type === 'checkbox' || type === 'radio')) node.checked = isChecked;
    else node.value = text;
    this.touch(node);
  }

  private applyAttributes(a: attributeMutation): void {
    const node = this.nodes.get(a.id);
    if (!node) return;
    let changed = false;
    for (const [name, raw] of Object.entries(a.attributes)) {
      if (DROPPED_ATTRIBUTES.has(name)) continue;
      const before = node.attrs[name];
      if (before !== undefined && ElementIndex.indexes(name)) this.elements.deleteValue(node, name, before);
      if (raw === null) {
        delete node.attrs[name];
      } else if (typeof raw === 'string') {
        node.attrs[name] = raw;
      } else if (name === 'style') {
        node.attrs.style = applyStyleDiff(node.attrs.style ?? '', raw);
      }
      if (name === 'value' && typeof raw === 'string' && isField(node)) node.value = raw;
      if (name === 'contenteditable') this.trackEditable(node);
      const after = node.attrs[name];
      if (after !== undefined && ElementIndex.indexes(name)) this.elements.addValue(node, name, after);
      if (name === 'id' || name === 'for') this.bumpIndex();
      if (!changed) changed = readBySerializers(name, before, after);
    }
    if (changed) this.touch(node);
  }

  private insert(sn: serializedNodeWithId, parent: MNode, before: MNode | null): void {
    const existing = this.nodes.get(sn.id);
    if (existing) {
      // A moved node: keep its subtree, refresh what the new serialization says.
      const from = existing.parent;
      this.unlink(existing);
      if (from) this.touch(from);
      existing.isShadow = sn.isShadow === true;
      if (sn.type === ELEMENT) {
        this.elements.delete(existing);
        existing.attrs = normalizeAttributes(sn.attributes);
        this.elements.add(existing);
        this.trackEditable(existing);
      }
      // Its output depended on where it was (landmark ancestors, depth, slots): forget it all.
      if (this.forgetSubtree(existing)) this.bumpIndex();
      this.link(existing, parent, before);
      this.touch(parent);
      return;
    }
    if (sn.type === DOCUMENT) {
      // A same-origin iframe (re)loaded: its previous document goes away.
      for (let c = parent.first; c; ) {
        const next = c.next;
        if (c.type === DOCUMENT) this.remove(c);
        c = next;
      }
    }
    this.labelled = false;
    this.build(sn, parent, before);
    if (this.labelled) this.bumpIndex();
    this.touch(parent);
  }

  /** Forgets the caches of a whole subtree; true when it holds ids or labels. */
  private forgetSubtree(node: MNode): boolean {
    let labelled = false;
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      forget(n);
      if (hasIdOrLabel(n)) labelled = true;
      for (let c = n.first; c; c = c.next) stack.push(c);
    }
    return labelled;
  }

  /** Builds a serialized subtree iteratively (full snapshots can be very deep). */
  private build(sn: serializedNodeWithId, parent: MNode | null, before: MNode | null = null): MNode | null {
    const stack: { sn: serializedNodeWithId; parent: MNode | null; before: MNode | null }[] = [
      { sn, parent, before },
    ];
    let top: MNode | null = null;
    while (stack.length > 0) {
      const item = stack.pop()!;
      const node = this.create(item.sn);
      if (top === null) top = node;
      if (item.parent) this.link(node, item.parent, item.before);
      const children = item.sn.type === DOCUMENT || item.sn.type === ELEMENT ? item.sn.childNodes : [];
      // Pushed in reverse so they are linked in order (each appended at the end).
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push({ sn: child, parent: node, before: null });
      }
    }
    return top;
  }

  private create(sn: serializedNodeWithId): MNode {
    let node: MNode;
    switch (sn.type) {
      case ELEMENT: {
        node = new MNode(sn.id, ELEMENT, sn.tagName.toLowerCase(), normalizeAttributes(sn.attributes), '');
        node.isSVG = sn.isSVG === true;
        if (isField(node)) {
          const v = sn.attributes.value;
          node.value = typeof v === 'string' ? v : null;
          if (sn.attributes.checked !== undefined && sn.attributes.checked !== null) node.checked = true;
        }
        this.trackEditable(node);
        this.elements.add(node);
        if (hasIdOrLabel(node)) this.labelled = true;
        break;
      }
      case TEXT:
        node = new MNode(sn.id, TEXT, '', EMPTY, sn.textContent);
        break;
      case COMMENT:
      case CDATA:
        node = new MNode(sn.id, sn.type, '', EMPTY, sn.textContent);
        break;
      default:
        node = new MNode(sn.id, sn.type, '', EMPTY, '');
    }
    node.isShadow = sn.isShadow === true;
    this.nodes.set(sn.id, node);
    return node;
  }

  private trackEditable(node: MNode): void {
    const ce = node.attrs.contenteditable;
    if (ce !== undefined && ce !== 'false') this.editableHosts.add(node.id);
    else this.editableHosts.delete(node.id);
  }

  private link(node: MNode, parent: MNode, before: MNode | null): void {
    parent.kidsEpoch = ++structureClock;
    node.parent = parent;
    if (node.isShadow) parent.hasShadow = true;
    if (before) {
      node.next = before;
      node.prev = before.prev;
      if (before.prev) before.prev.next = node;
      else parent.first = node;
      before.prev = node;
    } else {
      node.prev = parent.last;
      node.next = null;
      if (parent.last) parent.last.next = node;
      else parent.first = node;
      parent.last = node;
    }
  }

  private unlink(node: MNode): void {
    const parent = node.parent;
    if (!parent) return;
    parent.kidsEpoch = ++structureClock;
    if (node.prev) node.prev.next = node.next;
    else parent.first = node.next;
    if (node.next) node.next.prev = node.prev;
    else parent.last = node.prev;
    node.parent = node.next = node.prev = null;
  }

  private remove(node: MNode): void {
    const parent = node.parent;
    this.unlink(node);
    if (parent) this.touch(parent);
    let labelled = false;
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      // A node re-added elsewhere before this remove was applied belongs to its new place.
      if (this.nodes.get(n.id) === n) this.nodes.delete(n.id);
      this.editableHosts.delete(n.id);
      if (n.type === ELEMENT) this.elements.delete(n);
      if (hasIdOrLabel(n)) labelled = true;
      for (let c = n.first; c; c = c.next) stack.push(c);
    }
    if (labelled) this.bumpIndex();
  }
}

/** Forgets what the serializers cached on a node. */
function forget(n: MNode): void {
  n.htmlOk = false;
  n.axOk = false;
  n.name = null;
  n.roleOk = false;
  n.hidden = 0;
}

function hasIdOrLabel(n: MNode): boolean {
  return n.type === ELEMENT && (n.tag === 'label' || n.attrs.id !== undefined);
}

/**
 * Whether changing an attribute can change an observation: everything but classes, data-*
 * attributes and inline styles that leave visibility as it was (animations restyle constantly).
 */
function readBySerializers(name: string, before: string | undefined, after: string | undefined): boolean {
  if (before === after) return false;
  if (name === 'class' || name.startsWith('data-')) return false;
  if (name === 'style') return HIDING_STYLE.test(before ?? '') !== HIDING_STYLE.test(after ?? '');
  return true;
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function isField(node: MNode): boolean {
  return node.tag === 'input' || node.tag === 'textarea' || node.tag === 'select';
}

function normalizeAttributes(attrs: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(attrs)) {
    if (DROPPED_ATTRIBUTES.has(name) || v === null || v === undefined || v === false) continue;
    out[name] = v === true ? '' : typeof v === 'object' ? '' : String(v);
  }
  return out;
}

// ---- tree helpers shared by the serializers ----

/** The nearest Document ancestor (the node itself if it is one). */
export function documentOf(node: MNode): MNode | null {
  let n: MNode | null = node;
  while (n && n.type !== DOCUMENT) n = n.parent;
  return n;
}

/** The shadow host whose shadow tree holds `node`, or null in a document's light tree. */
export function shadowHostOf(node: MNode): MNode | null {
  let n: MNode | null = node;
  while (n?.parent) {
    if (n.type === DOCUMENT) return null;
    if (n.isShadow) return n.parent;
    n = n.parent;
  }
  return null;
}

/** Nearest contenteditable host of a node (itself included), if any. */
export function editableHostOf(mirror: Mirror, node: MNode | undefined): MNode | null {
  if (mirror.editableHosts.size === 0) return null;
  for (let n: MNode | null = node ?? null; n && n.type !== DOCUMENT; n = n.parent) {
    if (mirror.editableHosts.has(n.id)) return n;
  }
  return null;
}

const BLOCK_TAGS = new Set([
  'div',
  'p',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'tr',
]);

/** Text of an editable region, with line breaks where blocks and <br> are (close to innerText). */
export function editableText(node: MNode): string {
  let out = '';
  const walk = (n: MNode) => {
    for (let c = n.first; c; c = c.next) {
      if (c.type === TEXT) out += c.text;
      else if (c.type === ELEMENT) {
        if (c.tag === 'br') out += '\n';
        else {
          const block = BLOCK_TAGS.has(c.tag);
          if (block && out.length > 0 && !out.endsWith('\n')) out += '\n';
          walk(c);
        }
      }
    }
  };
  walk(node);
  return out.replace(/\n+$/, '');
}
