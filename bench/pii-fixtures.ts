/**
 * Locates and scores the shared PII/secret fixtures (`<repo>/../shared/fixtures/pii`). They are
 * read at test and bench time and never copied into the repo. Scoring follows the fixtures
 * README so numbers are comparable across tools.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesRequired = process.env.CI === 'true';

export interface PiiRecord {
  kind: 'pos' | 'neg';
  type?: string;
  family?: string;
  id?: string;
  text: string;
  prefix?: string;
  suffix?: string;
  value?: string;
  leak?: string[];
}

export interface PresidioSpan {
  entity_type: string;
  entity_value: string;
  start_position: number;
  end_position: number;
}

export interface PresidioRecord {
  full_text: string;
  spans: PresidioSpan[];
}

export interface PiiFixtures {
  dir: string;
  dev: PiiRecord[];
  presidio: PresidioRecord[] | null;
  secretlint: PiiRecord[] | null;
}

export function piiFixturesDir(): string {
  const env = process.env.PII_FIXTURES_DIR;
  if (env) return resolve(env);
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  return resolve(repo, '..', 'shared', 'fixtures', 'pii');
}

function readJson<T>(path: string): T | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

/** The fixtures, or null when the dev corpus is absent (external sets are optional). */
export function loadPiiFixtures(): PiiFixtures | null {
  const dir = piiFixturesDir();
  const dev = readJson<PiiRecord[]>(join(dir, 'dev-corpus.json'));
  if (!dev) return null;
  return {
    dir,
    dev,
    presidio: readJson<PresidioRecord[]>(join(dir, 'external', 'presidio-synth-v2.json')),
    secretlint: readJson<PiiRecord[]>(join(dir, 'external', 'secretlint-snapshots.json')),
  };
}

export type RedactFn = (s: string) => string;

/** README rule: a positive leaks if any 6-character piece of a leak string survives. */
export function leaks(out: string, leak: string[]): boolean {
  for (const l of leak) {
    if (l.length <= 6) {
      if (l.length > 0 && out.includes(l)) return true;
      continue;
    }
    for (let i = 0; i + 6 <= l.length; i++) if (out.includes(l.slice(i, i + 6))) return true;
  }
  return false;
}

const PHONE_WORDS = /phone|\btel\b|tel:|mobile|cell|call|fax|hotline|whatsapp|sms|contact|desk|office/i;
const SSN_WORDS = /ssn|social security|tax id/i;

/** "Formatted or in context": separators in the value, or a context word around it. */
export function formattedOrContext(type: string, value: string, around: string): boolean {
  if (/[^\d]/.test(value.trim())) return true;
  if (type === 'PHONE') return PHONE_WORDS.test(around);
  if (type === 'US_SSN') return SSN_WORDS.test(around);
  return true;
}

export interface TypeScore {
  n: number;
  caught: number;
  recall: number;
  contextKept?: number;
  /** PHONE / US_SSN: values with separators or a context word (the bar applies here). */
  formatted?: { n: number; caught: number; recall: number };
  /** PHONE / US_SSN: bare digit runs with no context word (reported separately). */
  bare?: { n: number; caught: number; recall: number };
}

