/** Echo guard: which strings are held while a value is typed, and how they are masked at commit. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../redact/index';
import { EchoGuard, entitiesOf, GramIndex, type HeldString, maskRuns } from './echo-guard';

const key = new Uint8Array(32).fill(7);
const prefixes = (s: string): string[] => Array.from({ length: s.length }, (_, i) => s.slice(0, i + 1));
const windows = (s: string): string[] =>
  Array.from({ length: Math.max(0, s.length - 5) }, (_, i) => s.slice(i, i + 6));

describe('GramIndex', () => {
  it('matches a string sharing a 4-character run with a typed value, ignoring ASCII case', () => {
    const idx = new GramIndex<string>();
    idx.add('a', 'jane.doe@exa');
    expect([...idx.match('Results for “JANE.D”')]).toEqual(['a']);
    expect([...idx.match('To: e@ex')]).toEqual(['a']);
  });

  it('does not match 3-character runs or strings of another group', () => {
    const idx = new GramIndex<string>();
    idx.add('a', 'jane.doe@exa');
    idx.add('b', 'harbour crane');
    expect(idx.match('jan').size).toBe(0);
    expect(idx.match('a janitor at the dock').size).toBe(0);
    expect([...idx.match('crane schedule')]).toEqual(['b']);
  });

  it('forgets a group on delete, keeping grams another group shares', () => {
    const idx = new GramIndex<string>();
    idx.add('a', 'shared-text');
    idx.add('b', 'shared-word');
    idx.delete('a');
    expect([...idx.match('shared')]).toEqual(['b']);
    expect(idx.match('text').size).toBe(0);
    idx.delete('b');
    expect(idx.size).toBe(0);
    expect(idx.match('shared').size).toBe(0);
  });

  it('finds every group a string echoes, wherever the run is in a long string', () => {
    const idx = new GramIndex<number>();
    idx.add(1, 'alpha-value');
    idx.add(2, 'omega-value');
    const long = `${'x'.repeat(10_000)}alph${'y'.repeat(10_000)}omeg`;
    expect([...idx.match(long)].sort()).toEqual([1, 2]);
  });
});

describe('entitiesOf', () => {
  it('recovers each masked span and its placeholder from a value and its redaction', () => {
    expect(
      entitiesOf(['mail jane@ex.io or bob@ex.io now'], ['mail [EMAIL:aaaaaa] or [EMAIL:bbbbbb] now']),
    ).toEqual([
      { raw: 'jane@ex.io', placeholder: '[EMAIL:aaaaaa]' },
      { raw: 'bob@ex.io', placeholder: '[EMAIL:bbbbbb]' },
    ]);
  });

  it('takes a whole-value placeholder as one span and skips unchanged values', () => {
    expect(entitiesOf(['Ana Lima', 'same'], ['[PERSON_NAME:cccccc]', 'same'])).toEqual([
      { raw: 'Ana Lima', placeholder: '[PERSON_NAME:cccccc]' },
    ]);
  });

  it('attributes touching placeholders to the first, and learns nothing from a redaction that does not fit', () => {
    expect(entitiesOf(['ab12cd34 end'], ['[A:aaaaaa][B:bbbbbb] end'])).toEqual([
      { raw: 'ab12cd34', placeholder: '[A:aaaaaa]' },
    ]);
    expect(entitiesOf(['hello'], ['bye [A:aaaaaa]'])).toEqual([]);
  });
});

describe('maskRuns', () => {
  const e = [{ raw: 'jane.doe@example.com', placeholder: '[EMAIL:k3F9a2]' }];

  it('replaces a prefix, an infix and a case-changed echo of the entity with its placeholder', () => {
    expect(maskRuns('Results for “jane.doe@exa”', e)).toBe('Results for “[EMAIL:k3F9a2]”');
    expect(maskRuns('doe@example', e)).toBe('[EMAIL:k3F9a2]');
    expect(maskRuns('TO: JANE.DOE@EX', e)).toBe('TO: [EMAIL:k3F9a2]');
  });

  it('keeps runs under 4 characters and text that is not part of the entity', () => {
    expect(maskRuns('jan', e)).toBe('jan');
    expect(maskRuns('Harbour crane schedule', e)).toBe('Harbour crane schedule');
  });

  it('bridges a short typo between two runs of the same entity', () => {
    expect(maskRuns('jane.dox@example.com', e)).toBe('[EMAIL:k3F9a2]');
  });

  it('never rewrites a placeholder already in the string', () => {
    const ent = [{ raw: 'EMAIL:k3F9a2 x', placeholder: '[X:zzzzzz]' }];
    expect(maskRuns('see [EMAIL:k3F9a2] now', ent)).toBe('see [EMAIL:k3F9a2] now');
  });
});

/** A held string in a plain object, recording releases. */
function held(value: string, finish: (s: string) => string = (s) => s) {
  const holder: Record<string, unknown> = { v: value };
  let releases = 0;
  const slot: HeldString = { holder, key: 'v', finish, released: () => releases++ };
  return { slot, holder, releases: () => releases };
}

