/**
 * Golden outputs: the full segmentation (JSON of `segmentSession`) of every fixture scenario and
 * recorded session, byte for byte, plus hashes of the long synthetic sessions (too big to keep).
 * They pin the output across performance work on the serializers; regenerate deliberately with
 * `UPDATE_GOLDEN=1 npx vitest run worker/trajectory/golden.test.ts` and review the diff.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredSession } from '../../shared/read-session';
import { readGolden } from '../testing/golden';
import { loadRecorded, type RecordedName } from './fixtures/recorded';
import * as scenarios from './fixtures/scenarios';
import { churnSession, syntheticSession } from './fixtures/synthetic';
import { type SegmentOptions, segmentSession } from './index';

const DIR = resolve(import.meta.dirname, 'fixtures', 'golden');
const RECORDED: RecordedName[] = ['customer-task', 'tickets-task', 'widgets-tabs-task'];

function output(sessionId: string, stored: StoredSession, options?: SegmentOptions): string {
  return `${JSON.stringify(segmentSession({ sessionId, stored, ...(options ? { options } : {}) }), null, 2)}\n`;
}

function compare(file: string, actual: string): void {
  const expected = readGolden(resolve(DIR, file), actual);
  // Not toBe: a failing diff of 100 kB strings is unreadable; report the first difference.
  if (actual !== expected) {
    let i = 0;
    while (i < actual.length && actual[i] === expected[i]) i++;
    expect(actual.slice(Math.max(0, i - 200), i + 200)).toBe(expected.slice(Math.max(0, i - 200), i + 200));
  }
  expect(actual.length).toBe(expected.length);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const LONG: Record<string, () => string> = {
  'synthetic-3min': () => output('synthetic', syntheticSession(3)),
  'synthetic-12min-no-observations': () => output('synthetic', syntheticSession(12), { observations: false }),
  'churn-400': () => output('churn', churnSession(400)),
  'churn-300-seed-11': () => output('churn', churnSession(300, 11)),
  'churn-250-seed-3': () => output('churn', churnSession(250, 3)),
  'churn-250-seed-5': () => output('churn', churnSession(250, 5)),
  'churn-250-seed-13': () => output('churn', churnSession(250, 13)),
  'churn-250-seed-21': () => output('churn', churnSession(250, 21)),
  'churn-200-no-observations': () => output('churn', churnSession(200, 2), { observations: false }),
};

describe('golden segmentation output', () => {
  it.each(Object.entries(scenarios))('scenario %s', (name, make) => {
    compare(`${name}.fixture.json`, output(`session-${name}`, make().s.stored()));
  });

  it.each(RECORDED)('recorded %s', (name) => {
    compare(`${name}.fixture.json`, output(name, loadRecorded(name)));
  });

  it('long synthetic sessions (hashes)', () => {
    const path = resolve(DIR, 'long-sessions.sha256.fixture.json');
    const actual: Record<string, string> = {};
    for (const [name, make] of Object.entries(LONG)) actual[name] = sha256(make());
    expect(actual).toEqual(JSON.parse(readGolden(path, `${JSON.stringify(actual, null, 2)}\n`)));
  });
});
