/** Placeholders, pseudonyms, idempotence, the report, admin rules and the fail-closed path. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedactor, validateRules } from './index';

const keyA = new Uint8Array(32).fill(1);
const keyB = new Uint8Array(32).fill(2);

const SAMPLES = [
  'Email: jane.doe@example.com, phone +1 415 555 0134',
  'Card 4111 1111 1111 1111 and IBAN DE89 3704 0044 0532 0130 00',
  'password: hunter2hunter2 # do not share',
  'https://user:s3cr3tpw@db.internal.example:5432/app',
  'https://app.example/reset?token=abcDEF123456ghiJKL789mno&page=2',
  'Dear Jane Roe, your SSN 123-45-6789 was born 1990-01-02',
  'Login from 203.0.113.42 and fe80::1ff:fe23:4567:890a',
];

describe('placeholders and pseudonyms', () => {
  it('uses typed placeholders with six base62 characters and never keeps digits or length', () => {
    const r = createRedactor({ key: keyA });
    const a = r.text('Card 4111 1111 1111 1111');
    const b = r.text('Card 4111111111111111');
    expect(a).toMatch(/^Card \[CREDIT_CARD:[0-9A-Za-z]{6}\]$/);
    // Same normalised value, same pseudonym; the output length does not follow the input's.
    expect(a).toBe(b);
    expect(a).not.toMatch(/1111/);
  });

  it('links the same value within a session, case and format aside', () => {
    const r = createRedactor({ key: keyA });
    const one = r.text('jane@example.com');
    expect(r.text('Contact JANE@EXAMPLE.COM today')).toContain(one);
    expect(r.text('other@example.com')).not.toBe(one);
  });

  it('gives different pseudonyms under a different key', () => {
    const a = createRedactor({ key: keyA }).text('jane@example.com');
    const b = createRedactor({ key: keyB }).text('jane@example.com');
    expect(a).not.toBe(b);
    expect(a.slice(0, 7)).toBe(b.slice(0, 7));
  });

  it('is idempotent: redacting redacted output changes nothing', () => {
    const r = createRedactor({ key: keyA });
    for (const s of SAMPLES) {
      const once = r.text(s);
      expect(r.text(once), s).toBe(once);
      expect(r.url(r.url(s))).toBe(r.url(s));
    }
  });

  it('does not detect placeholders as anything, even glued to key words', () => {
    const r = createRedactor({ key: keyA });
    for (const s of [
      '[EMAIL:abc123]',
      'token: [KV_SECRET:Zz9Yy8]',
      'password=[PASSWORD:Aa1Bb2]',
      '[REDACTED]',
      'SSN [US_SSN:123456]',
    ]) {
      expect(r.text(s)).toBe(s);
    }
    expect(r.report().counts).toEqual({});
  });

  it('rejects a missing or short key', () => {
    expect(() => createRedactor({ key: new Uint8Array(4) })).toThrow(/16 bytes/);
  });
});

describe('report', () => {
  it('counts every placeholder per type and lists what is not covered', () => {
    const r = createRedactor({ key: keyA });
    r.text('a@example.com b@example.com');
    r.text('Card 4111 1111 1111 1111');
    const rep = r.report();
    expect(rep.counts.EMAIL).toBe(2);
    expect(rep.counts.CREDIT_CARD).toBe(1);
    expect(rep.dropped).toBe(0);
    expect(rep.notCovered.some((x) => x.startsWith('PERSON_NAME'))).toBe(true);
  });
});

describe('admin rules', () => {
  it('validates patterns and terms with clear errors', () => {
    expect(validateRules({})).toEqual({ ok: true });
    expect(
      validateRules({ patterns: [{ name: 'Employee ID', regex: 'EMP-\\d{6}' }], terms: ['Project Falcon'] }),
    ).toEqual({ ok: true });
    const bad = validateRules({ patterns: [{ name: 'broken', regex: '(unclosed' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/pattern 1 "broken": invalid regular expression/);
    const nested = validateRules({ patterns: [{ name: 'slow', regex: '(a+)+$' }] });
    expect(nested.ok).toBe(false);
    if (!nested.ok) expect(nested.error).toMatch(/nested quantifiers/);
    const empty = validateRules({ patterns: [{ name: 'empty', regex: 'x*' }] });
    expect(empty.ok).toBe(false);
    expect(validateRules({ patterns: [{ name: 'f', regex: 'x', flags: 'gq' }] }).ok).toBe(false);
    expect(validateRules({ terms: [''] }).ok).toBe(false);
  });

  it('refuses to build a redactor from invalid rules', () => {
    expect(() => createRedactor({ key: keyA, rules: { patterns: [{ name: 'x', regex: '[' }] } })).toThrow(
      /invalid regular expression/,
    );
  });

  it('redacts extra patterns and case-insensitive terms, counted under the rule name', () => {
    const r = createRedactor({
      key: keyA,
      rules: { patterns: [{ name: 'Employee ID', regex: 'EMP-\\d{6}' }], terms: ['project falcon'] },
    });
    const out = r.text('EMP-123456 works on Project FALCON.');
    expect(out).toMatch(/^\[EMPLOYEE_ID:\w{6}\] works on \[CUSTOM_TERM:\w{6}\]\.$/);
    expect(r.report().counts['Employee ID']).toBe(1);
    expect(r.report().counts.CUSTOM_TERM).toBe(1);
    expect(r.text(out)).toBe(out);
  });
});

describe('fail closed', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('masks the whole string and counts it when the time budget is exceeded', () => {
    const r = createRedactor({ key: keyA, timeBudgetMs: -1 });
    const long = `Email jane@example.com ${'lorem ipsum '.repeat(100)}`;
    expect(r.text(long)).toBe('[REDACTED]');
    expect(r.report().dropped).toBe(1);
  });

  it('masks the whole string and counts it when a detector throws', () => {
    const r = createRedactor({ key: keyA });
    const spy = vi.spyOn(String.prototype, 'indexOf').mockImplementation(() => {
      throw new Error('boom');
    });
    const out = r.text('Email jane@example.com');
    const outUrl = r.url('https://example.com/?q=jane@example.com');
    const outGroup = r.group(['j', 'ja', 'jane@example.com']);
    spy.mockRestore();
    expect(out).toBe('[REDACTED]');
    expect(outUrl).toBe('[REDACTED]');
    expect(outGroup).toEqual(['[REDACTED]', '[REDACTED]', '[REDACTED]']);
    expect(r.report().dropped).toBe(5);
  });

  it('returns empty and non-string input unchanged', () => {
    const r = createRedactor({ key: keyA });
    expect(r.text('')).toBe('');
    expect(r.url('')).toBe('');
    expect(r.field('', { autocomplete: 'name' })).toBe('');
  });
});
