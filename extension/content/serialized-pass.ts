/**
 * One pass over what rrweb serialized, before it leaves the page:
 * - rrweb's maskInputFn covers values only. The other attributes of a secret field that can carry
 *   what was typed or what it is about (value, placeholder, title, aria-label…) are masked here:
 *   in full snapshots, added subtrees and attribute mutations.
 * - Child frames from origins the user did not enable are not recorded; their <iframe> is marked
 *   `data-rec-frame="not-recorded"` so the replay shows a placeholder instead of a blank box.
 */
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import { EventType, NodeType, SECRET_MASK, Source } from '../../shared/events';

const SECRET_ATTRIBUTES = [
  'value',
  'placeholder',
  'title',
  'aria-label',
  'aria-valuetext',
  'aria-description',
  'alt',
];

export interface PassRules {
  isSecretNode(id: number): boolean;
  isRecordedUrl(url: string): boolean;
}

export const NOT_RECORDED_FRAME = 'not-recorded';

export function prepareSerialized(e: eventWithTime, rules: PassRules): void {
  if (e.type === EventType.FullSnapshot) visit(e.data.node, rules);
  else if (e.type === EventType.IncrementalSnapshot && e.data.source === Source.Mutation) {
    for (const add of e.data.adds) visit(add.node, rules);
    for (const m of e.data.attributes) {
      if (!SECRET_ATTRIBUTES.some((a) => typeof m.attributes[a] === 'string')) continue;
      if (!rules.isSecretNode(m.id)) continue;
      for (const a of SECRET_ATTRIBUTES)
        if (typeof m.attributes[a] === 'string') m.attributes[a] = SECRET_MASK;
    }
  }
}

function visit(node: serializedNodeWithId, rules: PassRules): void {
  if (node.type === NodeType.Element) {
    const attrs = node.attributes;
    if (node.tagName === 'iframe') {
      const src = attrs.rr_src ?? attrs.src;
      if (typeof src === 'string' && src !== '' && !src.startsWith('about:') && !rules.isRecordedUrl(src)) {
        attrs['data-rec-frame'] = NOT_RECORDED_FRAME;
      }
    }
    if (
      SECRET_ATTRIBUTES.some((a) => typeof attrs[a] === 'string' && attrs[a] !== '') &&
      rules.isSecretNode(node.id)
    ) {
      for (const a of SECRET_ATTRIBUTES)
        if (typeof attrs[a] === 'string' && attrs[a] !== '') attrs[a] = SECRET_MASK;
    }
  }
  if (node.type === NodeType.Document || node.type === NodeType.Element)
    for (const child of node.childNodes) visit(child, rules);
}
