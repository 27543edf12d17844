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
import { elementRole, headerRole, NO_ROLE, structuralContext } from './person-structure';
import type { FieldContext } from './redact/index';

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

  /** A full snapshot: forgets the previous tree (node ids of a new snapshot are new). */
  snapshot(root: serializedNodeWithId): void {
    this.nodes.clear();
    this.singleLine.clear();
    this.columns.clear();
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
    if (field.label === undefined && field.id !== undefined) {
      const label = this.labelsFor.get(field.id);
      if (label !== undefined) return { ...field, label };
    }
    return field;
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
    if (node.type === 2) {
      tag = node.tagName.toLowerCase();
      role = elementRole(tag, node.attributes, role);
      if ((tag === 'td' || tag === 'th') && parent?.children) {
        col = 0;
        for (const c of parent.children) {
          const t = this.nodes.get(c)?.tag;
          if (t === 'td' || t === 'th') col++;
        }
        if (tag === 'td') role |= this.columns.get(this.tableOf(parentId))?.[col] ?? NO_ROLE;
      }
      editable = editableOf(node.attributes.contenteditable);
      if (editable === true) host = parentHost === NO_HOST ? node.id : parentHost;
      else if (editable === false) host = NO_HOST;
    } else if (node.type === 3 && host !== NO_HOST) {
      text = node.textContent;
    } else if (node.type === 0) {
      host = NO_HOST; // a frame's document starts outside any host
    }
    const hasChildren = node.type === 0 || node.type === 2;
    this.nodes.set(node.id, {
      parent: parentId,
      children: hasChildren ? [] : null,
      tag,
      isText: node.type === 3,
      editable,
      host,
      text,
      role,
      col,
    });
  }

  /** The table element a row belongs to (through thead/tbody/tfoot), or -1. */
  private tableOf(rowId: number): number {
    let id = rowId;
    for (let depth = 0; depth < 4; depth++) {
      const rec = this.nodes.get(id);
      if (!rec) return -1;
      if (rec.tag === 'table') return id;
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
    const role = this.nodes.get(id)?.role ?? NO_ROLE;
    return role === NO_ROLE ? undefined : structuralContext(role, text);
  }

  /** Records fields, labels and the tree below an inserted node. */
  private walk(node: serializedNodeWithId, labelAncestor: string | null): void {
    if (node.type === 2) {
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
      if (tag === 'th' && rec && rec.col >= 0) {
        // A header cell names its column's role for the rows below it.
        const table = this.tableOf(rec.parent);
        const roles = this.columns.get(table) ?? [];
        roles[rec.col] = headerRole(textOf(node));
        this.columns.set(table, roles);
      }
      const labelText = tag === 'label' ? textOf(node) : labelAncestor;
      if (tag === 'label' && typeof a.for === 'string') this.labelsFor.set(a.for, textOf(node));
      this.walkChildren(node, rec, labelText);
    } else if (node.type === 0) {
      this.walkChildren(node, this.nodes.get(node.id), labelAncestor);
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
  if (node.type === 3) return node.textContent;
  if (node.type !== 2) return '';
  let out = '';
  for (const child of node.childNodes) {
    out += textOf(child);
    if (out.length > 200) break;
  }
  return out.trim();
}
