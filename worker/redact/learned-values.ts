/**
 * Values the redactor masked because of their field (a name typed into "Full name", an address
 * into "Street address") often reappear later as plain text: the saved customer's name in a list.
 * Text alone cannot tell a name; the session can. Each such value is remembered, in memory only
 * (storing it would store PII), and replaced by the same placeholder wherever it reappears in
 * that session. Lost when the worker restarts: later reappearances are then left to the detectors.
 */
import type { FieldContext, Redactor } from './index';

const PLACEHOLDER = /^\[([A-Z_]+):[A-Za-z0-9_-]{6}\]$/;
/** Short values ("Al", "NY") would match inside ordinary words. */
const MIN_LEARNED_LENGTH = 4;

export function withLearnedValues(inner: Redactor): Redactor & { learned(): number } {
  const terms = new Map<string, string>(); // lowercased value -> placeholder
  let longest = 0;

  const learn = (value: string, redacted: string) => {
    const v = value.trim();
    if (v.length < MIN_LEARNED_LENGTH || !PLACEHOLDER.test(redacted.trim())) return;
    terms.set(v.toLowerCase(), redacted.trim());
    longest = Math.max(longest, v.length);
  };

  const replaceLearned = (s: string): string => {
    if (terms.size === 0 || s.length < MIN_LEARNED_LENGTH) return s;
    let lower = s.toLowerCase();
    for (const [term, placeholder] of terms) {
      let at = lower.indexOf(term);
      while (at >= 0) {
        const before = at === 0 ? '' : (lower[at - 1] ?? '');
        const after = lower[at + term.length] ?? '';
        if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) {
          s = s.slice(0, at) + placeholder + s.slice(at + term.length);
          lower = s.toLowerCase();
          at = lower.indexOf(term, at + placeholder.length);
        } else at = lower.indexOf(term, at + 1);
      }
    }
    return s;
  };

  return {
    text: (s) => inner.text(replaceLearned(s)),
    url: (s) => inner.url(replaceLearned(s)),
    srcset: (s) => inner.srcset(replaceLearned(s)),
    field(value: string, ctx: FieldContext) {
      const out = inner.field(value, ctx);
      learn(value, out);
      return out === value ? replaceLearned(out) : out;
    },
    group(values: string[], ctx?: FieldContext) {
      const out = inner.group(values, ctx);
      const last = values.length - 1;
      if (last >= 0) learn(values[last] ?? '', out[last] ?? '');
      return out.map((v, i) => (v === values[i] ? replaceLearned(v) : v));
    },
    report: () => inner.report(),
    learned: () => terms.size,
  };
}