export interface FamilyScore {
  n: number;
  altered: number;
  rate: number;
  examples: { text: string; out: string }[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

function bump(map: Record<string, TypeScore>, type: string, caught: boolean): TypeScore {
  const t = map[type] ?? { n: 0, caught: 0, recall: 0 };
  map[type] = t;
  t.n++;
  if (caught) t.caught++;
  t.recall = ratio(t.caught, t.n);
  return t;
}

function bumpSplit(t: TypeScore, key: 'formatted' | 'bare', caught: boolean): void {
  const s = t[key] ?? { n: 0, caught: 0, recall: 0 };
  t[key] = s;
  s.n++;
  if (caught) s.caught++;
  s.recall = ratio(s.caught, s.n);
}

export interface DevScore {
  types: Record<string, TypeScore>;
  families: Record<string, FamilyScore>;
  negatives: number;
  falseHits: number;
  falseHitsPer10k: number;
  misses: { type: string; text: string; out: string }[];
}

export function scoreRecords(redact: RedactFn, records: PiiRecord[]): DevScore {
  const types: Record<string, TypeScore> = {};
  const families: Record<string, FamilyScore> = {};
  const kept: Record<string, number> = {};
  const misses: DevScore['misses'] = [];
  let negatives = 0;
  let falseHits = 0;
  for (const r of records) {
    const out = redact(r.text);
    if (r.kind === 'pos') {
      const type = r.type ?? r.id?.split('/')[0] ?? 'SECRET';
      const caught = !leaks(out, r.leak ?? []);
      const t = bump(types, type, caught);
      if (!caught) misses.push({ type, text: r.text, out });
      const ctxOk = (!r.prefix || out.startsWith(r.prefix)) && (!r.suffix || out.endsWith(r.suffix));
      if (ctxOk) kept[type] = (kept[type] ?? 0) + 1;
      t.contextKept = ratio(kept[type] ?? 0, t.n);
      if ((type === 'PHONE' || type === 'US_SSN') && r.value !== undefined) {
        bumpSplit(t, formattedOrContext(type, r.value, r.text) ? 'formatted' : 'bare', caught);
      }
    } else {
      negatives++;
      const fam = r.family ?? r.id?.split('/')[0] ?? 'NEG';
      const f = families[fam] ?? { n: 0, altered: 0, rate: 0, examples: [] };
      families[fam] = f;
      f.n++;
      if (out !== r.text) {
        f.altered++;
        falseHits++;
        if (f.examples.length < 5) f.examples.push({ text: r.text, out });
      }
      f.rate = ratio(f.altered, f.n);
    }
  }
  return {
    types,
    families,
    negatives,
    falseHits,
    falseHitsPer10k: (falseHits / Math.max(1, negatives)) * 10000,
    misses,
  };
}

const PRESIDIO_MAP: Record<string, string> = {
  EMAIL_ADDRESS: 'EMAIL',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  PHONE_NUMBER: 'PHONE',
  US_SSN: 'US_SSN',
};

/** README rule: share of entity values no longer verbatim in the output, per entity type. */
export function scorePresidio(redact: RedactFn, records: PresidioRecord[]): Record<string, TypeScore> {
  const types: Record<string, TypeScore> = {};
  for (const r of records) {
    const out = redact(r.full_text);
    for (const sp of r.spans) {
      let type = PRESIDIO_MAP[sp.entity_type] ?? sp.entity_type;
      if (sp.entity_type === 'IP_ADDRESS') type = sp.entity_value.includes(':') ? 'IPV6' : 'IPV4';
      const caught = !out.includes(sp.entity_value);
      const t = bump(types, type, caught);
      if (type === 'PHONE' || type === 'US_SSN') {
        const around = r.full_text.slice(Math.max(0, sp.start_position - 40), sp.end_position + 16);
        bumpSplit(t, formattedOrContext(type, sp.entity_value, around) ? 'formatted' : 'bare', caught);
      }
    }
  }
  return types;
}

/** Types with a hard recall bar (README + brief). */
export const BARRED_TYPES = [
  'EMAIL',
  'CREDIT_CARD',
  'IBAN',
  'IPV4',
  'IPV6',
  'AWS_KEY',
  'GITHUB_TOKEN',
  'SLACK_TOKEN',
  'JWT',
  'STRIPE_KEY',
  'PRIVATE_KEY',
  'URL_CREDENTIALS',
  'URL_QUERY_SECRET',
  'KV_SECRET',
  'PHONE',
  'US_SSN',
];
/** Recall that counts for the bar: PHONE/US_SSN only over formatted-or-context values. */
export function barRecall(t: TypeScore): number {
  return t.formatted ? t.formatted.recall : t.recall;
}

/**
 * Person-name recall split by whether the name is in the detector's own lists (`inLists`): Presidio
 * PERSON values and dev-corpus PERSON_NAME values, scored by the same rules as above.
 */
export function scorePersonsByList(
  redact: RedactFn,
  fx: PiiFixtures,
  inLists: (name: string) => boolean,
): Record<string, { n: number; caught: number; recall: number }> {
  const out: Record<string, { n: number; caught: number; recall: number }> = {};
  const add = (key: string, caught: boolean) => {
    let t = out[key];
    if (!t) {
      t = { n: 0, caught: 0, recall: 0 };
      out[key] = t;
    }
    t.n++;
    if (caught) t.caught++;
    t.recall = t.caught / t.n;
  };
  for (const r of fx.presidio ?? []) {
    const spans = r.spans.filter((sp) => sp.entity_type === 'PERSON');
    if (spans.length === 0) continue;
    const text = redact(r.full_text);
    for (const sp of spans) {
      add(
        `presidio PERSON ${inLists(sp.entity_value) ? 'in' : 'not in'} lists`,
        !text.includes(sp.entity_value),
      );
    }
  }
  for (const r of fx.dev) {
    if (r.kind !== 'pos' || r.type !== 'PERSON_NAME' || r.value === undefined) continue;
    add(
      `dev PERSON_NAME ${inLists(r.value) ? 'in' : 'not in'} lists`,
      !leaks(redact(r.text), r.leak ?? [r.value]),
    );
  }
  return out;
}
