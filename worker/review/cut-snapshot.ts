/**
 * Rebuilds rrweb's own snapshot of a page at any point of a stream, so that events can be cut out
 * of the middle of a recording and the replay after the cut still starts from the right page.
 *
 * Decisions:
 * - This mirror keeps rrweb's serialized nodes as they are (attributes included: inlined CSS,
 *   scroll positions), unlike the trajectory mirror, which drops what observations do not need.
 *   What it emits is therefore exactly what rrweb's rebuild expects.
 * - The state at a cut includes the deleted events' effects: the replay after the cut shows the page
 *   as it really was. Deleting a step removes the action, not what it left on the page; to take
 *   content out, redact it.
 * - Stylesheet changes that live only in the CSSOM (insertRule, adopted sheets, fonts) are not in
 *   any node, so every such event since the page's snapshot is emitted again after the new one.
 * - Same-origin iframe documents are attached by a mutation after the snapshot, as rrweb itself
 *   does (its rebuild cannot build a document nested in the snapshot).
 */

import type { eventWithTime, mutationData, serializedNodeWithId } from '@rrweb/types';
import { EventType, NodeType } from '../../shared/events';
import { applyStyleDiff } from '../events/style-diff';

type SNode = serializedNodeWithId;
type Parent = Extract<SNode, { childNodes: SNode[] }>;

const DOCUMENT = 0;
const ELEMENT = 2;
const MUTATION = 0;
const SCROLL = 3;
const VIEWPORT = 4;
const INPUT = 5;
/** Incremental sources whose effect is outside the node tree and must be replayed after a rebuild. */
const REPLAYED_SOURCES = new Set([8, 10, 13, 15, 16]);

function hasChildren(n: SNode): n is Parent {
  return n.type === DOCUMENT || n.type === ELEMENT;
}

export class SnapshotMirror {
  private root: Parent | null = null;
  private readonly nodes = new Map<number, SNode>();
  private readonly parents = new Map<number, number>();
  private meta = { href: '', width: 1280, height: 800 };
  private offset = { top: 0, left: 0 };
  private replayed: eventWithTime[] = [];

  get hasPage(): boolean {
    return this.root !== null;
  }

  apply(e: eventWithTime): void {
    switch (e.type) {
      case 4:
        this.meta = { href: e.data.href, width: e.data.width, height: e.data.height };
        return;
      case 2:
        this.nodes.clear();
        this.parents.clear();
        this.replayed = [];
        this.root = null;
        this.offset = { ...e.data.initialOffset };
        {
          const root = structuredClone(e.data.node);
          if (hasChildren(root)) {
            this.root = root;
            this.index(root, null);
          }
        }
        return;
      case 3: {
        const d = e.data;
        if (d.source === MUTATION) this.mutate(d as mutationData);
        else if (d.source === INPUT) this.input(d.id, d.text, d.isChecked);
        else if (d.source === SCROLL) this.scroll(d.id, d.x, d.y);
        else if (d.source === VIEWPORT) this.meta = { ...this.meta, width: d.width, height: d.height };
        else if (REPLAYED_SOURCES.has(d.source)) this.replayed.push(structuredClone(e));
        return;
      }
      default:
        return;
    }
  }

