/**
 * Names and addresses found by page structure (person-structure.ts via field-index.ts and the
 * walker): a customer table, a mailto: link, `<address>`, microdata and the signed-in account in a
 * header are redacted in a full snapshot, learned for the session, and carried to later text;
 * column headers, product names and "Unassigned" are kept.
 */
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { createRedactor, type Redactor } from '../redact/index';
import { withLearnedValues } from '../redact/learned-values';
import { FieldIndex } from './field-index';
import { ADDRESS, headerRole, PERSON, structuralContext } from './person-structure';
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

// --- Cues added for issue 12's list (each of these texts passed through unredacted before) -----

function doc(...body: serializedNodeWithId[]): serializedNodeWithId {
  return {
    type: 0,
    id: nextId++,
    childNodes: [el('html', {}, el('body', {}, ...body))],
  } as serializedNodeWithId;
}

/**
 * The real redactor with its text detectors switched off: what it redacts, page structure (and
 * field context) found. The detectors get better on names by themselves; these tests must not
 * pass because of them.
 */
function structureOnly(): Redactor {
  const real = createRedactor({ key: new Uint8Array(32).fill(3) });
  return { ...real, text: (s) => s, url: (s) => s, srcset: (s) => s };
}

/** Redacts a full snapshot of `body` with a fresh session; returns the stored JSON and the walk's state. */
function record(...body: serializedNodeWithId[]) {
  const r = withLearnedValues(structureOnly());
  const fields = new FieldIndex();
  const snap = snapshotEvent(doc(...body));
  redactEvent(snap, { redactor: r, fields, defer: () => false });
  return { out: JSON.stringify(snap), r, fields };
}

function expectGone(out: string, names: string[]): void {
  for (const n of names) expect(out, n).not.toContain(n);
}
function expectKept(out: string, texts: string[]): void {
  for (const t of texts) expect(out, t).toContain(`"${t}"`);
}

// Not in the census name lists.
const OLU = 'Oluwaseun Adeyemi';
const THANDEKA = 'Thandeka Mbeki';
const ANAHERA = 'Anahera Tawhiri';
const SIOSAIA = 'Siosaia Tupou';

