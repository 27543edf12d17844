import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../shared/events';
import { maskText } from './masking';

describe('maskText (text under a mask selector)', () => {
  it('replaces text by the one fixed mask: no length, no word breaks', () => {
    expect(maskText('Ottilie Wunderlich-Brackwater 4471')).toBe(SECRET_MASK);
    expect(maskText('a')).toBe(SECRET_MASK);
  });

  it('gives the same output for any text that is not blank', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        (s) => maskText(s) === SECRET_MASK,
      ),
    );
  });

  it('leaves whitespace-only text (between masked elements) as it is', () => {
    expect(maskText('\n    ')).toBe('\n    ');
    expect(maskText('')).toBe('');
  });
});
