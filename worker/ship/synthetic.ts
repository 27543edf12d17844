/**
 * Replays need values a form accepts where the recording holds a placeholder: `[EMAIL:k3F9a2]`
 * becomes an example.com address, and so on for every type, so validation still passes. The same
 * placeholder gets the same value throughout one flow; different placeholders of one type get
 * different values (user1@, user2@), so "same address typed twice" survives.
 */
import { SECRET_MASK } from '../../shared/events';

const PLACEHOLDER = /\[([A-Z][A-Z0-9_]{0,39}):([0-9A-Za-z]{6})\]|\[REDACTED\]/g;

/** n = 1, 2, ... for the n-th distinct placeholder of a type. */
const SYNTHETIC: Record<string, (n: number) => string> = {
  EMAIL: (n) => `user${n}@example.com`,
  PHONE: (n) => `+1 555 01${String(n % 100).padStart(2, '0')}`,
  CREDIT_CARD: (n) => ['4242 4242 4242 4242', '5555 5555 5555 4444', '4000 0566 5566 5556'][(n - 1) % 3]!,
  CARD_DETAIL: () => '123',
  PERSON_NAME: (n) => (n === 1 ? 'Alex Example' : `Alex Example ${n}`),
  STREET_ADDRESS: (n) => `${n} Example Street`,
  POSTAL_CODE: () => '12345',
  DOB: () => '1990-01-01',
  US_SSN: () => '078-05-1120',
  NATIONAL_ID: () => 'X1234567',
  TAX_ID: () => '078-05-1120',
  IBAN: () => 'DE89 3704 0044 0532 0130 00',
  ACCOUNT_NUMBER: () => '000123456789',
  IP: (n) => `192.0.2.${n}`,
  IPV4: (n) => `192.0.2.${n}`,
  IPV6: (n) => `2001:db8::${n}`,
  PASSWORD: () => 'Example-Passw0rd!',
  URL_CREDENTIALS: () => 'https://user:example@example.com/',
};

const FALLBACK = (type: string) => (n: number) => `example-${type.toLowerCase().replaceAll('_', '-')}-${n}`;

export interface Synthesizer {
  /** The value with every placeholder (and the page's secret mask) replaced by a synthetic one. */
  value(v: string): string;
  /** How many placeholders were replaced, by type. */
  counts(): Record<string, number>;
}

export function createSynthesizer(): Synthesizer {
  const assigned = new Map<string, string>();
  const perType = new Map<string, number>();
  const counts: Record<string, number> = {};
  const forPlaceholder = (ph: string, type: string): string => {
    const hit = assigned.get(ph);
    if (hit !== undefined) return hit;
    const n = (perType.get(type) ?? 0) + 1;
    perType.set(type, n);
    const v = (SYNTHETIC[type] ?? FALLBACK(type))(n);
    assigned.set(ph, v);
    counts[type] = (counts[type] ?? 0) + 1;
    return v;
  };
  return {
    value(v) {
      if (v === SECRET_MASK) return forPlaceholder(SECRET_MASK, 'PASSWORD');
      return v.replace(PLACEHOLDER, (ph, type: string | undefined) => forPlaceholder(ph, type ?? 'REDACTED'));
    },
    counts: () => ({ ...counts }),
  };
}

/** Whether a string holds a placeholder (or is the page's secret mask). */
export function hasPlaceholder(v: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return v === SECRET_MASK || PLACEHOLDER.test(v);
}
