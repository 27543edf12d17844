import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './index';
import { SessionTerms, TypingLog, WINDOW, withSessionTerms, withTypingLog } from './session-terms';

const P = (run: string) => `[PAUSED:${run.length.toString().padStart(6, '0')}]`;
const windows = (v: string) => Array.from({ length: Math.max(1, v.length - 5) }, (_, i) => v.slice(i, i + 6));
const leaks = (text: string, value: string) =>
  windows(value.toLowerCase()).filter((w) => text.toLowerCase().includes(w));

describe('SessionTerms: what was typed while paused is masked wherever it appears', () => {
  const terms = new SessionTerms();
  terms.add(['Zebulon Quartzfeld', 'tangerine@orchard.test', 'yes', 'ok']);

  it('masks the whole term, its parts, other case and an echo run into other text', () => {
    for (const s of [
      'Hello Zebulon Quartzfeld!',
      'ZEBULON QUARTZFELD',
      'Preview: zebulon quartzf…',
      'Label Quartzfeldxyz and Zebulon',
      'mail tangerine@orchard.test now',
      '?q=Zebulon%20Quartzfeld&x=1',
      '?q=Zebulon+Quartzfeld',
      '?to=tangerine%40orchard.test',
    ]) {
      const out = terms.mask(s, P);
      expect(leaks(out, 'Zebulon Quartzfeld'), s).toEqual([]);
      expect(leaks(out, 'tangerine@orchard.test'), s).toEqual([]);
      expect(out, s).toContain('[PAUSED:');
    }
  });

  it('leaves unrelated text unchanged (the same string, by identity)', () => {
    const s = 'Marigold Vantablack typed before the pause; eyes open';
    expect(terms.mask(s, P)).toBe(s);
  });

  it('masks a short term only as a whole word', () => {
    expect(terms.mask('I said yes.', P)).toBe(`I said ${P('yes')}.`);
    expect(terms.mask('eyes, yesterday', P)).toBe('eyes, yesterday');
    expect(terms.mask('ok', P)).toBe('ok'); // below MIN_TERM: ignored
  });

  it('does not cut up a placeholder already in the string', () => {
    const t = new SessionTerms();
    t.add(['paused', 'email:']);
    expect(t.mask('[PAUSED:abc123] and [EMAIL:xyz789]', P)).toBe('[PAUSED:abc123] and [EMAIL:xyz789]');
  });

  it('property: no WINDOW-character window of a term survives in any string that contains it', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: WINDOW, maxLength: 30 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (term, before, after) => {
          const t = new SessionTerms();
          t.add([term]);
          const core = term.trim();
          fc.pre(core.length >= WINDOW && !core.includes('['));
          const out = t.mask(before + core.toUpperCase() + after, () => '\u0000');
          const f = out.toLowerCase();
          for (let i = 0; i + WINDOW <= core.length; i++) {
            const w = core.slice(i, i + WINDOW).toLowerCase();
            if (w.toUpperCase().toLowerCase() !== w) continue; // not case-stable (e.g. ß): skipped
            expect(f.includes(w)).toBe(false);
          }
        },
      ),
    );
  });
});

describe('withSessionTerms: the session redactor applies terms to every kind of string', () => {
  const key = new Uint8Array(32).fill(7);

  it('masks in text, URLs, field values and typing groups, counts PAUSED, and keeps its placeholders keyed', () => {
    const terms = new SessionTerms();
    const r = withSessionTerms(
      createRedactor({ key }),
      terms,
      (t, run) => `[${t}:${String(run.length).padStart(6, '0')}]`,
    );
    expect(r.text('Zebulon Quartzfeld')).toBe('Zebulon Quartzfeld'); // no terms yet
    terms.add(['Zebulon Quartzfeld']);
    expect(r.text('Hi Zebulon Quartzfeld')).not.toMatch(/zebulo|quartz/i);
    expect(r.url('https://app.test/?q=Zebulon%20Quartzfeld')).not.toMatch(/zebulo|quartz/i);
    expect(r.field('Zebulon Quartzfeld', { name: 'note' })).not.toMatch(/zebulo|quartz/i);
    const grouped = r.group(['Zebulon Quartzfeld a', 'Zebulon Quartzfeld and more']);
    expect(grouped.join(' ')).not.toMatch(/zebulo|quartz/i);
    expect(grouped[1]).toContain('and more');
    expect(r.report().counts.PAUSED).toBeGreaterThanOrEqual(5);
  });
});

describe('TypingLog: recent typing for "forget the last N minutes"', () => {
  it('returns values committed since a time, drops old ones past the age or size limit', () => {
    const log = new TypingLog(60_000, 40);
    log.add(1_000, ['before the window']);
    log.add(50_000, ['inside the window', 'ab']);
    expect(log.since(10_000)).toEqual(['inside the window']);
    log.add(100_000, ['much later']); // the first entry is now older than a minute
    expect(log.since(0)).toEqual(['inside the window', 'much later']);
    log.add(100_001, ['x'.repeat(31)]); // over 40 characters: the oldest go
    expect(log.since(0)).toEqual(['x'.repeat(31)]);
  });

  it('is fed by typing-group commits through the redactor', () => {
    const log = new TypingLog();
    const r = withTypingLog(createRedactor({ key: new Uint8Array(32) }), log, () => 5);
    r.group(['Zeb', 'Zebulon Q']);
    r.text('not typing');
    expect(log.since(5)).toEqual(['Zeb', 'Zebulon Q']);
  });
});
