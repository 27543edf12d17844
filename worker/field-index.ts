/**
 * Per-stream index of form fields and labels, built from the serialized DOM as it streams by, so
 * an input value can be redacted with its field context (type, name, autocomplete, label) even
 * when the value alone says nothing.
 */
import type { serializedNodeWithId } from '@rrweb/types';
import type { FieldContext } from './redact/index';

const FIELD_TAGS = new Set(['input', 'textarea', 'select']);

export class FieldIndex {
  private readonly fields = new Map<number, FieldContext>();
  /** label[for] -> text, resolved lazily since labels may precede or follow their inputs. */
  private readonly labelsFor = new Map<string, string>();
  /** Text node id -> the id of its nearest element ancestor that is a field or contenteditable. */
  private readonly editableText = new Map<number, number>();

  /** Walks a serialized subtree and records fields, labels and editable text nodes. */
  add(
    node: serializedNodeWithId,
    editableAncestor: number | null = null,
    labelAncestor: string | null = null,
  ): void {
    if (node.type === 2) {
      const tag = node.tagName.toLowerCase();
      const a = node.attributes;
      let editable = editableAncestor;
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
      } else if (a.contenteditable !== undefined && a.contenteditable !== 'false') {
        this.fields.set(node.id, { tag, ariaLabel: str(a['aria-label']), name: str(a.name), id: str(a.id) });
        editable = node.id;
      }
      const labelText = tag === 'label' ? textOf(node) : labelAncestor;
      if (tag === 'label' && typeof a.for === 'string') this.labelsFor.set(a.for, textOf(node));
      for (const child of node.childNodes) this.add(child, editable, labelText);
    } else if (node.type === 0) {
      for (const child of node.childNodes) this.add(child, editableAncestor, labelAncestor);
    } else if (node.type === 3 && editableAncestor !== null) {
      this.editableText.set(node.id, editableAncestor);
    }
  }

  setAttribute(id: number, name: string, value: string | null): void {
    const field = this.fields.get(id);
    if (!field || value === null) return;
    if (name === 'type' || name === 'name' || name === 'autocomplete' || name === 'placeholder') {
      field[name] = value;
    }
  }

  /** The context of a field, or of the editable element a text node belongs to. */
  context(id: number): FieldContext | undefined {
    const field = this.fields.get(id) ?? this.fields.get(this.editableText.get(id) ?? -1);
    if (!field) return undefined;
    if (field.label === undefined && field.id !== undefined) {
      const label = this.labelsFor.get(field.id);
      if (label !== undefined) return { ...field, label };
    }
    return field;
  }

  isEditableText(id: number): boolean {
    return this.editableText.has(id);
  }
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