  /** Meta, FullSnapshot, iframe attachments and CSSOM changes that recreate the page at `timestamp`. */
  snapshotEvents(timestamp: number): eventWithTime[] {
    if (!this.root) return [];
    const root = structuredClone(this.root);
    const frames: { parentId: number; doc: SNode }[] = [];
    detachFrames(root, frames);
    const out: eventWithTime[] = [
      { type: EventType.Meta, timestamp, data: { ...this.meta } },
      { type: EventType.FullSnapshot, timestamp, data: { node: root, initialOffset: { ...this.offset } } },
    ];
    // Outer documents first: a nested frame's iframe element lives in the document attached before it.
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      detachFrames(f.doc, frames);
      out.push({
        type: EventType.IncrementalSnapshot,
        timestamp,
        data: {
          source: MUTATION,
          adds: [{ parentId: f.parentId, nextId: null, node: f.doc }],
          removes: [],
          texts: [],
          attributes: [],
          isAttachIframe: true,
        },
      } as eventWithTime);
    }
    for (const e of this.replayed) out.push({ ...structuredClone(e), timestamp });
    return out;
  }

  /** The current page as rrweb's serialized tree (for tests). */
  tree(): SNode | null {
    return this.root ? structuredClone(this.root) : null;
  }

  private index(n: SNode, parentId: number | null): void {
    const stack: [SNode, number | null][] = [[n, parentId]];
    while (stack.length > 0) {
      const [node, parent] = stack.pop()!;
      this.nodes.set(node.id, node);
      if (parent === null) this.parents.delete(node.id);
      else this.parents.set(node.id, parent);
      if (hasChildren(node)) for (const c of node.childNodes) stack.push([c, node.id]);
    }
  }

  private forget(n: SNode): void {
    const stack = [n];
    while (stack.length > 0) {
      const node = stack.pop()!;
      // A node re-added elsewhere before this remove belongs to its new place.
      if (this.nodes.get(node.id) !== node) continue;
      this.nodes.delete(node.id);
      this.parents.delete(node.id);
      if (hasChildren(node)) stack.push(...node.childNodes);
    }
  }

  private detach(n: SNode): void {
    const parentId = this.parents.get(n.id);
    const parent = parentId === undefined ? undefined : this.nodes.get(parentId);
    if (parent && hasChildren(parent)) {
      const i = parent.childNodes.indexOf(n);
      if (i >= 0) parent.childNodes.splice(i, 1);
    }
    this.parents.delete(n.id);
  }

  private mutate(m: mutationData): void {
    for (const r of m.removes) {
      const n = this.nodes.get(r.id);
      if (!n) continue;
      this.detach(n);
      this.forget(n);
    }
    let pending = m.adds;
    // Adds may name parents or siblings added later in the same list (rrweb's replayer retries too).
    for (let round = 0; pending.length > 0 && round < 8; round++) {
      const retry: typeof pending = [];
      for (const add of pending) {
        const parent = this.nodes.get(add.parentId);
        const nextMissing = add.nextId !== null && add.nextId !== undefined && !this.nodes.has(add.nextId);
        if (!parent || !hasChildren(parent) || (nextMissing && round < 7)) {
          retry.push(add);
          continue;
        }
        this.insert(parent, add.node, add.nextId ?? null);
      }
      if (retry.length === pending.length) break;
      pending = retry;
    }
    for (const t of m.texts) {
      const n = this.nodes.get(t.id);
      if (n && (n.type === NodeType.Text || n.type === NodeType.CDATA || n.type === NodeType.Comment))
        n.textContent = t.value ?? '';
    }
    for (const a of m.attributes) {
      const n = this.nodes.get(a.id);
      if (!n || n.type !== ELEMENT) continue;
      for (const [name, value] of Object.entries(a.attributes)) {
        if (value === null) delete n.attributes[name];
        else if (typeof value === 'string') n.attributes[name] = value;
        else if (name === 'style')
          n.attributes.style = applyStyleDiff(String(n.attributes.style ?? ''), value);
      }
    }
  }

  private insert(parent: Parent, added: SNode, nextId: number | null): void {
    const existing = this.nodes.get(added.id);
    let node: SNode;
    if (existing) {
      // A moved node keeps its subtree (rrweb serializes moves without children).
      this.detach(existing);
      if (existing.type === ELEMENT && added.type === ELEMENT) existing.attributes = { ...added.attributes };
      existing.isShadow = added.isShadow;
      node = existing;
    } else {
      node = structuredClone(added);
      if (node.type === DOCUMENT) {
        // A same-origin iframe (re)loaded: its previous document goes.
        for (const c of parent.childNodes.filter((c) => c.type === DOCUMENT)) {
          this.detach(c);
          this.forget(c);
        }
      }
    }
    const next = nextId === null ? undefined : this.nodes.get(nextId);
    const at = next ? parent.childNodes.indexOf(next) : -1;
    if (at >= 0) parent.childNodes.splice(at, 0, node);
    else parent.childNodes.push(node);
    this.index(node, parent.id);
  }

  private input(id: number, text: string, isChecked: boolean): void {
    const n = this.nodes.get(id);
    if (!n || n.type !== ELEMENT) return;
    const type = String(n.attributes.type ?? '').toLowerCase();
    if (n.tagName === 'input' && (type === 'checkbox' || type === 'radio')) {
      if (isChecked) n.attributes.checked = true;
      else delete n.attributes.checked;
    } else {
      n.attributes.value = text;
    }
  }

  private scroll(id: number, x: number, y: number): void {
    const n = this.nodes.get(id);
    if (!n) return;
    if (n === this.root) this.offset = { left: x, top: y };
    else if (n.type === ELEMENT) {
      n.attributes.rr_scrollLeft = x;
      n.attributes.rr_scrollTop = y;
    }
  }
}

/** Moves iframe documents out of a tree, to be attached by mutation after it. */
function detachFrames(root: SNode, out: { parentId: number; doc: SNode }[]): void {
  const stack: SNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!hasChildren(n)) continue;
    if (n.type === ELEMENT && n !== root) {
      const docs = n.childNodes.filter((c) => c.type === DOCUMENT);
      if (docs.length > 0) {
        n.childNodes = n.childNodes.filter((c) => c.type !== DOCUMENT);
        for (const doc of docs) out.push({ parentId: n.id, doc });
      }
    }
    stack.push(...n.childNodes);
  }
}

/** Events whose loss changes what the page looks like after them. */
export function changesPage(e: eventWithTime): boolean {
  if (e.type === EventType.FullSnapshot || e.type === EventType.Meta) return true;
  if (e.type !== EventType.IncrementalSnapshot) return false;
  const s = e.data.source;
  return s === MUTATION || s === INPUT || s === SCROLL || s === VIEWPORT || REPLAYED_SOURCES.has(s);
}
