/**
 * Per-stream index of form fields, labels and editing hosts, built from the serialized DOM as it
 * streams by, so an input value can be redacted with its field context (type, name, autocomplete,
 * label) even when the value alone says nothing, and text typed into a `contenteditable` host can
 * be grouped per host.
 *
 * Editing hosts need the tree: editors insert typed text as new text nodes (child-list mutations
 * that name only their parent), often deep inside the host (`<p><span>`), inside shadow roots
 * (rrweb serializes shadow children as children of the shadow host, `isShadow`) and inside
 * same-origin frames (rrweb attaches the frame's document as a child of the `<iframe>` element).
 * So every node keeps its parent and children; text is kept only for text nodes inside hosts
 * (the only raw text this index holds, in memory, until the node goes away).
 */

import type { serializedNodeWithId } from '@rrweb/types';
import { NodeType } from '../../shared/events';
import type { FieldContext } from '../redact/index';
import {
  ADDRESS,
  avatarInitials,
  avatarLabel,
  elementRole,
  headerRole,
  initialsMatch,
  isAvatar,
  isPickerLabel,
  NO_ROLE,
  PERSON,
  structuralContext,
} from './person-structure';

const FIELD_TAGS = new Set(['input', 'textarea', 'select']);
/** Elements whose text starts on a new line in a host's text (so words of two lines never join). */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

const NO_HOST = -1;
/** Table-like structure: `table`/`tr`/`th`/`td` or their ARIA roles (grids built of divs). */
const NOT_CELL = 0;
const HEAD_CELL = 1;
const DATA_CELL = 2;
const TABLE_ROLES = new Set(['table', 'grid', 'treegrid']);
/** Attributes that name what an avatar or a person's element shows. */
const PERSON_ATTRIBUTES = new Set(['alt', 'title', 'aria-label']);
/** Texts that could be a name (capitalised, short): kept until the walk to learn them first. */
const CANDIDATE = /^\s*\p{Lu}/u;

interface TreeNode {
  parent: number;
  children: number[] | null;
  tag: string | null;
  isText: boolean;
  /** Own `contenteditable`: true, false (an island inside a host), or null (inherits). */
  editable: boolean | null;
  /** The editing host this node is inside (itself for a host), or NO_HOST. */
  host: number;
  /** Current text of a text node inside a host. */
  text: string | null;
  /** What page structure says this node's text is (person-structure.ts), inherited downwards. */
  role: number;
  /** Column of a table cell (th/td) in its row, else -1. */
  col: number;
  /** HEAD_CELL, DATA_CELL or NOT_CELL. */
  cell: number;
  /** A table (or ARIA table/grid), whose header cells give its columns roles. */
  isTable: boolean;
  /** Role the header text of this term (`dt`, `th`, label, "Customer:") gives the next sibling. */
  head: number;
  /** Initials of an avatar among this element's children or grandchildren, else null. */
  avatar: string | null;
  /** An avatar element itself (its alt/title/aria-label name a person). */
  isAvatar: boolean;
}

export class FieldIndex {
  private readonly fields = new Map<number, FieldContext>();
  /** label[for] -> text, resolved lazily since labels may precede or follow their inputs. */
  private readonly labelsFor = new Map<string, string>();
  private readonly nodes = new Map<number, TreeNode>();
  /** Hosts marked single-line (`aria-multiline="false"`): Enter commits them. */
  private readonly singleLine = new Set<number>();
  /** Per table element: the role of each column, from its header cells. */
  private readonly columns = new Map<number, number[]>();
  /** Element id -> role of its short header text, for `aria-labelledby` ("Customers" over a list). */
  private readonly labelRoles = new Map<string, number>();
  /** Element ids a person picker points at (`list`, `aria-controls`, `aria-owns`): its options. */
  private readonly pickerTargets = new Set<string>();
  /** Capitalised text nodes seen since the last `takeStructural()`. */
  private candidates: { id: number; text: string }[] = [];
  /** An avatar was indexed: text anywhere may stand next to one (until then, only roles count). */
  private sawAvatar = false;
  /** The own text of the `<label>` being walked ("Owner" of `<label>Owner <select>…</label>`). */
  private labelHead: string | null = null;

  /** A full snapshot: forgets the previous tree (node ids of a new snapshot are new). */
  snapshot(root: serializedNodeWithId): void {
    this.nodes.clear();
    this.singleLine.clear();
    this.columns.clear();
    this.labelRoles.clear();
    this.pickerTargets.clear();
    this.candidates = [];
    this.add(root);
  }

