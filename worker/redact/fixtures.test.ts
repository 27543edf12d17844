/**
 * Scores the shared PII/secret fixtures with the README rule and holds the acceptance bars.
 * Skips with a message when the fixtures folder is absent; fails instead when CI=true.
 */
import { describe, expect, it } from 'vitest';
import {
  BARRED_TYPES,
  barRecall,
  fixturesRequired,
  loadPiiFixtures,
  piiFixturesDir,
  scorePresidio,
  scoreRecords,
} from '../../bench/pii-fixtures';
import { createRedactor } from './index';

const fx = loadPiiFixtures();

describe('PII fixtures', () => {
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
  const r = createRedactor({ key: new Uint8Array(32).fill(11) });
  const redact = (s: string): string => r.text(s);
  const dev = scoreRecords(redact, fx.dev);

  it('dev corpus: recall >= 0.99 for every barred type (PHONE/US_SSN: formatted or in context)', () => {
    for (const type of BARRED_TYPES) {
      const t = dev.types[type];
      expect(t, `${type} present in dev corpus`).toBeDefined();
      if (!t) continue;
      expect(barRecall(t), `${type}: ${JSON.stringify(t)}`).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('dev corpus: no ordinary string altered', () => {
    const filler = dev.families.FILLER;
    expect(filler?.altered, JSON.stringify(filler?.examples)).toBe(0);
  });

  it('dev corpus: each decoy family altered <= 5%', () => {
    for (const [fam, f] of Object.entries(dev.families)) {
      expect(f.rate, `${fam}: ${JSON.stringify(f.examples)}`).toBeLessThanOrEqual(0.05);
    }
  });

  it('dev corpus: sentences keep their prefix and suffix', () => {
    for (const [type, t] of Object.entries(dev.types)) {
      expect(t.contextKept ?? 1, type).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('presidio: recall >= 0.99 on the matching types', () => {
    if (!fx.presidio) return;
    const p = scorePresidio(redact, fx.presidio);
    for (const type of ['EMAIL', 'CREDIT_CARD', 'IBAN', 'IPV4', 'IPV6', 'PHONE', 'US_SSN']) {
      const t = p[type];
      if (!t) continue;
      expect(barRecall(t), `${type}: ${JSON.stringify(t)}`).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('secretlint: >= 0.95 of positives caught', () => {
    if (!fx.secretlint) return;
    const s = scoreRecords(redact, fx.secretlint);
    let n = 0;
    let caught = 0;
    for (const t of Object.values(s.types)) {
      n += t.n;
      caught += t.caught;
    }
    expect(caught / n, JSON.stringify(s.misses.map((m) => m.type))).toBeGreaterThanOrEqual(0.95);
  });

  it('redaction is idempotent over every fixture text', () => {
    const texts = [
      ...fx.dev.map((x) => x.text),
      ...(fx.presidio ?? []).map((x) => x.full_text),
      ...(fx.secretlint ?? []).map((x) => x.text),
    ];
    for (const text of texts) {
      const once = redact(text);
      expect(redact(once), text).toBe(once);
    }
  });
});
