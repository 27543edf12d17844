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
 */
import type { attributeMutation, mutationData, serializedNodeWithId } from '@rrweb/types';

export const DOCUMENT = 0;
export const DOCTYPE = 1;
export const ELEMENT = 2;
export const TEXT = 3;
export const CDATA = 4;
export const COMMENT = 5;

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

/** Attributes we never need: inlined CSS is large and says nothing about the page's content. */
const DROPPED_ATTRIBUTES = new Set(['_cssText', 'rr_dataURL']);

export class Mirror {
  readonly nodes = new Map<number, MNode>();
  root: MNode | null = null;
  /** Ids of elements that are contenteditable hosts. */
  readonly editableHosts = new Set<number>();

  reset(): void {
    this.nodes.clear();
    this.editableHosts.clear();
    this.root = null;
  }

  get(id: number): MNode | undefined {
    return this.nodes.get(id);
  }

  loadSnapshot(sn: serializedNodeWithId): void {
    this.reset();
    this.root = this.build(sn, null);
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
      if (node) node.text = t.value ?? '';
    }
    for (const a of m.attributes) this.applyAttributes(a);
  }

  applyInput(id: number, text: string, isChecked: boolean): void {
    const node = this.nodes.get(id);
    if (!node) return;
    const type = node.attrs.type?.toLowerCase();
    if (node.tag === 'input' && (type === 'checkbox' || type === 'radio')) node.checked = isChecked;
    else node.value = text;
  }

  private applyAttributes(a: attributeMutation): void {
    const node = this.nodes.get(a.id);
    if (!node) return;
    for (const [name, raw] of Object.entries(a.attributes)) {
      if (DROPPED_ATTRIBUTES.has(name)) continue;
      if (raw === null) {
        delete node.attrs[name];
      } else if (typeof raw === 'string') {
        node.attrs[name] = raw;
      } else if (name === 'style') {
        node.attrs.style = applyStyleDiff(node.attrs.style ?? '', raw);
      }
      if (name === 'value' && typeof raw === 'string' && isField(node)) node.value = raw;
      if (name === 'contenteditable') this.trackEditable(node);
    }
  }

  private insert(sn: serializedNodeWithId, parent: MNode, before: MNode | null): void {
    const existing = this.nodes.get(sn.id);
    if (existing) {
      // A moved node: keep its subtree, refresh what the new serialization says.
      this.unlink(existing);
      existing.isShadow = sn.isShadow === true;
      if (sn.type === ELEMENT) {
        existing.attrs = normalizeAttributes(sn.attributes);
        this.trackEditable(existing);
      }
      this.link(existing, parent, before);
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
    const node = this.build(sn, parent, before);
    if (!node) return;
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
    if (node.prev) node.prev.next = node.next;
    else parent.first = node.next;
    if (node.next) node.next.prev = node.prev;
    else parent.last = node.prev;
    node.parent = node.next = node.prev = null;
  }

  private remove(node: MNode): void {
    this.unlink(node);
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      // A node re-added elsewhere before this remove was applied belongs to its new place.
      if (this.nodes.get(n.id) === n) this.nodes.delete(n.id);
      this.editableHosts.delete(n.id);
      for (let c = n.first; c; c = c.next) stack.push(c);
    }
  }
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

/** rrweb sends style changes as a diff object: `{prop: value | [value, priority] | false}`. */
function applyStyleDiff(style: string, diff: Record<string, unknown>): string {
  const props = new Map<string, string>();
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i > 0) props.set(decl.slice(0, i).trim(), decl.slice(i + 1).trim());
  }
  for (const [prop, v] of Object.entries(diff)) {
    if (v === false) props.delete(prop);
    else if (typeof v === 'string') props.set(prop, v);
    else if (Array.isArray(v)) props.set(prop, `${String(v[0])}${v[1] ? ` !${String(v[1])}` : ''}`);
  }
  return [...props].map(([k, v]) => `${k}: ${v};`).join(' ');
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
