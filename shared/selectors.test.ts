import { describe, expect, it } from 'vitest';
import { checkSelectors, joinSelectors, type SelectorParser } from './selectors';

/** A stand-in for the DOM's parser (vitest runs without a DOM; the e2e uses Chromium's). */
const parser: SelectorParser = (s) => {
  if (/[[(]$|^>|\/\*/.test(s.trim())) throw new SyntaxError(`'${s}' is not a valid selector`);
  return s.trim().replace(/\s*,\s*/g, ', ');
};

describe('checkSelectors', () => {
  it('keeps valid selectors in order, canonical, and drops invalid and empty ones with a reason', () => {
    const r = checkSelectors(['.rr-mask', 'div[', '  ', '[data-private]', '> p', 'a /* x'], parser);
    expect(r.valid).toEqual(['.rr-mask', '[data-private]']);
    expect(r.invalid.map((p) => p.selector)).toEqual(['div[', '  ', '> p', 'a /* x']);
    expect(r.invalid[0]?.reason).toMatch(/not a valid selector/);
    expect(r.invalid[1]?.reason).toBe('empty selector');
  });

  it('uses the canonical form and drops duplicates', () => {
    expect(checkSelectors(['.a ,.b', '.a, .b', '#c'], parser).valid).toEqual(['.a, .b', '#c']);
  });

  it('a parser that throws a non-Error still yields a reason', () => {
    const throwsString: SelectorParser = () => {
      throw 'nope';
    };
    expect(checkSelectors(['x'], throwsString)).toEqual({
      valid: [],
      invalid: [{ selector: 'x', reason: 'nope' }],
    });
  });

  it('joins to one list, or to "" (no selector) when none is left', () => {
    expect(joinSelectors(['.rr-mask', '[data-private]'])).toBe('.rr-mask, [data-private]');
    expect(joinSelectors(checkSelectors(['div['], parser).valid)).toBe('');
  });
});
