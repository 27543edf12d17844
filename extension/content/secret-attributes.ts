/**
 * rrweb's maskInputFn covers values only. The other attributes of a secret field that can carry
 * what was typed or what it is about (value, placeholder, title, aria-label…) are masked here,
 * before the event leaves the page: in full snapshots, added subtrees and attribute mutations.
 */
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import { SECRET_MASK } from '../../shared/events';

const SECRET_ATTRIBUTES = [
  'value',
  'placeholder',
  'title',
  'aria-label',
  'aria-valuetext',
  'aria-description',
  'alt',
];

export function maskSecretAttributes(e: eventWithTime, isSecretNode: (id: number) => boolean): void {
  if (e.type === 2) maskTree(e.data.node, isSecretNode);
  else if (e.type === 3 && e.data.source === 0) {
    for (const add of e.data.adds) maskTree(add.node, isSecretNode);
    for (const m of e.data.attributes) {
      if (!SECRET_ATTRIBUTES.some((a) => typeof m.attributes[a] === 'string')) continue;
      if (!isSecretNode(m.id)) continue;
      for (const a of SECRET_ATTRIBUTES)
        if (typeof m.attributes[a] === 'string') m.attributes[a] = SECRET_MASK;
    }
  }
}

function maskTree(node: serializedNodeWithId, isSecretNode: (id: number) => boolean): void {
  if (node.type === 2) {
    const attrs = node.attributes;
    if (
      SECRET_ATTRIBUTES.some((a) => typeof attrs[a] === 'string' && attrs[a] !== '') &&
      isSecretNode(node.id)
    ) {
      for (const a of SECRET_ATTRIBUTES)
        if (typeof attrs[a] === 'string' && attrs[a] !== '') attrs[a] = SECRET_MASK;
    }
  }
  if (node.type === 0 || node.type === 2) for (const child of node.childNodes) maskTree(child, isSecretNode);
}
