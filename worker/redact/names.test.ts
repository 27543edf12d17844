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
import { allListed, evidence, evidenceAt, FAMILY, GIVEN } from './detectors/name-lists';
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
  it('grades from the hashed table exactly as from the lists (every listed name, every short word)', () => {
    const words = [...GIVEN, ...FAMILY];
    const letters = 'abcdefghijklmnopqrstuvwxyzéüøñ';
    for (const x of letters)
      for (const y of letters) {
        words.push(x.toUpperCase() + y);
        for (const z of letters) words.push(x.toUpperCase() + y + z);
      }
    const wrong = words.filter((w) => evidenceAt(` ${w} `, 1, w.length + 1) !== evidence(w));
    expect(wrong.slice(0, 10)).toEqual([]);
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

  it('keeps a given name before an ordinary word that is only a rare surname, takes a frequent one', () => {
    for (const s of [
      'Bill Payment',
      'Min Height',
      'Washington Post',
      'Lincoln Center',
      'Rose Gold',
      'Ivy League',
    ])
      expectKept(s);
    for (const name of ['Emily Green', 'Tom Price', 'Sarah King', 'Amanda Bell'])
      expectGone(`Call ${name} today`, name);
  });
});

describe('names from cues around one word, text without capitals, e-mails and address labels', () => {
  it('takes an unlisted name addressed, opening a sentence about a person, or after a naming word', () => {
    expectGone('Dzintra, could you call me back?', 'Dzintra');
    expectGone('Ovidiu shouted at the referee.', 'Ovidiu');
    expectGone('Zbyněk is very reliable. You can depend on him.', 'Zbyněk');
    expectGone('"Nobody saw it coming," says Quillfeather.', 'Quillfeather');
    expectGone('Please remove my son Tjorven from the plan.', 'Tjorven');
    expectGone("It was settled between him and Yevdokia's daughter.", 'Yevdokia');
  });
  it('takes speakers of a dialogue and enumerations said to be people', () => {
    expectGone('Oisinn: Where were you?\nMaria: At home.', 'Oisinn', 'Maria');
    expectGone('The firm was started by our founders: Okonkwo, Bauer and Lindqvist.', 'Okonkwo', 'Lindqvist');
    expectGone('Ferreira and Nakamura were the engineers on call.', 'Ferreira', 'Nakamura');
  });
  it('takes name pairs the lists lack by surname shape or diacritic, and possessives end a name', () => {
    expectGone('Did you ever see a Radomir Kovalenko concert?', 'Radomir', 'Kovalenko');
    expectGone('Follow up with Jan Dvořák next week.', 'Dvořák');
    expectGone("the verses from Tove K. Lindahl's Collected Poems", 'Tove', 'Lindahl');
    expectGone('Unlike the Dobrovolskaya novel, it is short.', 'Dobrovolskaya');
  });
  it('reads lowercase text for names, titles and addresses', () => {
    expectGone('follow up with patricia okafor in a couple of months.', 'patricia', 'okafor');
    expectGone('my name is ingrid voss and i need help', 'ingrid', 'voss');
    expectGone('please call mr. thorne tomorrow', 'thorne');
    expectGone('meet me at 2407 kalliotie 6, porvoo', 'kallio', '2407');
  });
  it('takes the name an e-mail address spells and the addressee line of an address block', () => {
    expectGone('Aurelio Benedetti\n\nE-mail:\nAurelioBenedetti@example.org', 'Aurelio', 'Benedetti');
    expectGone('Thandiwe Mokoena\n14 Acacia Avenue\nApt. 3\nDurban', 'Thandiwe', 'Mokoena');
  });
  it('keeps lorem filler, firm names made of surnames and lowercase UI text', () => {
    for (const s of [
      'vigilo alo',
      'arceo termes alienus adhaero amor',
      "Baumbach, Gusikowski and Miller's most advanced Towels technology",
      'Hubbard, Fox and Gillespie',
      'mark as read',
      'add a new card to your account',
      'I will add Google Drive as a source',
    ])
      expectKept(s);
  });
});

describe('addresses from context', () => {
  it('takes post-office boxes, military mail, Polish and Nordic street lines and lowercase ones', () => {
    expectGone('Please update the billing address with 0912 P.O. Box 287, Tallinn', 'Box 287', '0912');
    expectGone('Ship it to PSC 3294, Box 9168, APO AE 09123', 'PSC 3294', 'Box 9168');
    expectGone('The bus drops you off at 9383 ul. Chrzanowska 61 St.', 'Chrzanowska', '9383');
    expectGone('Mrs. Dana Holm, 6343 Skogstien 106, Asker', 'Skogstien');
    expectGone(
      'Ask the driver to stop at the corner of 11 Botley Road St. and Herceg Gateway St.',
      'Herceg Gateway',
    );
    expectGone('The title refers to 1668 Glyn St street in Highveld.', '1668 Glyn St');
  });
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
  // Floors at the level reached (issue 12, part 2: Presidio PERSON 0.94, STREET_ADDRESS 0.98;
  // dev PERSON_NAME in sentences 1.0, bare values are field context's). The code before part 2
  // fails the Presidio and not-in-lists floors.
  it('presidio PERSON recall >= 0.93 and STREET_ADDRESS >= 0.97', () => {
    const p = scorePresidio(redact, presidio);
    expect(p.PERSON?.recall).toBeGreaterThanOrEqual(0.93);
    expect(p.STREET_ADDRESS?.recall).toBeGreaterThanOrEqual(0.97);
  });
  it('dev PERSON_NAME recall 1.0 in sentences (>= 0.88 with bare values), STREET_ADDRESS 1.0, no decoy or ordinary string altered', () => {
    const d = scoreRecords(redact, fixtures.dev);
    expect(d.types.PERSON_NAME?.recall).toBeGreaterThanOrEqual(0.88);
    expect(d.types.STREET_ADDRESS?.recall).toBe(1);
    const inText = scoreRecords(
      redact,
      fixtures.dev.filter((x) => x.type === 'PERSON_NAME' && (x.prefix || x.suffix)),
    );
    expect(inText.types.PERSON_NAME?.recall).toBe(1);
    expect(d.families.PERSON_NAME?.altered).toBe(0);
    expect(d.families.STREET_ADDRESS?.altered).toBe(0);
    expect(d.families.FILLER?.altered).toBe(0);
  });
  it('names outside the lists are caught nine times in ten, in the lists more often', () => {
    const split = scorePersonsByList(redact, fixtures, allListed);
    expect(split['presidio PERSON not in lists']?.recall).toBeGreaterThanOrEqual(0.9);
    expect(split['presidio PERSON in lists']?.recall).toBeGreaterThanOrEqual(0.96);
    expect(split['dev PERSON_NAME not in lists']?.recall).toBeGreaterThanOrEqual(0.85);
  });
  it('secretlint negatives are altered no more than before (0.553)', () => {
    const sl = fixtures.secretlint;
    expect(sl).not.toBeNull();
    const d = scoreRecords(redact, sl ?? []);
    expect(d.falseHits / Math.max(1, d.negatives)).toBeLessThanOrEqual(0.553);
  });
});
