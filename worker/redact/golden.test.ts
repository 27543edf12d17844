/**
 * Golden outputs: for every record of the shared PII fixtures (and a few cut or joined variants),
 * the redactor's output with a fixed key must stay byte-for-byte the same (performance work must not change what is redacted). Only a
 * SHA-256 per fixture file is committed (fixtures/golden.json), never the outputs themselves.
 * Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run worker/redact/golden`.
 * Skips with a message when the fixtures folder is absent; fails instead when CI=true.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturesRequired, loadPiiFixtures, piiFixturesDir } from '../../bench/pii-fixtures';
import { createRedactor } from './index';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'golden.json');
const KEY = new Uint8Array(32).fill(7);

// Whitespace-separated pieces that read as URLs (absolute, scheme-relative, rooted or www.).
const URL_LIKE = /^(?:[A-Za-z][A-Za-z0-9+.-]*:|\/|www\.)/;

function urlInputs(text: string): string[] {
  const out: string[] = [];
  if (URL_LIKE.test(text.trim())) out.push(text);
  for (const tok of text.split(/\s+/)) {
    const t = tok.replace(/^["'(<]+|["')>,.]+$/g, '');
    if (t !== text && (t.includes('://') || (t.length > 1 && URL_LIKE.test(t)))) out.push(t);
  }
  return out;
}

/**
 * Each record, plus deterministic variants that move detector edges: the text cut at a third
 * from either end (a value loses its label or its tail) and joined to the next record.
 */
function inputsOf(texts: string[]): string[] {
  const out: string[] = [];
  for (const [i, t] of texts.entries()) {
    const third = Math.floor(t.length / 3);
    out.push(t, t.slice(third), t.slice(0, t.length - third), `${t}\n${texts[(i + 1) % texts.length]}`);
  }
  return out;
}

/** SHA-256 of every output (text, text of the output, url of URL-like pieces) and the counts. */
function digest(texts: string[]): string {
  // Untimed: under load a blown time budget masks a whole string, and the hashes must not depend on load.
  const r = createRedactor({ key: KEY, timeBudgetMs: Number.POSITIVE_INFINITY });
  const h = createHash('sha256');
  for (const t of inputsOf(texts)) {
    const once = r.text(t);
    h.update(once).update('\u0000').update(r.text(once)).update('\u0000');
    for (const u of urlInputs(t)) h.update(r.url(u)).update('\u0000');
    h.update('\u0002');
  }
  const counts = r.report().counts;
  const sorted = Object.keys(counts)
    .sort()
    .map((k) => [k, counts[k]]);
  h.update(JSON.stringify({ counts: sorted, dropped: r.report().dropped }));
  return h.digest('hex');
}

const fx = loadPiiFixtures();

describe('golden outputs over the PII fixtures', () => {
  if (!fx) {
    if (fixturesRequired) {
      it('has the fixtures (CI=true requires them)', () => {
        expect.fail(`PII fixtures not found at ${piiFixturesDir()}; CI=true requires them`);
      });
    } else {
      it.skip(`skipped: PII fixtures not found at ${piiFixturesDir()} (set PII_FIXTURES_DIR or add ../shared/fixtures/pii)`, () => {});
    }
    return;
  }
  const sets: Record<string, string[] | null> = {
    'dev-corpus.json': fx.dev.map((x) => x.text),
    'external/presidio-synth-v2.json': fx.presidio?.map((x) => x.full_text) ?? null,
    'external/secretlint-snapshots.json': fx.secretlint?.map((x) => x.text) ?? null,
  };
  const actual: Record<string, string> = {};
  for (const [file, texts] of Object.entries(sets)) if (texts) actual[file] = digest(texts);

  if (process.env.UPDATE_GOLDEN === '1') {
    it('writes fixtures/golden.json (UPDATE_GOLDEN=1)', () => {
      writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    });
    return;
  }

  const golden: Record<string, string> = existsSync(GOLDEN)
    ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>)
    : {};
  for (const [file, texts] of Object.entries(sets)) {
    if (texts === null && !fixturesRequired) {
      it.skip(`${file}: skipped, the set is not in ${piiFixturesDir()}`, () => {});
      continue;
    }
    it(`${file}: outputs unchanged`, () => {
      expect(texts, `${file} is missing from ${piiFixturesDir()}; CI=true requires it`).not.toBeNull();
      expect(golden[file], `no golden hash for ${file}; run with UPDATE_GOLDEN=1`).toBeDefined();
      expect(actual[file], `outputs over ${file} changed`).toBe(golden[file]);
    });
  }
});
