import { describe, expect, it } from 'vitest';
import { canaryRedactor } from '../testing/canary-redactor';
import { withLearnedValues } from './learned-values';

/** A redactor that masks whole values of "name" fields, like field-context masking does. */
function fieldMasking() {
  const base = canaryRedactor();
  return withLearnedValues({
    ...base,
    field: (v, ctx) => (ctx.autocomplete === 'name' ? '[PERSON_NAME:abc123]' : v),
    group: (vs, ctx) => vs.map((v) => (ctx?.autocomplete === 'name' ? '[PERSON_NAME:abc123]' : v)),
  });
}

describe('withLearnedValues', () => {
  it('redacts a value masked by its field wherever it reappears in the session', () => {
    const r = fieldMasking();
    expect(r.group(['A', 'An', 'Ana Lima'], { autocomplete: 'name' })).toEqual(
      Array(3).fill('[PERSON_NAME:abc123]'),
    );
    expect(r.text('Customer Ana Lima was created')).toBe('Customer [PERSON_NAME:abc123] was created');
    expect(r.text('ANA LIMA, ana lima')).toBe('[PERSON_NAME:abc123], [PERSON_NAME:abc123]');
    expect(r.field('Notes about Ana Lima', { name: 'notes' })).toBe('Notes about [PERSON_NAME:abc123]');
  });

  it('does not match inside other words, nor learn short values', () => {
    const r = fieldMasking();
    r.field('Ana Lima', { autocomplete: 'name' });
    r.field('Al', { autocomplete: 'name' });
    expect(r.text('Banana Limado')).toBe('Banana Limado');
    expect(r.text('Also Al said')).toBe('Also Al said');
    expect(r.learned()).toBe(1);
  });
});
