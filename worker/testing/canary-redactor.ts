/**
 * A redactor for tests of the plumbing: it replaces the word CANARY wherever a string reaches it,
 * and remembers which kind of call saw it, so a test can prove every string went through.
 */
import type { FieldContext, RedactionReport, Redactor } from '../redact/index';

export const CANARY = 'CANARY';

export function canaryRedactor(): Redactor & { calls: Record<string, number>; groups: string[][] } {
  const calls: Record<string, number> = {};
  const groups: string[][] = [];
  const hit = (kind: string, s: string) => {
    if (s.includes(CANARY)) calls[kind] = (calls[kind] ?? 0) + 1;
    return s.replaceAll(CANARY, '[X]');
  };
  return {
    calls,
    groups,
    text: (s) => hit('text', s),
    url: (s) => hit('url', s),
    srcset: (s) => hit('srcset', s),
    field: (s: string, _ctx: FieldContext) => hit('field', s),
    group: (values: string[]) => {
      groups.push([...values]);
      return values.map((v) => hit('group', v));
    },
    report: (): RedactionReport => ({
      counts: { CANARY: Object.values(calls).reduce((a, b) => a + b, 0) },
      dropped: 0,
      notCovered: [],
    }),
  };
}
