/**
 * Admin rules: extra regexes (validated up front, so a bad one is reported to the admin instead
 * of silently matching nothing) and always-redact terms (case-insensitive literals).
 */
import { type AdminRules, validateRules } from '../../shared/redaction-rules';
import type { Sink } from './types';

export { validateRules };

export interface CompiledRules {
  patterns: { type: string; label: string; re: RegExp }[];
  terms: RegExp | null;
}

export function ruleType(name: string): string {
  return (
    name
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'RULE'
  );
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
