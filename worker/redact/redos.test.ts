/**
 * Pathological inputs against every detector and the public entry points. A regex with nested
 * quantifiers or ambiguous alternation backtracks catastrophically and never returns, so the
 * vitest timeout is the assertion; the per-call bound catches accidental quadratic loops.
 */
import { describe, expect, it } from 'vitest';
import { findAddresses } from './detectors/address';
import { findCards } from './detectors/card';
import { findDobs } from './detectors/dob';
import { findEmails } from './detectors/email';
import { findHighEntropy } from './detectors/entropy';
import { findIbans } from './detectors/iban';
import { findIps } from './detectors/ip';
import { findJwts } from './detectors/jwt';
import { findAuthSchemes, findConnectionStrings, findKeyValues } from './detectors/kv';
import { findNames } from './detectors/name';
import { findPhones } from './detectors/phone';
import { findKnownSecrets, findPrivateKeys, findServiceAccounts } from './detectors/secrets';
import { findSsns } from './detectors/ssn';
import { createRedactor } from './index';
import type { Span } from './types';
import { findUrls } from './url';

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const INPUTS: Record<string, string> = {
  a: fill('a'),
  digits: fill('7'),
  at: fill('@'),
  'a@a.': fill('a@a.'),
  dash: fill('-'),
  spaces: fill(' '),
  ey: fill('ey'),
  eyJ: `eyJ${fill('a')}`,
  base64: fill('Ab0+/'),
  'digit-space': fill('1 '),
  'digit-dash': fill('1-'),
  'digit-dot': fill('1.'),
  colons: fill(':'),
  'hex-colon': fill('a:'),
  'key=': fill('key='),
  'pass=': fill('pass='),
  quotes: fill('"'),
  brackets: fill('[]'),
  parens: fill('()'),
  'url-tail': `https://a.example/${fill(')')}`,
  'url-amps': `https://a.example/?${fill('&')}`,
  'url-params': `https://a.example/?${fill('a=b&')}`,
  'many-urls': fill('"http://a b" '),
  'pem-open': fill('-----BEGIN PRIVATE KEY-----'),
  'pem-body': `-----BEGIN PRIVATE KEY-----\n${fill('QUJD')}`,
  'gcp-open': fill('{"type": "service_account"'),
  'aws-ids': fill('AKIAAAAAAAAAAAAAAAAA '),
  'mixed-case': fill('aA1'),
  'cap-words': fill('Aaaa '),
  dear: fill('Dear Aaaa Bbbb '),
  'street-ish': fill('12 Main Street '),
  'north-ish': fill('Goethestraße 1 '),
  dates: fill('12.12.1990 '),
  born: fill('born 1 January 1990 '),
  'phone-ish': fill('+1 (555) 555-5555 '),
  'ssn-ish': fill('123-45-6789 '),
  'iban-ish': fill('DE89 3704 '),
  'ip-ish': fill('1.2.3.4.'),
  'placeholder-ish': fill('[EMAIL:abcdef]'),
  unicode: fill('名前: 山田 '),
  newlines: fill('\n'),
  'comment verbs': fill('A commented '),
  cookie: `Cookie: ${fill('a=b; ')}`,
  cli: fill(' --password x'),
  conn: fill('Server=a;Pwd=b;Database=c;'),
  'quoted-open': fill('pass="'),
  'weak-quoted': fill("sig='a"),
  'cookie-lines': fill('Cookie: a\n'),
  'data-no-comma': fill('data:'),
  'data-quoted-open': fill('"data:'),
  'data-css-urls': fill('url(data:text/plain,a) '),
  'data-svg-tags': `data:image/svg+xml,${fill('<a b="c">')}`,
  'data-svg-scripts': `data:image/svg+xml,${fill('<script></script>')}`,
  'data-svg-open-tag': `data:image/svg+xml,${fill('<a ')}`,
  'data-svg-entities': `data:image/svg+xml,<t>${fill('&#64;')}`,
  'data-base64': `data:text/plain;base64,${fill('QUJD')}`,
};

type Finder = (s: string, out: Span[]) => void;
const DETECTORS: Record<string, Finder> = {
  address: findAddresses,
  card: findCards,
  dob: findDobs,
  email: findEmails,
  entropy: findHighEntropy,
  iban: findIbans,
  ip: findIps,
  jwt: findJwts,
  kv: findKeyValues,
  auth: findAuthSchemes,
  conn: findConnectionStrings,
  names: findNames,
  phone: findPhones,
  known: findKnownSecrets,
  pem: findPrivateKeys,
  gcp: findServiceAccounts,
  ssn: findSsns,
  url: (s, out) => findUrls(s, out, () => []),
};

// Generous for a loaded CI machine; catastrophic backtracking takes hours, quadratic loops minutes.
const PER_CALL_MS = 4000;

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

describe('ReDoS and quadratic-time guard (1 MB inputs)', () => {
  for (const [name, input] of Object.entries(INPUTS)) {
    it(`every detector stays linear on ${name}`, { timeout: 120_000 }, () => {
      for (const [det, fn] of Object.entries(DETECTORS)) {
        const ms = timed(() => fn(input, []));
        expect(ms, `${det} on ${name}`).toBeLessThan(PER_CALL_MS);
      }
    });

    it(`text/url/group/field return on ${name}`, { timeout: 120_000 }, () => {
      const r = createRedactor({ key: new Uint8Array(32).fill(3), timeBudgetMs: 60_000 });
      let out = '';
      expect(timed(() => (out = r.text(input)))).toBeLessThan(PER_CALL_MS);
      expect(typeof out).toBe('string');
      expect(timed(() => r.url(input))).toBeLessThan(PER_CALL_MS);
      expect(timed(() => r.group([input.slice(0, 1000), input]))).toBeLessThan(PER_CALL_MS * 2);
      expect(timed(() => r.field(input, { label: 'Comment' }))).toBeLessThan(PER_CALL_MS);
    });
  }
});
