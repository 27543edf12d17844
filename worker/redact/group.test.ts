/** field(): whole-value masking from context; group(): a typing sequence masked as a whole. */
import { describe, expect, it } from 'vitest';
import { createRedactor } from './index';

const key = new Uint8Array(32).fill(5);
const PH = /^\[[A-Z_]+:[0-9A-Za-z]{6}\]$/;

const prefixes = (s: string): string[] => Array.from({ length: s.length }, (_, i) => s.slice(0, i + 1));

describe('field()', () => {
  const r = createRedactor({ key });

  it('masks names, addresses, birth dates, phones and emails from context alone', () => {
    expect(r.field('Jane Doe', { autocomplete: 'name' })).toMatch(/^\[PERSON_NAME:/);
    expect(r.field('Jane', { name: 'firstName', label: 'First name' })).toMatch(/^\[PERSON_NAME:/);
    expect(r.field('12 Elm Row', { autocomplete: 'street-address' })).toMatch(/^\[STREET_ADDRESS:/);
    expect(r.field('Flat 3', { label: 'Address line 2' })).toMatch(/^\[STREET_ADDRESS:/);
    expect(r.field('1990-01-02', { autocomplete: 'bday' })).toMatch(/^\[DOB:/);
    expect(r.field('02/01/1990', { label: 'Date of birth' })).toMatch(/^\[DOB:/);
    expect(r.field('5551234', { type: 'tel' })).toMatch(/^\[PHONE:/);
    expect(r.field('jane', { type: 'email' })).toMatch(/^\[EMAIL:/);
    expect(r.field('123456789', { label: 'Tax ID' })).toMatch(/^\[NATIONAL_ID:/);
    expect(r.field('12345678', { name: 'account_number' })).toMatch(/^\[ACCOUNT_NUMBER:/);
    expect(r.field('4111111111111111', { autocomplete: 'cc-number' })).toMatch(/^\[CREDIT_CARD:/);
    expect(r.field('10001', { autocomplete: 'postal-code' })).toMatch(/^\[POSTAL_CODE:/);
  });

  it('gives the same value the same pseudonym whatever the formatting', () => {
    expect(r.field('555-1234', { type: 'tel' })).toBe(r.field('5551234', { type: 'tel' }));
    expect(r.field('Jane  Doe', { autocomplete: 'name' })).toBe(
      r.field('jane doe', { autocomplete: 'name' }),
    );
  });

  it('treats other fields as free text', () => {
    expect(r.field('Quarterly report', { name: 'title', label: 'Title' })).toBe('Quarterly report');
    expect(r.field('acme-web', { label: 'Project name' })).toBe('acme-web');
    expect(r.field('jdoe', { name: 'username', label: 'User name' })).toBe('jdoe');
    expect(r.field('mail me at jane@example.com', { tag: 'textarea', name: 'comment' })).toMatch(
      /^mail me at \[EMAIL:/,
    );
    expect(r.field('blue shoes', { type: 'search', name: 'q' })).toBe('blue shoes');
  });

  it('leaves placeholders and the page secret mask alone', () => {
    const once = r.field('Jane Doe', { autocomplete: 'name' });
    expect(r.field(once, { autocomplete: 'name' })).toBe(once);
    expect(r.field('********', { type: 'password' })).toBe('********');
  });
});

describe('group()', () => {
  it('masks every prefix of an email typed one key at a time, with a corrected typo', () => {
    const r = createRedactor({ key });
    const typed = [...prefixes('jane@exm'), 'jane@ex', 'jane@exa', ...prefixes('jane@example.com').slice(8)];
    const out = r.group(typed);
    expect(out).toHaveLength(typed.length);
    const final = out[out.length - 1] ?? '';
    expect(final).toMatch(PH);
    for (const [i, v] of out.entries()) {
      expect(v, typed[i]).toBe(final);
      expect(v).not.toMatch(/jane|exa|@/);
    }
  });

  it('masks partial card numbers typed digit by digit, also when the input reformats them', () => {
    const r = createRedactor({ key });
    const raw = prefixes('4111111111111111');
    const formatted = raw.map((v) => v.replace(/(\d{4})(?=\d)/g, '$1 '));
    for (const seq of [
      raw,
      formatted,
      [...formatted.slice(0, 9), '4111 1112', '4111 111', ...formatted.slice(7)],
    ]) {
      const out = r.group(seq);
      for (const [i, v] of out.entries()) {
        expect(v, seq[i]).toMatch(PH);
        expect(v).not.toMatch(/\d{2}/);
      }
    }
  });

  it('keeps surrounding text and unrelated values', () => {
    const r = createRedactor({ key });
    const out = r.group(['Hi', 'Hi, reach me at j', 'Hi, reach me at jane@example.com']);
    expect(out[0]).toBe('Hi');
    expect(out[1]).toMatch(/^Hi, reach me at \[EMAIL:\w{6}\]$/);
    expect(out[2]).toBe(out[1]);
  });

  it('uses the field context for whole-value masking with one pseudonym', () => {
    const r = createRedactor({ key });
    const out = r.group(['J', 'Ja', 'Jan', 'Jane', 'Jane D', 'Jane Doe', ''], { autocomplete: 'name' });
    const ph = r.field('Jane Doe', { autocomplete: 'name' });
    expect(out.slice(0, 6).every((v) => v === ph)).toBe(true);
    expect(out[6]).toBe('');
    const tel = r.group(['5', '55', '555', '5551', '55512', '555123', '5551234'], { type: 'tel' });
    expect(new Set(tel).size).toBe(1);
    expect(tel[0]).toMatch(/^\[PHONE:/);
  });

  it('does not let a name seen only mid-typing ("Frida") mask the word it grows into ("Friday")', () => {
    const r = createRedactor({ key });
    const typed = prefixes('Water the ficus by Friday');
    expect(r.text('Water the ficus by Frida')).toMatch(/\[PERSON_NAME:/); // the premise
    expect(r.group(typed)).toEqual(typed);
  });

  it('still masks every intermediate state of a real name typed one key at a time', () => {
    const r = createRedactor({ key });
    const lead = 'Please call ';
    const typed = prefixes(`${lead}Ana Lima today`);
    const out = r.group(typed);
    const ph = /^\[PERSON_NAME:\w{6}\]/;
    for (const [i, v] of out.entries()) {
      if ((typed[i]?.length ?? 0) <= lead.length) expect(v).toBe(typed[i]);
      else expect(v.slice(lead.length), typed[i]).toMatch(ph);
    }
  });

  it('keeps masking a name typed and then deleted, even if a word typed after starts the same', () => {
    const r = createRedactor({ key });
    const out = r.group(['Send it to Ana Lima', 'Send it to ', 'Send it to Anaheim']);
    expect(out[0]).toMatch(/^Send it to \[PERSON_NAME:\w{6}\]$/);
  });

  it('returns values unchanged when nothing is detected', () => {
    const r = createRedactor({ key });
    expect(r.group(['b', 'bl', 'blue'])).toEqual(['b', 'bl', 'blue']);
    expect(r.group([])).toEqual([]);
  });
});