  /** Walks a serialized subtree (a root, or a node under `parentId`) and records what it holds. */
  add(node: serializedNodeWithId, parentId: number | null = null, labelAncestor: string | null = null): void {
    const parent = parentId === null ? undefined : this.nodes.get(parentId);
    this.insert(node, parentId ?? NO_HOST, parent?.host ?? NO_HOST);
    if (parentId !== null && parent?.children) parent.children.push(node.id);
    this.walk(node, labelAncestor);
  }

  /** A child-list addition: `node` inserted under `parentId` before `nextId` (null: last). */
  addChild(parentId: number, nextId: number | null, node: serializedNodeWithId): void {
    const parent = this.nodes.get(parentId);
    this.insert(node, parentId, parent?.host ?? NO_HOST);
    if (parent?.children) {
      const old = parent.children.indexOf(node.id);
      if (old >= 0) parent.children.splice(old, 1);
      const at = nextId === null ? -1 : parent.children.indexOf(nextId);
      if (at >= 0) parent.children.splice(at, 0, node.id);
      else parent.children.push(node.id);
    }
    this.walk(node, null);
  }

  /**
   * A mutation's additions, indexed as the trees they form, in document order, before any of
   * them is redacted. rrweb serializes each added node on its own (no children), in an order
   * of its own (later siblings and text often first): a "Customer" header's text may come
   * after the cells under it, a dd before its dt. Returns the ids indexed; an add that does not
   * fit (no numeric id, a parent loop) is left to `addChild` when the walk reaches it.
   */
  addAll(adds: readonly unknown[]): Set<number> {
    type Add = { parentId: number; nextId: number | null; node: serializedNodeWithId };
    const byId = new Map<number, Add>();
    for (const a of adds) {
      if (!isAdd(a) || byId.has(a.node.id)) continue;
      byId.set(a.node.id, a);
    }
    const done = new Set<number>();
    // One node, or nodes none of which is another's parent: nothing to reorder.
    if (byId.size < 2) return done;
    // Children of each added parent, ordered by their nextId chain (siblings already in the page
    // between them do not matter for structure).
    const kids = new Map<number, Add[]>();
    for (const a of byId.values()) {
      if (!byId.has(a.parentId)) continue;
      const list = kids.get(a.parentId);
      if (list) list.push(a);
      else kids.set(a.parentId, [a]);
    }
    if (kids.size === 0) return done;
    const tree = (a: Add, depth: number): serializedNodeWithId => {
      done.add(a.node.id);
      const list = kids.get(a.node.id);
      if (!list || depth > 500 || (a.node.type !== NodeType.Element && a.node.type !== NodeType.Document))
        return a.node;
      return { ...a.node, childNodes: ordered(list).map((c) => tree(c, depth + 1)) } as serializedNodeWithId;
    };
    const roots = ordered([...byId.values()].filter((a) => !byId.has(a.parentId)));
    for (const root of roots) this.addChild(root.parentId, root.nextId, tree(root, 0));
    return done;
  }

