/** Whether a URL belongs to an enabled origin (exact origin, or a wildcard domain `*.example.com`). */
import type { OriginRule } from './session';

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
