import type { mutationData, serializedNodeWithId } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { documentNode, h, newIds, serialize, withShadow } from './fixtures/dom';
import { editableText, Mirror, type MNode } from './mirror';

function mutation(m: Partial<mutationData>): mutationData {
  return { source: 0, adds: [], removes: [], texts: [], attributes: [], ...m } as mutationData;
}

function tags(node: MNode): string[] {
  const out: string[] = [];
  for (let c = node.first; c; c = c.next) out.push(c.tag || (c.type === 3 ? `#${c.text}` : `#${c.type}`));
  return out;
}

describe('Mirror', () => {
  const load = () => {
    const ids = newIds();
    const doc = documentNode(
      'T',
      [h('ul', { 'data-testid': 'list' }, h('li', {}, 'a'), h('li', {}, 'c'))],
      ids,
    );
    const m = new Mirror();
    m.loadSnapshot(doc);
    const list = m.get(ids.byTestId.get('list')!)!;
    return { m, ids, list };
  };

  it('builds the snapshot with parents and ordered children', () => {
    const { m, list } = load();
    expect(tags(list)).toEqual(['li', 'li']);
    expect(m.root?.first?.type).toBe(1);
    expect(list.parent?.tag).toBe('body');
  });

  it('inserts before nextId, removes subtrees, moves nodes, sets texts and attributes', () => {
    const { m, ids, list } = load();
    const c = list.last!;
    const b = serialize(h('li', {}, 'b'), ids);
    m.applyMutation(mutation({ adds: [{ parentId: list.id, nextId: c.id, node: b }] }));
    expect(tags(list).length).toBe(3);
    expect(list.first!.next!.id).toBe(b.id);
    m.applyMutation(
      mutation({
        texts: [{ id: c.first!.id, value: 'C' }],
        attributes: [{ id: c.id, attributes: { class: 'x', style: { color: 'red' } } }],
      }),
    );
    expect(c.first!.text).toBe('C');
    expect(c.attrs).toEqual({ class: 'x', style: 'color: red;' });
    m.applyMutation(
      mutation({ attributes: [{ id: c.id, attributes: { class: null, style: { color: false } } }] }),
    );
    expect(c.attrs).toEqual({ style: '' });
    // move c to the front: an add of an existing id keeps its subtree
    m.applyMutation(
      mutation({
        adds: [
          {
            parentId: list.id,
            nextId: list.first!.id,
            node: { type: 2, tagName: 'li', attributes: {}, childNodes: [], id: c.id },
          },
        ],
      }),
    );
    expect(list.first).toBe(c);
    expect(c.first!.text).toBe('C');
    const a = list.first!.next!;
    const textId = a.first!.id;
    m.applyMutation(mutation({ removes: [{ parentId: list.id, id: a.id }] }));
    expect(m.get(a.id)).toBeUndefined();
    expect(m.get(textId)).toBeUndefined();
    expect(tags(list)).toEqual(['li', 'li']);
  });

  it('retries adds whose parent or next sibling comes later in the same mutation', () => {
    const { m, list } = load();
    const parent: serializedNodeWithId = { type: 2, tagName: 'li', attributes: {}, childNodes: [], id: 500 };
    const child: serializedNodeWithId = { type: 3, textContent: 'late', id: 501 };
    m.applyMutation(
      mutation({
        adds: [
          { parentId: 500, nextId: null, node: child },
          { parentId: list.id, nextId: null, node: parent },
        ],
      }),
    );
    expect(m.get(501)?.parent?.id).toBe(500);
  });

  it('keeps shadow children flagged and attaches iframe documents', () => {
    const ids = newIds();
    const doc = documentNode(
      'T',
      [
        withShadow(h('x-w', { 'data-testid': 'host' }), h('b', {}, 'in')),
        h('iframe', { 'data-testid': 'f' }),
      ],
      ids,
    );
    const m = new Mirror();
    m.loadSnapshot(doc);
    const host = m.get(ids.byTestId.get('host')!)!;
    expect(host.first?.isShadow).toBe(true);
    const frameDoc = documentNode('F', [h('p', {}, 'frame')], ids);
    m.applyMutation(
      mutation({
        adds: [{ parentId: ids.byTestId.get('f')!, nextId: null, node: frameDoc }],
        isAttachIframe: true,
      }),
    );
    expect(m.get(frameDoc.id)?.parent?.tag).toBe('iframe');
    // a reload of the frame replaces its document
    const again = documentNode('F2', [h('p', {}, 'again')], ids);
    m.applyMutation(
      mutation({
        adds: [{ parentId: ids.byTestId.get('f')!, nextId: null, node: again }],
        isAttachIframe: true,
      }),
    );
    expect(m.get(frameDoc.id)).toBeUndefined();
    expect(m.get(again.id)?.parent?.tag).toBe('iframe');
  });

  it('tracks live values, checked state and contenteditable text', () => {
    const ids = newIds();
    const doc = documentNode(
      'T',
      [
        h('input', { 'data-testid': 'i', value: 'v0' }),
        h('input', { type: 'checkbox', checked: true, 'data-testid': 'c' }),
        h('div', { contenteditable: 'true', 'data-testid': 'e' }, h('p', {}, 'one'), h('p', {}, 'two')),
      ],
      ids,
    );
    const m = new Mirror();
    m.loadSnapshot(doc);
    const input = m.get(ids.byTestId.get('i')!)!;
    const box = m.get(ids.byTestId.get('c')!)!;
    expect(input.value).toBe('v0');
    expect(box.checked).toBe(true);
    m.applyInput(input.id, 'v1', false);
    m.applyInput(box.id, '', false);
    expect(input.value).toBe('v1');
    expect(box.checked).toBe(false);
    const editor = m.get(ids.byTestId.get('e')!)!;
    expect(m.editableHosts.has(editor.id)).toBe(true);
    expect(editableText(editor)).toBe('one\ntwo');
  });
});