  remove(parentId: number, id: number): void {
    const parent = this.nodes.get(parentId);
    if (parent?.children) {
      const at = parent.children.indexOf(id);
      if (at >= 0) parent.children.splice(at, 1);
    }
    const stack = [id];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const rec = this.nodes.get(n);
      if (!rec) continue;
      this.nodes.delete(n);
      this.fields.delete(n);
      this.singleLine.delete(n);
      if (rec.children) stack.push(...rec.children);
    }
  }

  /** A character-data change. */
  setText(id: number, value: string | null): void {
    const rec = this.nodes.get(id);
    if (rec && rec.host !== NO_HOST) rec.text = value ?? '';
  }

  setAttribute(id: number, name: string, value: string | null): void {
    if (name === 'contenteditable') {
      this.setEditable(id, editableOf(value ?? undefined));
      return;
    }
    if (name === 'aria-multiline' && this.nodes.get(id)?.host === id) {
      if (value === 'false') this.singleLine.add(id);
      else this.singleLine.delete(id);
    }
    const field = this.fields.get(id);
    if (!field || value === null) return;
    if (name === 'type' || name === 'name' || name === 'autocomplete' || name === 'placeholder') {
      field[name] = value;
    }
  }

  /** The context of a field, or of the editing host a node belongs to. */
  context(id: number): FieldContext | undefined {
    const field = this.fields.get(id) ?? this.fields.get(this.hostOf(id) ?? NO_HOST);
    if (!field) return undefined;
    let out = field;
    if (field.label === undefined && field.id !== undefined) {
      const label = this.labelsFor.get(field.id);
      if (label !== undefined) out = { ...field, label };
    }
    // A text field labelled Assignee / Owner / To / CC picks a person: what it holds is a name
    // (redacted whole, and learned) unless its own autocomplete or type says otherwise.
    if (out.autocomplete === undefined && out.tag !== 'select' && isPicker(out)) {
      return { ...out, autocomplete: 'name' };
    }
    return out;
  }

  /** The editing host (`contenteditable`) a node is inside, or is; undefined outside any host. */
  hostOf(id: number): number | undefined {
    const host = this.nodes.get(id)?.host ?? NO_HOST;
    return host === NO_HOST ? undefined : host;
  }

  /** A text node inside an editing host (its changes are typing, grouped per host). */
  isEditableText(id: number): boolean {
    const rec = this.nodes.get(id);
    return rec !== undefined && rec.text !== null && rec.host !== NO_HOST;
  }

  isSingleLine(hostId: number): boolean {
    return this.singleLine.has(hostId);
  }

  /** The text of a host as the user sees it: its text nodes in order, blocks on their own lines. */
  hostText(hostId: number): string {
    const root = this.nodes.get(hostId);
    if (!root || root.host !== hostId) return '';
    let out = '';
    const newline = () => {
      if (out !== '' && !out.endsWith('\n')) out += '\n';
    };
    // Iterative walk (deep editor trees must not overflow the stack); a marker closes a block.
    const stack: (number | 'end-block')[] = [...(root.children ?? [])].reverse();
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (item === 'end-block') {
        newline();
        continue;
      }
      const rec = this.nodes.get(item);
      // An island (contenteditable=false) or a nested host of its own is not this host's text.
      if (!rec || rec.host !== hostId) continue;
      if (rec.text !== null) out += rec.text;
      else if (rec.tag === 'br') out += '\n';
      else if (rec.children) {
        const block = rec.tag !== null && BLOCK_TAGS.has(rec.tag);
        if (block) {
          newline();
          stack.push('end-block');
        }
        for (let i = rec.children.length - 1; i >= 0; i--) stack.push(rec.children[i]!);
      }
    }
    return out.replace(/\n+$/, '');
  }

  /** Records one serialized node (not its children) under a parent whose host is `parentHost`. */
  private insert(node: serializedNodeWithId, parentId: number, parentHost: number): void {
    let host = parentHost;
    let editable: boolean | null = null;
    let tag: string | null = null;
    let text: string | null = null;
    const parent = this.nodes.get(parentId);
    let role = parent?.role ?? NO_ROLE;
    let col = -1;
    let cell = NOT_CELL;
    let isTable = false;
    let avatar = false;
    if (node.type === NodeType.Element) {
      tag = node.tagName.toLowerCase();
      const a = node.attributes;
      role = elementRole(tag, a, role);
      const ariaRole = typeof a.role === 'string' ? a.role : '';
      isTable = tag === 'table' || TABLE_ROLES.has(ariaRole);
      cell = cellKind(tag, ariaRole);
      if (cell !== NOT_CELL && parent?.children) {
        col = 0;
        for (const c of parent.children) if ((this.nodes.get(c)?.cell ?? NOT_CELL) !== NOT_CELL) col++;
        if (cell === DATA_CELL) role |= this.columns.get(this.tableOf(parentId))?.[col] ?? NO_ROLE;
      }
      if (parent?.children && cell !== HEAD_CELL && tag !== 'dt' && tag !== 'label') {
        role |= this.previousHead(parent.children);
      }
      role |= this.labelledRole(a['aria-labelledby']);
      if (typeof a.id === 'string' && this.pickerTargets.has(a.id)) role |= PERSON;
      avatar = isAvatar(tag, a);
      if (avatar) this.sawAvatar = true;
      editable = editableOf(node.attributes.contenteditable);
      if (editable === true) host = parentHost === NO_HOST ? node.id : parentHost;
      else if (editable === false) host = NO_HOST;
    } else if (node.type === NodeType.Text && host !== NO_HOST) {
      text = node.textContent;
    } else if (node.type === NodeType.Text) {
      const t = node.textContent;
      const marked = (role & (PERSON | ADDRESS)) !== 0 || this.sawAvatar;
      if (marked && t.length < 120 && CANDIDATE.test(t)) this.candidates.push({ id: node.id, text: t });
    } else if (node.type === NodeType.Document) {
      host = NO_HOST; // a frame's document starts outside any host
    }
    const hasChildren = node.type === NodeType.Document || node.type === NodeType.Element;
    this.nodes.set(node.id, {
      parent: parentId,
      children: hasChildren ? [] : null,
      tag,
      isText: node.type === NodeType.Text,
      editable,
      host,
      text,
      role,
      col,
      cell,
      isTable,
      head: NO_ROLE,
      avatar: null,
      isAvatar: avatar,
    });
  }

  /** The role the nearest preceding element sibling's header text gives (`dt` -> `dd`). */
  private previousHead(siblings: number[]): number {
    for (let i = siblings.length - 1; i >= 0; i--) {
      const rec = this.nodes.get(siblings[i]!);
      if (rec && !rec.isText) return rec.head;
    }
    return NO_ROLE;
  }

  private labelledRole(ids: unknown): number {
    if (typeof ids !== 'string' || this.labelRoles.size === 0) return NO_ROLE;
    let role = NO_ROLE;
    for (const id of ids.split(/\s+/)) role |= this.labelRoles.get(id) ?? NO_ROLE;
    return role;
  }

  /** The table (or ARIA table/grid) a row belongs to (through thead/tbody/rowgroups), or -1. */
  private tableOf(rowId: number): number {
    let id = rowId;
    for (let depth = 0; depth < 5; depth++) {
      const rec = this.nodes.get(id);
      if (!rec) return -1;
      if (rec.isTable) return id;
      id = rec.parent;
    }
    return -1;
  }

  /**
   * The field context page structure gives a text node's `text` (a cell under a "Customer"
   * column, a mailto: link, `<address>`...), or undefined when structure says nothing or the
   * text cannot be a name or address (person-structure.ts).
   */
  textContext(id: number, text: string): FieldContext | undefined {
    const rec = this.nodes.get(id);
    if (!rec) return undefined;
    let role = rec.role;
    if ((role & PERSON) === 0 && this.avatarNear(rec, text)) role |= PERSON;
    return (role & (PERSON | ADDRESS)) === 0 ? undefined : structuralContext(role, text);
  }

  /** Whether an avatar showing `text`'s initials sits within two levels of the text's element. */
  private avatarNear(rec: TreeNode, text: string): boolean {
    let id = rec.parent;
    for (let depth = 0; depth < 3; depth++) {
      const up = this.nodes.get(id);
      if (!up) return false;
      if (up.avatar !== null && !up.isAvatar && initialsMatch(up.avatar, text)) return true;
      id = up.parent;
    }
    return false;
  }

  /**
   * The field context for an attribute page structure marks: an avatar's alt, title or
   * aria-label ("Avatar of Jane Doe"), the same on an element inside a person's structure, and
   * the `value` of an option in a person picker's list.
   */
  attributeContext(id: number, name: string, value: string): FieldContext | undefined {
    if (name !== 'value' && !PERSON_ATTRIBUTES.has(name)) return undefined; // most attributes: no lookup
    const rec = this.nodes.get(id);
    if (!rec) return undefined;
    if (name === 'value') {
      return rec.tag === 'option' && (rec.role & PERSON) !== 0 ? structuralContext(PERSON, value) : undefined;
    }
    if (!PERSON_ATTRIBUTES.has(name) || (!rec.isAvatar && (rec.role & PERSON) === 0)) return undefined;
    const ctx = structuralContext(PERSON, avatarLabel(value));
    return ctx && { ...ctx, label: 'name' };
  }

  /**
   * Names and addresses page structure marks in what was indexed since the last call, so the
   * walker can learn them before it reaches an earlier, structure-less mention in the same
   * snapshot ("#8 · Jane Doe" above the "Customer" term).
   */
  takeStructural(): [string, FieldContext][] {
    const out: [string, FieldContext][] = [];
    for (const { id, text } of this.candidates) {
      const ctx = this.textContext(id, text);
      if (ctx) out.push([text, ctx]);
    }
    this.candidates = [];
    return out;
  }

  /** Records fields, labels and the tree below an inserted node. */
  private walk(node: serializedNodeWithId, labelAncestor: string | null): void {
    if (node.type === NodeType.Element) {
      const tag = node.tagName.toLowerCase();
      const a = node.attributes;
      const rec = this.nodes.get(node.id);
      if (FIELD_TAGS.has(tag)) {
        this.fields.set(node.id, {
          tag,
          type: str(a.type),
          name: str(a.name),
          id: str(a.id),
          autocomplete: str(a.autocomplete),
          placeholder: str(a.placeholder),
          ariaLabel: str(a['aria-label']),
          label: labelAncestor ?? undefined,
        });
      } else if (rec?.host === node.id) {
        this.fields.set(node.id, { tag, ariaLabel: str(a['aria-label']), name: str(a.name), id: str(a.id) });
        if (a['aria-multiline'] === 'false') this.singleLine.add(node.id);
      }
      if (rec && rec.cell === HEAD_CELL && rec.col >= 0) {
        // A header cell names its column's role for the rows below it.
        const table = this.tableOf(rec.parent);
        const roles = this.columns.get(table) ?? [];
        rec.head = headerRole(textOf(node));
        roles[rec.col] = rec.head;
        this.columns.set(table, roles);
      }
      if (rec) this.structure(node, tag, rec, labelAncestor);
      const labelText = tag === 'label' ? textOf(node) : labelAncestor;
      if (tag === 'label' && typeof a.for === 'string') this.labelsFor.set(a.for, textOf(node));
      const outerHead = this.labelHead;
      if (tag === 'label') this.labelHead = directText(node);
      this.walkChildren(node, rec, labelText);
      this.labelHead = outerHead;
    } else if (node.type === NodeType.Document) {
      this.walkChildren(node, this.nodes.get(node.id), labelAncestor);
    }
  }

  /**
   * What an element's own structure says about the elements after and below it: a term's header
   * text for its value, an id's header text for `aria-labelledby`, an avatar's initials for the
   * name beside it, a person picker's options.
   */
  private structure(
    node: serializedNodeWithId,
    tag: string,
    rec: TreeNode,
    labelAncestor: string | null,
  ): void {
    if (node.type !== NodeType.Element) return;
    const a = node.attributes;
    const own = ownText(node);
    if (own !== null) {
      // A term names the value after it: dt/dd, a label, or any short text ending in a colon.
      if (tag === 'dt' || tag === 'label' || tag === 'th' || /:\s*$/.test(own)) rec.head ||= headerRole(own);
      if (typeof a.id === 'string' && a.id !== '') {
        const role = headerRole(own);
        if (role !== NO_ROLE) this.labelRoles.set(a.id, role);
      }
    }
    if (rec.isAvatar) {
      const initials = avatarInitials(textOf(node));
      const parent = this.nodes.get(rec.parent);
      if (initials !== null && parent) {
        parent.avatar = initials;
        const grand = this.nodes.get(parent.parent);
        if (grand && grand.avatar === null) grand.avatar = initials;
      }
    }
    const ariaRole = typeof a.role === 'string' ? a.role : '';
    if (FIELD_TAGS.has(tag) || ariaRole === 'combobox') {
      const label =
        (labelAncestor === null ? null : this.labelHead) ??
        (typeof a.id === 'string' ? this.labelsFor.get(a.id) : undefined) ??
        undefined;
      const picker = isPicker({ label, ariaLabel: str(a['aria-label']), placeholder: str(a.placeholder) });
      if (picker || (this.labelledRole(a['aria-labelledby']) & PERSON) !== 0) {
        // Its options (a <select>'s children, or the list it points at) are people.
        rec.role |= PERSON;
        for (const key of ['list', 'aria-controls', 'aria-owns']) {
          const ids = a[key];
          if (typeof ids === 'string')
            for (const id of ids.split(/\s+/)) if (id !== '') this.pickerTargets.add(id);
        }
      }
    }
  }

  private walkChildren(
    node: serializedNodeWithId & { childNodes: serializedNodeWithId[] },
    rec: TreeNode | undefined,
    labelAncestor: string | null,
  ): void {
    const host = rec?.host ?? NO_HOST;
    for (const child of node.childNodes) {
      this.insert(child, node.id, host);
      rec?.children?.push(child.id);
      this.walk(child, labelAncestor);
    }
  }

  /** `contenteditable` set or removed on an existing element: its subtree changes host. */
  private setEditable(id: number, editable: boolean | null): void {
    const rec = this.nodes.get(id);
    if (!rec || rec.editable === editable) return;
    rec.editable = editable;
    const parentHost = this.nodes.get(rec.parent)?.host ?? NO_HOST;
    const host =
      editable === true
        ? parentHost === NO_HOST
          ? id
          : parentHost
        : editable === false
          ? NO_HOST
          : parentHost;
    if (host === id && !this.fields.has(id)) this.fields.set(id, { tag: rec.tag ?? undefined });
    this.rehost(id, host);
  }

  private rehost(id: number, host: number): void {
    const stack: [number, number][] = [[id, host]];
    while (stack.length > 0) {
      const [n, h] = stack.pop()!;
      const rec = this.nodes.get(n);
      if (!rec) continue;
      rec.host = h;
      // Text already there when a host appears is page text, unknown here: it counts as empty.
      if (rec.isText) rec.text = h === NO_HOST ? null : (rec.text ?? '');
      for (const c of rec.children ?? []) {
        const child = this.nodes.get(c);
        if (!child) continue;
        const ch = child.editable === true ? (h === NO_HOST ? c : h) : child.editable === false ? NO_HOST : h;
        stack.push([c, ch]);
      }
    }
  }
}

