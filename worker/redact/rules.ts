/**
 * Admin rules: extra regexes (validated up front, so a bad one is reported to the admin instead
 * of silently matching nothing) and always-redact terms (case-insensitive literals).
 */
import type { AdminRules, Sink } from './types';

export interface CompiledRules {
  patterns: { type: string; label: string; re: RegExp }[];
  terms: RegExp | null;
}

// A quantified group that itself contains a quantifier, e.g. (a+)+ or (\w*){2,}: the classic
// exponential-backtracking shape. Heuristic, but it catches the forms people write.
const NESTED = /\((?:[^()\\]|\\.)*[+*}]\??\)[+*{]/;
const NAME = /^[A-Za-z][A-Za-z0-9 _-]{0,39}$/;

export function ruleType(name: string): string {
  return (
    name
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'RULE'
  );
}

export function validateRules(rules: AdminRules): { ok: true } | { ok: false; error: string } {
  if (rules === null || typeof rules !== 'object') return { ok: false, error: 'rules must be an object' };
  if (rules.patterns !== undefined) {
    if (!Array.isArray(rules.patterns)) return { ok: false, error: 'patterns must be an array' };
    for (const [i, p] of rules.patterns.entries()) {
      const where = `pattern ${i + 1}${p && typeof p.name === 'string' ? ` "${p.name}"` : ''}`;
      if (!p || typeof p.name !== 'string' || !NAME.test(p.name)) {
        return {
          ok: false,
          error: `${where}: name must start with a letter and use letters, digits, space, _ or - (max 40)`,
        };
      }
      if (typeof p.regex !== 'string' || p.regex.length === 0 || p.regex.length > 2000) {
        return { ok: false, error: `${where}: regex must be a non-empty string of at most 2000 characters` };
      }
      const flags = p.flags ?? '';
      if (typeof flags !== 'string' || !/^[gimsuy]*$/.test(flags) || new Set(flags).size !== flags.length) {
        return { ok: false, error: `${where}: flags may only contain g, i, m, s, u, y, each once` };
      }
      let re: RegExp;
      try {
        re = new RegExp(p.regex, flags.replace(/[gy]/g, ''));
      } catch (e) {
        return { ok: false, error: `${where}: invalid regular expression: ${(e as Error).message}` };
      }
      if (re.test(''))
        return { ok: false, error: `${where}: matches the empty string, which would redact nothing useful` };
      if (NESTED.test(p.regex)) {
        return {
          ok: false,
          error: `${where}: nested quantifiers such as (a+)+ can take exponential time; rewrite without a quantified group that contains a quantifier`,
        };
      }
    }
  }
  if (rules.terms !== undefined) {
    if (!Array.isArray(rules.terms)) return { ok: false, error: 'terms must be an array of strings' };
    for (const [i, t] of rules.terms.entries()) {
      if (typeof t !== 'string' || t.trim().length === 0 || t.length > 200) {
        return { ok: false, error: `term ${i + 1}: must be a non-empty string of at most 200 characters` };
      }
    }
  }
  return { ok: true };
}

export function compileRules(rules: AdminRules | undefined): CompiledRules | null {
  if (!rules) return null;
  const v = validateRules(rules);
  if (!v.ok) throw new Error(`invalid admin rules: ${v.error}`);
  const patterns = (rules.patterns ?? []).map((p) => ({
    type: ruleType(p.name),
    label: p.name,
    re: new RegExp(p.regex, `${(p.flags ?? '').replace(/[gy]/g, '')}g`),
  }));
  const terms = (rules.terms ?? [])
    .map((t) => t.trim())
    .sort((a, b) => b.length - a.length)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (patterns.length === 0 && terms.length === 0) return null;
  return { patterns, terms: terms.length > 0 ? new RegExp(terms.join('|'), 'giu') : null };
}

export function findRuleMatches(s: string, out: Sink, rules: CompiledRules): void {
  for (const p of rules.patterns) collect(s, out, p.re, p.type, p.label);
  if (rules.terms) collect(s, out, rules.terms, 'CUSTOM_TERM', 'CUSTOM_TERM');
}

function collect(s: string, out: Sink, re: RegExp, type: string, label: string): void {
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, type, label });
  }
}
