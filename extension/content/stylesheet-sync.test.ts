import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleDiff } from './stylesheet-sync';

/** What the replayer does with a StyleSheetRule event: adds in order, then removes in order. */
function apply(sheet: string[], d: ReturnType<typeof ruleDiff>): string[] {
  const out = [...sheet];
  for (const a of d.adds) out.splice(a.index, 0, a.rule);
  for (const r of d.removes) out.splice(r.index, 1);
  return out;
}

describe('ruleDiff (runtime CSS caught up from the isolated world)', () => {
  it('sends only the rules appended to a growing sheet', () => {
    const d = ruleDiff(['.a{}', '.b{}'], ['.a{}', '.b{}', '.c{}']);
    expect(d).toEqual({ adds: [{ rule: '.c{}', index: 2 }], removes: [] });
  });

  it('sends one add for a rule inserted first and one remove for a rule deleted in the middle', () => {
    expect(ruleDiff(['.a{}', '.b{}'], ['.x{}', '.a{}', '.b{}'])).toEqual({
      adds: [{ rule: '.x{}', index: 0 }],
      removes: [],
    });
    expect(ruleDiff(['.a{}', '.b{}', '.c{}'], ['.a{}', '.c{}'])).toEqual({
      adds: [],
      removes: [{ index: 1 }],
    });
  });

  it('turns any sheet into any other when replayed', () => {
    const rules = fc.array(fc.constantFrom('.a{}', '.b{}', '.c{}', '.d{}'), { maxLength: 8 });
    fc.assert(
      fc.property(rules, rules, (before, now) => {
        expect(apply(before, ruleDiff(before, now))).toEqual(now);
      }),
    );
  });
});