interface AddLike {
  parentId: number;
  nextId: number | null;
  node: serializedNodeWithId;
}

/** An add as the schema will check it: enough shape to be indexed (the walk checks the rest). */
function isAdd(a: unknown): a is AddLike {
  if (typeof a !== 'object' || a === null) return false;
  const x = a as Record<string, unknown>;
  const n = x.node as Record<string, unknown> | null | undefined;
  if (typeof x.parentId !== 'number' || (x.nextId !== null && typeof x.nextId !== 'number')) return false;
  if (typeof n !== 'object' || n === null || typeof n.id !== 'number' || typeof n.type !== 'number')
    return false;
  if (n.type === NodeType.Element)
    return typeof n.tagName === 'string' && typeof n.attributes === 'object' && n.attributes !== null;
  if (n.type === NodeType.Text) return typeof n.textContent === 'string';
  return n.type !== NodeType.Document;
}

/** Siblings in page order: each one's nextId is the one after it (or outside the list: last). */
function ordered<T extends { nextId: number | null; node: { id: number } }>(list: T[]): T[] {
  if (list.length < 2) return list;
  const ids = new Set(list.map((a) => a.node.id));
  const before = new Map<number, T>(); // nextId -> the sibling right before it
  for (const a of list) if (a.nextId !== null && ids.has(a.nextId)) before.set(a.nextId, a);
  const out: T[] = [];
  for (const tail of list) {
    if (tail.nextId !== null && ids.has(tail.nextId)) continue;
    const run: T[] = [];
    const seen = new Set<number>();
    for (let a: T | undefined = tail; a && !seen.has(a.node.id); a = before.get(a.node.id)) {
      seen.add(a.node.id);
      run.push(a);
    }
    out.push(...run.reverse());
  }
  // Siblings in a nextId loop have no tail: kept in arrival order after the others.
  if (out.length < list.length) {
    const placed = new Set(out.map((a) => a.node.id));
    for (const a of list) if (!placed.has(a.node.id)) out.push(a);
  }
  return out;
}

