import { describe, expect, it } from 'vitest';
import { applyEdit, diff } from './pause-watch';

/** Types `steps` (successive values of one field) and returns the typed runs of the last value. */
function typedRuns(start: string, steps: string[]): string[] {
  let last = start;
  let spans: [number, number][] = [];
  for (const v of steps) {
    spans = applyEdit(spans, diff(last, v));
    last = v;
  }
  return spans.map(([a, b]) => last.slice(a, b));
}

describe('pause watch: which text counts as typed while paused', () => {
  it('is the run typed at the end of a prefilled field, not the prefilled text', () => {
    expect(typedRuns('Marigold ', ['Marigold Z', 'Marigold Ze', 'Marigold Zeb'])).toEqual(['Zeb']);
  });

  it('keeps two runs typed at two places apart, shifted by edits before them', () => {
    expect(typedRuns('abc XYZ', ['abc XYZ!!', 'Q abc XYZ!!'])).toEqual(['Q ', '!!']);
  });

  it('shrinks a run by what is deleted from it, and merges a run typed next to another', () => {
    expect(typedRuns('', ['hello', 'hel', 'help'])).toEqual(['help']);
    expect(typedRuns('base', ['base12', 'base1x2'])).toEqual(['1x2']);
  });

  it('finds a paste replacing a selection as one edit', () => {
    expect(diff('one two three', 'one PASTED three')).toEqual({ at: 4, removed: 3, inserted: 6 });
  });
});
