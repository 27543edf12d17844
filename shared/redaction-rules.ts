/**
 * Admin redaction rules (policy `redactionRules`): their shape and the one validation, a contract
 * between the service worker (which reads the policy and reports a bad rule to the admin) and the
 * recording worker (which compiles them, worker/redact/rules.ts). Checked up front so a bad regex
 * is reported instead of silently matching nothing or backtracking for ever.
 */
export interface AdminRules {
  patterns?: { name: string; regex: string; flags?: string }[];
  terms?: string[];
}

// A quantified group that itself contains a quantifier, e.g. (a+)+ or (\w*){2,}: the classic
// exponential-backtracking shape. Heuristic, but it catches the forms people write.
const NESTED = /\((?:[^()\\]|\\.)*[+*}]\??\)[+*{]/;
const NAME = /^[A-Za-z][A-Za-z0-9 _-]{0,39}$/;

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
