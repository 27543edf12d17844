import { describe, expect, it } from 'vitest';
import { createRedactor } from '../redact/index';
import { leftovers } from './leftovers';

describe('possible personal data left', () => {
  const r = createRedactor({ key: new Uint8Array(32).fill(9) });

  it('lists name-like runs, listed given names, address lines and long numbers left in redacted text', () => {
    // Texts as stored: redacted first. "Oyelaran Bexley" and "Maribel" pass the detectors.
    const stored = [
      'Oyelaran Bexley opened the ticket',
      'Assigned: Maribel',
      'Reply from Oyelaran Bexley',
      'Ship to 12 Quayside Wharf',
      'Ref 4471 2290 118',
    ].map((s) => r.text(s));
    expect(stored[0]).toContain('Oyelaran Bexley'); // positive control: the detectors left it
    const items = leftovers(stored.map((text, at) => ({ text, at })));
    const name = items.find((i) => i.term === 'Oyelaran Bexley');
    expect(name).toMatchObject({ kind: 'name', count: 2, at: [0, 2] });
    expect(items.find((i) => i.term === 'Maribel')?.kind).toBe('name');
    expect(items.find((i) => i.kind === 'number')?.term).toBe('4471 2290 118');
    expect(items[0]?.term).toBe('Oyelaran Bexley'); // names first, most frequent first
  });

  it('lists nothing for ordinary UI text and for what was already redacted', () => {
    const stored = [
      'Save Changes',
      'Tools Dashboard',
      'Updated 4 minutes ago',
      r.text('Dear Kellie Mann,'),
      'France', // a country picker's option, though a listed given name
    ];
    expect(leftovers(stored.map((text, at) => ({ text, at })))).toEqual([]);
  });
});

describe('possible personal data left: the classes the review panel names', () => {
  const list = (texts: (string | { text: string; hint: 'account' })[]) =>
    leftovers(texts.map((t, at) => (typeof t === 'string' ? { text: t, at } : { ...t, at })));
  const terms = (texts: Parameters<typeof list>[0]) => list(texts).map((i) => `${i.kind}:${i.term}`);

  it('lists the account name a header shows, after a cue or alone in the account area', () => {
    expect(terms(['Signed in as mkowalczyk', 'Logged in as: tvanrijn.'])).toEqual([
      'account:mkowalczyk',
      'account:tvanrijn',
    ]);
    expect(
      terms([
        { text: 'amoreno42', hint: 'account' },
        { text: 'Sign out', hint: 'account' },
      ]),
    ).toEqual(['account:amoreno42']);
    // the same text outside the account area is no candidate
    expect(terms(['amoreno42', 'Sign out'])).toEqual([]);
  });

  it('lists address lines with a street word, a town with a ZIP code, a postcode, a street then number', () => {
    expect(
      terms(['Ship to 12 Quayside Wharf.', 'Springfield, IL 62704', 'London SW1A 1AA', 'Hauptstraße 5']),
    ).toEqual([
      'address:12 Quayside Wharf',
      'address:Hauptstraße 5',
      'address:SW1A 1AA',
      'address:Springfield, IL 62704',
    ]);
    expect(terms(['3 New Messages.', '12 Open Tickets', 'Page 2 Of 9'])).toEqual([]);
  });

  it('lists phone numbers with an area code in parentheses and lettered ids, not dates', () => {
    expect(terms(['Call (020) 7946 0958', 'Passport X1234567'])).toEqual([
      'number:(020) 7946 0958',
      'number:X1234567',
    ]);
    expect(terms(['Due 2026-12-04', 'on 04.12.2026', 'TK-4821', 'v1.2.3'])).toEqual([]);
  });

  it('lists nothing made of placeholders, and a placeholder does not glue words into a name', () => {
    expect(
      terms([
        'Signed in as [EMAIL:a1B2c3]',
        '[NAME:x9Y8z7] Bexley',
        { text: '[NAME:x9Y8z7]', hint: 'account' },
      ]),
    ).toEqual([]);
  });

  it('counts every occurrence and lists each place once, earliest first', () => {
    const items = leftovers([
      { text: 'Oyelaran Bexley and Oyelaran Bexley', at: 4 },
      { text: 'Oyelaran Bexley', at: 1 },
      { text: 'Oyelaran Bexley', at: 4 },
    ]);
    expect(items).toEqual([{ term: 'Oyelaran Bexley', kind: 'name', count: 4, at: [1, 4] }]);
  });
});