describe('structural cues of issue 12', () => {
  it('grades decorated and plural headers, and picker labels', () => {
    expect(headerRole('Name ▲')).toBe(PERSON);
    expect(headerRole('Customers (12)')).toBe(PERSON);
    expect(headerRole('CC')).toBe(PERSON);
    expect(headerRole('To:')).toBe(PERSON);
    expect(headerRole('Shipping address')).toBe(ADDRESS);
    expect(headerRole('Plan')).toBe(0);
  });

  it('an ARIA grid: cells under a "Customer" columnheader are names; teams, "Me" and headers stay', () => {
    const row = (...cells: string[]) =>
      el('div', { role: 'row' }, ...cells.map((c) => el('div', { role: 'gridcell' }, tx(c))));
    const { out } = record(
      el(
        'div',
        { role: 'grid' },
        el(
          'div',
          { role: 'rowgroup' },
          el(
            'div',
            { role: 'row' },
            el('div', { role: 'columnheader' }, tx('Subject')),
            el('div', { role: 'columnheader' }, tx('Customer')),
            el('div', { role: 'columnheader' }, tx('Assignee')),
          ),
        ),
        el(
          'div',
          { role: 'rowgroup' },
          row('Refund request', OLU, 'Me'),
          row('Login loop', 'Northwind Traders', 'Tier 2 Support'),
          row('Slow export', THANDEKA, 'Billing team'),
        ),
      ),
    );
    expectGone(out, [OLU, THANDEKA]);
    expectKept(out, [
      'Subject',
      'Customer',
      'Assignee',
      'Refund request',
      'Me',
      'Tier 2 Support',
      'Billing team',
    ]);
    expectKept(out, ['Northwind Traders']);
  });

  it('header-less lists: aria-labelledby and aria-label name their items', () => {
    const { out } = record(
      el('h2', { id: 'cust-h' }, tx('Customers')),
      el('ul', { 'aria-labelledby': 'cust-h' }, el('li', {}, tx(OLU)), el('li', {}, tx('Initech'))),
      el('ul', { 'aria-label': 'Assignees' }, el('li', {}, tx(SIOSAIA)), el('li', {}, tx('Unassigned'))),
      el('ul', { 'aria-label': 'Products' }, el('li', {}, tx('Granite Mouse'))),
    );
    expectGone(out, [OLU, SIOSAIA]);
    expectKept(out, ['Customers', 'Initech', 'Unassigned', 'Granite Mouse']);
  });

  it('terms: dt "Customer" -> dd, a "Requester:" label -> its value, a row header -> its cell', () => {
    const { out } = record(
      el(
        'dl',
        {},
        el('dt', {}, tx('Customer')),
        el('dd', {}, tx(OLU)),
        el('dt', {}, tx('Plan')),
        el('dd', {}, tx('Pro Annual')),
      ),
      el('div', {}, el('span', { class: 'k' }, tx('Requester:')), el('span', {}, tx(THANDEKA))),
      el(
        'table',
        {},
        el(
          'tbody',
          {},
          el('tr', {}, el('th', {}, tx('Shipping address')), el('td', {}, tx('Jr. Ayacucho 418, Cusco'))),
        ),
      ),
    );
    expectGone(out, [OLU, THANDEKA, 'Ayacucho']);
    expectKept(out, ['Customer', 'Plan', 'Pro Annual', 'Requester:', 'Shipping address']);
  });

  it('an avatar with matching initials makes the text beside it a name; its image alt is one too', () => {
    const { out } = record(
      el('div', { class: 'msg-head' }, el('span', { class: 'avatar' }, tx('OA')), el('strong', {}, tx(OLU))),
      // Initials that do not match: a team label next to someone else's avatar stays.
      el('div', {}, el('span', { class: 'avatar' }, tx('TM')), el('strong', {}, tx('Quality Review'))),
      el('img', { class: 'avatar', src: '/a.png', alt: THANDEKA }),
      el('img', { src: '/b.png', alt: `Avatar of ${SIOSAIA}` }),
      el('img', { src: '/logo.png', alt: 'Acme Desk logo' }),
    );
    expectGone(out, [OLU, THANDEKA, SIOSAIA]);
    expectKept(out, ['OA', 'TM', 'Quality Review', 'Acme Desk logo']);
  });

  it('the account element of an app header holds the signed-in name; product and UI words stay', () => {
    const { out } = record(
      el(
        'header',
        { class: 'topbar' },
        el('a', { class: 'brand' }, tx('Acme Desk')),
        el('nav', {}, el('a', {}, tx('Knowledge Base')), el('a', {}, tx('Tickets'))),
        el(
          'div',
          { class: 'user-menu', 'aria-label': 'Account' },
          el('span', {}, tx(ANAHERA)),
          el('a', {}, tx('Sign out')),
        ),
      ),
    );
    expectGone(out, [ANAHERA]);
    expectKept(out, ['Acme Desk', 'Knowledge Base', 'Tickets', 'Sign out']);
  });

  it('person pickers: a labelled field value, its select options and its listed options are names', () => {
    const { out } = record(
      el('label', { for: 'assignee' }, tx('Assignee')),
      el('input', { id: 'assignee', type: 'text', value: SIOSAIA, list: 'agents' }),
      el(
        'datalist',
        { id: 'agents' },
        el('option', { value: THANDEKA }),
        el('option', { value: 'Tier 2 Support' }),
      ),
      el(
        'label',
        {},
        tx('Owner'),
        el(
          'select',
          { name: 'owner' },
          el('option', { value: 'u0' }, tx('Unassigned')),
          el('option', { value: 'u1' }, tx(OLU)),
          el('option', { value: 'u2' }, tx('Billing team')),
        ),
      ),
      el('input', { 'aria-label': 'CC', role: 'combobox', 'aria-controls': 'cc-list' }),
      el('ul', { id: 'cc-list', role: 'listbox' }, el('li', { role: 'option' }, tx(ANAHERA))),
      el('label', { for: 'status' }, tx('Status')),
      el('input', { id: 'status', type: 'text', value: 'Waiting on customer' }),
    );
    expectGone(out, [SIOSAIA, THANDEKA, OLU, ANAHERA]);
    expectKept(out, [
      'Assignee',
      'Owner',
      'Tier 2 Support',
      'Unassigned',
      'Billing team',
      'Waiting on customer',
    ]);
  });

  it('a name found by structure is redacted where it stands earlier in the same snapshot', () => {
    const { out } = record(
      el('p', {}, tx(`#8 · ${THANDEKA} · `)),
      el('dl', {}, el('dt', {}, tx('Customer')), el('dd', {}, tx(THANDEKA))),
    );
    expectGone(out, [THANDEKA]);
    expect(out).toContain('#8 · [PERSON_NAME:');
  });

  it('autocomplete name fields are names, and their echoes later in the session are too', () => {
    const { out, r, fields } = record(
      el('input', { autocomplete: 'given-name', value: 'Oluwaseun' }),
      el('input', { autocomplete: 'address-line1', value: 'Jr. Ayacucho 418' }),
    );
    expectGone(out, ['Oluwaseun', 'Ayacucho']);
    const later = mutationText(424242, 'Thanks Oluwaseun, shipped to Jr. Ayacucho 418');
    redactEvent(later, { redactor: r, fields, defer: () => false });
    expectGone(JSON.stringify(later), ['Oluwaseun', 'Ayacucho']);
  });

  it('a thread message added later with an avatar: its sender is a name', () => {
    const thread = el('div', { id: 'thread' });
    const { r, fields } = record(thread);
    const added = el(
      'article',
      {},
      el('header', {}, el('span', { class: 'avatar' }, tx('TM')), el('strong', {}, tx(THANDEKA))),
      el('p', {}, tx('The export still fails.')),
    );
    const ev = {
      type: 3,
      data: {
        source: 0,
        texts: [],
        attributes: [],
        removes: [],
        adds: [{ parentId: thread.id, nextId: null, node: added }],
      },
      timestamp: 3,
    } as unknown as eventWithTime;
    redactEvent(ev, { redactor: r, fields, defer: () => false });
    const out = JSON.stringify(ev);
    expectGone(out, [THANDEKA]);
    expectKept(out, ['TM', 'The export still fails.']);
  });
});

