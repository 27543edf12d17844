/**
 * Questions the reductions ask about elements of the mirror: what kind of field it is, which
 * control a label is for, whether one element contains another, which dialog it is in. Pure
 * functions of the mirror, no segmenter state.
 */
import type { Modifiers } from '../../../shared/events';
import type { Modifier } from '../../../shared/trajectory';
import { DOCUMENT, ELEMENT, editableHostOf, type MNode } from '../mirror';
import type { Page } from '../pages';

const TEXT_INPUT_TYPES = new Set([
  '',
  'text',
  'email',
  'tel',
  'url',
  'search',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'week',
  'time',
]);

export function fieldKind(node: MNode): 'text' | 'check' | 'select' | 'other' {
  if (node.tag === 'select') return 'select';
  if (node.tag === 'textarea') return 'text';
  if (node.tag !== 'input') return 'other';
  const type = (node.attrs.type ?? '').toLowerCase();
  if (type === 'checkbox' || type === 'radio') return 'check';
  return TEXT_INPUT_TYPES.has(type) ? 'text' : 'other';
}

/** The element whose value a key or paste on `node` edits: a text field or a contenteditable host. */
export function editTarget(page: Page, node: MNode): MNode | null {
  if (fieldKind(node) === 'text') return node;
  return editableHostOf(page.mirror, node);
}

/** Elements an action on `node` may turn out to be on (a label's control, an editable host). */
export function related(page: Page, node: MNode): MNode[] {
  const out: MNode[] = [];
  const control = labelControl(page, node);
  if (control) out.push(control);
  const host = editableHostOf(page.mirror, node);
  if (host && host !== node) out.push(host);
  return out;
}

/** The control a label (or an element inside one) is for. */
export function labelControl(page: Page, node: MNode): MNode | null {
  let label: MNode | null = null;
  for (let n: MNode | null = node; n && n.type === ELEMENT; n = n.parent) {
    if (n.tag === 'label') {
      label = n;
      break;
    }
  }
  if (!label) return null;
  const forId = label.attrs.for;
  if (forId) {
    for (const n of page.mirror.nodes.values()) if (n.attrs.id === forId && n.type === ELEMENT) return n;
    return null;
  }
  const stack: MNode[] = [label];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n !== label && (n.tag === 'input' || n.tag === 'select' || n.tag === 'textarea')) return n;
    for (let c = n.first; c; c = c.next) stack.push(c);
  }
  return null;
}

/** `a` is `b` or an ancestor of it (across shadow roots, within one document). */
export function contains(a: MNode, b: MNode | null): boolean {
  for (let n: MNode | null = b; n; n = n.parent) if (n === a) return true;
  return false;
}

/** Inside a same-origin iframe's document (where capture does not listen). */
export function inSubDocument(node: MNode): boolean {
  for (let n: MNode | null = node; n; n = n.parent) if (n.type === DOCUMENT) return n.parent !== null;
  return false;
}

/** The id is the page itself scrolling (document, html or body, or a node already gone). */
export function isDocumentId(page: Page, id: number): boolean {
  const n = page.mirror.get(id);
  return !n || n.type === DOCUMENT || n.tag === 'html' || n.tag === 'body';
}

export function optionLabel(select: MNode, value: string): string | null {
  const stack: MNode[] = [select];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.tag === 'option') {
      const text = (n.first?.text ?? '').trim();
      if ((n.attrs.value ?? text) === value) return text || null;
    }
    for (let c = n.first; c; c = c.next) stack.push(c);
  }
  return null;
}

export function modifierList(m: Modifiers): Modifier[] {
  const out: Modifier[] = [];
  if (m.alt) out.push('Alt');
  if (m.ctrl) out.push('Control');
  if (m.meta) out.push('Meta');
  if (m.shift) out.push('Shift');
  return out;
}

export function dialogOf(node: MNode): MNode | null {
  for (let n: MNode | null = node; n && n.type !== DOCUMENT; n = n.parent) {
    const role = n.attrs.role;
    if (n.tag === 'dialog' || role === 'dialog' || role === 'alertdialog') return n;
  }
  return null;
}
