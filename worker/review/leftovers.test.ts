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
    const stored = ['Save Changes', 'Tools Dashboard', 'Updated 4 minutes ago', r.text('Dear Kellie Mann,')];
    expect(leftovers(stored.map((text, at) => ({ text, at })))).toEqual([]);
  });
});