/**
 * A subtree added by a DOM mutation, as rrweb sends it: each node on its own (no children),
 * parents before children, later siblings first (each node's nextId known when it is sent).
 */
function flatAdds(parentId: number, root: serializedNodeWithId) {
  const adds: { parentId: number; nextId: number | null; node: serializedNodeWithId }[] = [];
  let level: { parentId: number; nextId: number | null; node: serializedNodeWithId }[] = [
    { parentId, nextId: null, node: root },
  ];
  while (level.length > 0) {
    const next: typeof level = [];
    for (const a of level) {
      const kids = 'childNodes' in a.node ? a.node.childNodes : [];
      adds.push({
        ...a,
        node: { ...a.node, ...('childNodes' in a.node ? { childNodes: [] } : {}) } as serializedNodeWithId,
      });
      for (let i = kids.length - 1; i >= 0; i--)
        next.push({ parentId: a.node.id, nextId: kids[i + 1]?.id ?? null, node: kids[i]! });
    }
    level = next.reverse();
  }
  return adds;
}

describe('structure in nodes added after the snapshot (a single-page app changing views)', () => {
  it('a table whose header text rrweb sends after its cells: the "Customer" column is still a name', () => {
    const view = el('main', {});
    const { r, fields } = record(view);
    const table = el(
      'table',
      {},
      el('thead', {}, el('tr', {}, el('th', {}, tx('Subject')), el('th', {}, tx('Customer')))),
      el('tbody', {}, el('tr', {}, el('td', {}, tx('Upload limit')), el('td', {}, tx(THANDEKA)))),
      el('dl', {}, el('dt', {}, tx('Requester')), el('dd', {}, tx(OLU))),
    );
    const adds = flatAdds(view.id, table);
    const texts = adds
      .filter((a) => a.node.type === 3)
      .map((a) => (a.node as { textContent: string }).textContent);
    // The premise: the cells' text comes before the header's.
    expect(texts.indexOf(THANDEKA)).toBeLessThan(texts.indexOf('Customer'));
    const ev = {
      type: 3,
      data: { source: 0, texts: [], attributes: [], removes: [], adds },
      timestamp: 3,
    } as unknown as eventWithTime;
    redactEvent(ev, { redactor: r, fields, defer: () => false });
    const out = JSON.stringify(ev);
    expectGone(out, [THANDEKA, OLU]);
    expectKept(out, ['Subject', 'Customer', 'Upload limit', 'Requester']);
  });
});
