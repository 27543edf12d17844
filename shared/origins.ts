/** Origin rules: how the user's input becomes one, whether a URL matches, its match patterns. */
import type { OriginRule } from './session';

/** Whether a URL belongs to an enabled origin (exact origin, or a wildcard domain `*.example.com`). */
export function originEnabled(url: string, rules: OriginRule[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  return rules.some((r) =>
    r.pattern.startsWith('*.')
      ? u.hostname === r.pattern.slice(2) || u.hostname.endsWith(r.pattern.slice(1))
      : u.origin === r.pattern,
  );
}

/** `http://127.0.0.1:4173` -> `http://127.0.0.1:4173/*`; `*.example.com` -> https and http patterns. */
export function matchPatterns(rule: OriginRule): string[] {
  if (rule.pattern.startsWith('*.')) return [`https://${rule.pattern}/*`, `http://${rule.pattern}/*`];
  return [`${rule.pattern}/*`];
}

export function normalizeOrigin(input: string): string {
  const trimmed = input.trim();
  if (trimmed.startsWith('*.')) return trimmed.toLowerCase();
  const url = new URL(trimmed);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not a web origin: ${input}`);
  return url.origin;
}