describe('EchoGuard', () => {
  it('holds nothing while no group is open', () => {
    const g = new EchoGuard();
    expect(g.hold(held('jane.doe@example.com').slot)).toBe(false);
  });

  it('holds an echo of a value being typed and masks it with the placeholder of the committed value', () => {
    const r = createRedactor({ key });
    const g = new EchoGuard();
    const values = prefixes('jane.doe@example.com');
    const echoes = values.map((v) => held(`Results for “${v}”`, (s) => r.text(s)));
    const heldNow: boolean[] = [];
    for (const [i, v] of values.entries()) {
      g.typed('s\u0000field', v);
      heldNow.push(g.hold(echoes[i]!.slot));
    }
    // "jane" and longer are held; shorter prefixes share no 4-character run.
    expect(heldNow.indexOf(true)).toBe(3);
    const redacted = r.group(values, undefined);
    const ph = redacted.at(-1)!;
    expect(ph).toMatch(/^\[EMAIL:[0-9A-Za-z]{6}\]$/);
    g.commit('s\u0000field', entitiesOf(values, redacted));
    for (const [i, echo] of echoes.entries()) {
      if (i < 3) continue;
      expect(echo.holder.v).toBe(`Results for “${ph}”`);
      expect(echo.releases()).toBe(1);
    }
    expect(g.size).toBe(0);
  });

  it('releases an echo of a non-personal value unchanged, through its usual redaction', () => {
    const g = new EchoGuard();
    g.typed('k', 'harbour crane');
    const echo = held('Results for harbour cr', (s) => `<${s}>`);
    expect(g.hold(echo.slot)).toBe(true);
    g.commit('k', []);
    expect(echo.holder.v).toBe('<Results for harbour cr>');
    expect(echo.releases()).toBe(1);
  });

  it('releases a string two groups hold only after both committed, masked by both', () => {
    const g = new EchoGuard();
    g.typed('a', 'ana@mail.example');
    g.typed('b', 'bob@post.example');
    const echo = held('ana@mail.ex and bob@post.ex');
    expect(g.hold(echo.slot)).toBe(true);
    g.commit('a', [{ raw: 'ana@mail.example', placeholder: '[EMAIL:aaaaaa]' }]);
    expect(echo.releases()).toBe(0);
    expect(echo.holder.v).toBe('[EMAIL:aaaaaa] and bob@post.ex');
    g.commit('b', [{ raw: 'bob@post.example', placeholder: '[EMAIL:bbbbbb]' }]);
    expect(echo.releases()).toBe(1);
    expect(echo.holder.v).toBe('[EMAIL:aaaaaa] and [EMAIL:bbbbbb]');
  });

  it('property: no 6-character window of a typed e-mail survives in any echo template', () => {
    const r = createRedactor({ key });
    const word = fc.stringMatching(/^[a-z]{3,9}$/);
    const email = fc.tuple(word, word, word).map(([a, b, c]) => `${a}.${b}@${c}mail.org`);
    const template = fc.constantFrom(
      (v: string) => `Results for “${v}”`,
      (v: string) => `To: ${v}`,
      (v: string) => v.toUpperCase(),
      (v: string) => `${v.length}/80 · ${v}`,
      (v: string) => `/search?q=${v}`,
    );
    fc.assert(
      fc.property(email, template, (value, t) => {
        const g = new EchoGuard();
        const values = prefixes(value);
        const echoes = values.map((v) => held(t(v), (s) => r.text(s)));
        for (const [i, v] of values.entries()) {
          g.typed('k', v);
          if (!g.hold(echoes[i]!.slot)) echoes[i]!.holder.v = r.text(String(echoes[i]!.holder.v));
        }
        g.commit('k', entitiesOf(values, r.group(values)));
        const stored = echoes.map((e) => String(e.holder.v).toLowerCase()).join('\n');
        for (const w of windows(value)) expect(stored).not.toContain(w);
      }),
      { numRuns: 60 },
    );
  });
});