function cellKind(tag: string, ariaRole: string): number {
  if (tag === 'th' || ariaRole === 'columnheader') return HEAD_CELL;
  if (tag === 'td' || ariaRole === 'gridcell' || ariaRole === 'cell' || ariaRole === 'rowheader')
    return DATA_CELL;
  return NOT_CELL;
}

/** A field whose label, aria-label or placeholder names people (Assignee, Owner, To, CC). */
function isPicker(f: FieldContext): boolean {
  for (const t of [f.label, f.ariaLabel, f.placeholder]) if (t !== undefined && isPickerLabel(t)) return true;
  return false;
}

/** The text of an element holding one text node and nothing else (a term, label or header). */
function ownText(node: serializedNodeWithId): string | null {
  if (node.type !== NodeType.Element) return null;
  const only = node.childNodes.length === 1 ? node.childNodes[0] : undefined;
  return only?.type === NodeType.Text && only.textContent.length <= 40 ? only.textContent : null;
}

/** The text of an element's own text children, not of its descendants. */
function directText(node: serializedNodeWithId): string {
  if (node.type !== NodeType.Element) return '';
  let out = '';
  for (const c of node.childNodes) if (c.type === NodeType.Text) out += c.textContent;
  return out.trim();
}

function editableOf(v: unknown): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (s === 'false') return false;
  // "", "true" and "plaintext-only" make an element editable.
  return s === '' || s === 'true' || s === 'plaintext-only' ? true : null;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function textOf(node: serializedNodeWithId): string {
  if (node.type === NodeType.Text) return node.textContent;
  if (node.type !== NodeType.Element) return '';
  let out = '';
  for (const child of node.childNodes) {
    out += textOf(child);
    if (out.length > 200) break;
  }
  return out.trim();
}
