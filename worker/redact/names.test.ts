/**
 * Names and addresses in free text (issue 12): the gazetteer detectors (bare-name.ts,
 * single-name.ts), the context address detector (address-cue.ts), and floors on the shared
 * fixtures scored with the README rule. The floors sit a little under the measured figures; on
 * the code before the gazetteer they fail (Presidio PERSON 0.14, STREET_ADDRESS 0.29).
 */
import { describe, expect, it } from 'vitest';
import {
  fixturesRequired,
  loadPiiFixtures,
  piiFixturesDir,
  scorePersonsByList,
  scorePresidio,
  scoreRecords,
} from '../../bench/pii-fixtures';
import { allListed, evidence } from './detectors/name-lists';
import { createRedactor } from './index';

const r = createRedactor({ key: new Uint8Array(32).fill(5) });

function expectGone(s: string, ...values: string[]): void {
  const out = r.text(s);
  for (const v of values) expect(out, `${s} -> ${out}`).not.toContain(v);
}

function expectKept(s: string): void {
  expect(r.text(s)).toBe(s);
}

describe('gazetteer', () => {
  it('grades tokens: listed names, listed ordinary words, unlisted, ordinary', () => {
    expect(evidence('Kevin')).toBe(2);
    expect(evidence('Will')).toBe(1);
    expect(evidence('Kudryashov')).toBe(0);
    expect(evidence('Dashboard')).toBe(-1);
    expect(evidence("I'm")).toBe(-1);
    expect(evidence("Amanda's")).toBe(2);
  });
  it('says whether a whole name is in the lists', () => {
    expect(allListed('Kellie Mann')).toBe(true);
    expect(allListed('Gregory Kudryashov')).toBe(false);
  });
});

describe('names without a cue', () => {
  it('redacts bare first-last names, with particles, initials and diacritics', () => {
    expectGone('Kellie Mann', 'Kellie', 'Mann');
    expectGone('Conchita Orta Elizondo', 'Conchita', 'Elizondo');
    expectGone('Ermenegilda Di Giorgio', 'Ermenegilda', 'Giorgio');
    expectGone('Mireille Le roux', 'Mireille', 'roux');
    expectGone('verses from Faina D. Yefremova today', 'Faina', 'Yefremova');
    expectGone('Maybe it is under Miklós Hajdu', 'Miklós', 'Hajdu');
    expectGone('Gregory Kudryashov\nSuite 282', 'Gregory', 'Kudryashov');
  });
  it('redacts one-word names in lists, dialogue, possessives and after naming words', () => {
    expectGone('They had 6: Gaetane, Hannah, Anthony, Derek, Anna and Andrew.', 'Hannah', 'Derek', 'Andrew');
    expectGone('Nicole: Remember me, Mary? When I killed your brother', 'Nicole', 'Mary');
    expectGone('Why is Nicole so impulsive?', 'Nicole');
    expectGone('Sometimes people call me Piusz', 'Piusz');
    expectGone('Kevin had given Alma his address', 'Kevin');
    expectGone('Zoolander was directed by Johannes Varvio', 'Johannes', 'Varvio');
  });
  it('carries a name found once to its other mentions in the same text', () => {
    expectGone(
      'It may be that Kaczmarek was influenced by a song sung by Bonifacy Kaczmarek in 1977',
      'Kaczmarek',
    );
  });
  it('keeps product names, song titles, firms, UI phrases and dates', () => {
    for (const s of [
      'Unbranded Marble Bacon',
      'Elegant Silk Shirt',
      'Hungry Heart',
      'I Got You Babe',
      "That's the Way (I Like It)",
      'Grant Access',
      'Page Settings',
      'Dear Customer,',
      'Tools Dashboard',
      'Renews on Thu Dec 17 2026',
      'Daugherty, Russel and Torphy · evolve ubiquitous solutions',
      'Leffler, Schuster and Robel-Schroeder',
      'Nader Group · benchmark scalable ROI',
      'The Chadd Soap is the latest in a series of blue products',
      'Unassigned',
      'Support Team',
      'Mark as read',
      'Will you save changes?',
    ])
      expectKept(s);
  });
});

describe('addresses from context', () => {
  it('takes the clause after an address cue and a printed address block', () => {
    expectGone('Tomomi lives at 86036 Puruntie 82, Goiânia', 'Puruntie 82', '86036');
    expectGone('The Avalara office is at PSC 0413, Box 8144', 'PSC 0413');
    expectGone(
      'William Hughes\n\n20789 Allika 46\n Suite 501\n Riisa\n\n Estonia 62488',
      'Allika',
      'Suite 501',
      '62488',
    );
  });
  it('keeps the sentence around a street line the shape detector found', () => {
    expect(r.text('Ship to 1780 Park Lane, Springfield, IL 62704')).toMatch(
      /^Ship to \[STREET_ADDRESS:\w{6}\], Springfield, IL 62704$/,
    );
  });
  it('leaves clauses without a number and product copy', () => {
    expectKept('What is your address? it is fine');
    expectKept('33 Park Avenue deals closed this quarter');
    expectKept('Meet me at noon');
  });
});

const fx = loadPiiFixtures();

describe('fixture floors for names and addresses', () => {
  if (!fx?.presidio) {
    if (fixturesRequired)
      it('has the fixtures (CI=true requires them)', () => expect.fail(`no fixtures at ${piiFixturesDir()}`));
    else it.skip(`skipped: PII fixtures not found at ${piiFixturesDir()}`, () => {});
    return;
  }
  const fixtures = fx;
  const presidio = fx.presidio;
  const redact = (s: string) => r.text(s);
  it('presidio PERSON recall >= 0.70 and STREET_ADDRESS >= 0.80', () => {
    const p = scorePresidio(redact, presidio);
    expect(p.PERSON?.recall).toBeGreaterThanOrEqual(0.7);
    expect(p.STREET_ADDRESS?.recall).toBeGreaterThanOrEqual(0.8);
  });
  it('dev PERSON_NAME recall >= 0.85 with no decoy or ordinary string altered', () => {
    const d = scoreRecords(redact, fixtures.dev);
    expect(d.types.PERSON_NAME?.recall).toBeGreaterThanOrEqual(0.85);
    expect(d.families.PERSON_NAME?.altered).toBe(0);
    expect(d.families.FILLER?.altered).toBe(0);
  });
  it('names outside the lists are still caught more often than not on Presidio', () => {
    const split = scorePersonsByList(redact, fixtures, allListed);
    expect(split['presidio PERSON not in lists']?.recall).toBeGreaterThanOrEqual(0.5);
  });
});
