/**
 * Names and addresses found by page structure (person-structure.ts via field-index.ts and the
 * walker): a customer table, a mailto: link, `<address>`, microdata and the signed-in account in a
 * header are redacted in a full snapshot, learned for the session, and carried to later text;
 * column headers, product names and "Unassigned" are kept.
 */
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { FieldIndex } from './field-index';
import { withLearnedValues } from './learned-values';
import { headerRole, PERSON, structuralContext } from './person-structure';
import { createRedactor } from './redact/index';
import { redactEvent } from './walker';

let nextId = 1;
type Attrs = Record<string, string>;
function el(tagName: string, attributes: Attrs, ...childNodes: serializedNodeWithId[]): serializedNodeWithId {
  return { type: 2, id: nextId++, tagName, attributes, childNodes } as serializedNodeWithId;
}
function tx(textContent: string): serializedNodeWithId {
  return { type: 3, id: nextId++, textContent } as serializedNodeWithId;
}

function page(): serializedNodeWithId {
  // Names here are made up for the test and chosen to be unknown to the text detectors alone
  // (single words, or not in the census lists).
  return {
    type: 0,
    id: nextId++,
    childNodes: [
      el(
        'html',
        {},
        el(
          'body',
          {},
          el('header', {}, el('span', { class: 'user-name' }, tx('Oyelaran Bexley'))),
          el(
            'table',
            {},
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                el('th', {}, tx('Ticket')),
                el('th', {}, tx('Requester')),
                el('th', {}, tx('Assignee')),
              ),
            ),
            el(
              'tbody',
              {},
              el(
                'tr',
                {},
                el('td', {}, tx('Printer on fire')),
                el('td', {}, tx('Quennell Tarrant')),
                el('td', {}, tx('Unassigned')),
              ),
              el(
                'tr',
                {},
                el('td', {}, tx('Refund Request')),
                el('td', {}, tx('Maribel')),
                el('td', {}, tx('Support Team')),
              ),
            ),
          ),
          el('a', { href: 'mailto:q@example.test' }, tx('Quennell T.')),
          el('address', {}, tx('Brackenstraat 9, Utrecht')),
          el(
            'div',
            { itemscope: '', itemtype: 'https://schema.org/Person' },
            el('span', { itemprop: 'name' }, tx('Dorotea Vinke')),
          ),
          el(
            'div',
            { itemscope: '', itemtype: 'https://schema.org/Product' },
            el('span', { itemprop: 'name' }, tx('Granite Mouse')),
          ),
          el('p', {}, tx('Ticket list')),
        ),
      ),
    ],
  } as serializedNodeWithId;
}

function snapshotEvent(node: serializedNodeWithId): eventWithTime {
  return { type: 2, data: { node, initialOffset: { top: 0, left: 0 } }, timestamp: 1 } as eventWithTime;
}

function mutationText(id: number, value: string): eventWithTime {
  return {
    type: 3,
    data: { source: 0, texts: [{ id, value }], attributes: [], removes: [], adds: [] },
    timestamp: 2,
  } as unknown as eventWithTime;
}

describe('names and addresses by page structure', () => {
  it('grades column headers', () => {
    expect(headerRole('Requester')).toBe(PERSON);
    expect(headerRole('Customer name:')).toBe(PERSON);
    expect(headerRole('Ticket')).toBe(0);
  });

  it('takes names only where the text can be one', () => {
    expect(structuralContext(PERSON, 'Quennell Tarrant')).toMatchObject({ autocomplete: 'name' });
    for (const s of [
      'Unassigned',
      'Support Team',
      '—',
      'ops@example.test',
      'Tier 2',
      'Globex Corp',
      'Initech',
    ]) {
      expect(structuralContext(PERSON, s), s).toBeUndefined();
    }
  });

  it('redacts names and addresses the structure marks, keeps headers and products, and carries names on', () => {
    const r = withLearnedValues(createRedactor({ key: new Uint8Array(32).fill(3) }));
    const fields = new FieldIndex();
    const snap = snapshotEvent(page());
    redactEvent(snap, { redactor: r, fields, defer: () => false });
    const out = JSON.stringify(snap);
    for (const gone of [
      'Oyelaran',
      'Bexley',
      'Quennell',
      'Tarrant',
      'Ysolde',
      'Brackenstraat',
      'Dorotea',
      'Vinke',
    ]) {
      expect(out, gone).not.toContain(gone);
    }
    for (const kept of [
      'Requester',
      'Assignee',
      'Ticket',
      'Printer on fire',
      'Refund Request',
      'Unassigned',
      'Support Team',
      'Granite Mouse',
      'Ticket list',
    ]) {
      expect(out, kept).toContain(kept);
    }
    // Positive control: the same text with no structure around it is left alone by the detectors.
    const plain = createRedactor({ key: new Uint8Array(32).fill(3) });
    expect(plain.text('Maribel')).toBe('Maribel');
    // The account name learned from the header is redacted in later text too.
    const later = mutationText(9999, 'Oyelaran Bexley replied'); // a node with no structure
    redactEvent(later, { redactor: r, fields, defer: () => false });
    expect(JSON.stringify(later)).not.toContain('Oyelaran');
  });
});
