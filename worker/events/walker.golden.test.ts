/**
 * Golden outputs of the walker: on recorded and simulated sessions, what the walker writes must stay
 * the same when its implementation changes (the strict rebuild only drops keys no shape has).
 *
 * The redactor here is a tagging stub, not the real one: every string is wrapped with the kind of
 * call that saw it («t:…» text, «u:…» url, «s:…» srcset, «f:…» field, «g<id>:…» a deferred field
 * value), so the hashes pin the walker's routing of every string and do not move when the
 * redactor's detectors change. Three exemptions, all strings the real redactor leaves alone: ''; the
 * tags of our own custom events (text-redacted before the strict schemas, enum-checked since), and
 * identifier-like strings (`div`, `data-testid`, `_cssText`), since the walker now drops an
 * attribute, CSS property or tag name that the redactor would change, and a stub that changes
 * every string would drop them all.
 *
 * Outputs are compared as canonical JSON (keys sorted): the rebuilt events list keys in schema
 * order, which replay does not see.
 *
 * Only a SHA-256 per fixture is committed (walker.golden.json). Regenerate after an intended change
 * with `UPDATE_GOLDEN=1 npx vitest run worker/walker.golden`; set WALKER_GOLDEN_DUMP=<dir> to write
 * the outputs for diffing. A missing golden file fails under CI=true.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import type { StoredSession } from '../../shared/read-session';
import type { RedactionReport, Redactor } from '../redact/index';
import { loadRecorded } from '../trajectory/fixtures/recorded';
import * as scenarios from '../trajectory/fixtures/scenarios';
import { churnSession, syntheticSession } from '../trajectory/fixtures/synthetic';
import { FieldIndex } from './field-index';
import { redactEvent, type Slot } from './walker';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'walker.golden.json');
const CUSTOM_TAGS = new Set([
  'rec/keystroke',
  'rec/layout',
  'rec/clipboard',
  'rec/focus',
  'rec/tab',
  'rec/navigation',
  'rec/task',
  'rec/degraded',
]);

const NAME_LIKE = /^[A-Za-z_][A-Za-z0-9_:.-]*$/;

/** JSON with every object's keys sorted. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    1,
  );
}

function taggingRedactor(): Redactor {
  return {
    text: (s) => (s === '' || CUSTOM_TAGS.has(s) || NAME_LIKE.test(s) ? s : `«t:${s}»`),
    url: (s) => `«u:${s}»`,
    srcset: (s) => `«s:${s}»`,
    field: (s) => `«f:${s}»`,
    group: (values) => values.map((v) => `«g:${v}»`),
    report: (): RedactionReport => ({ counts: {}, dropped: 0, notCovered: [] }),
  };
}

/** Walks one stream as the stream writer does; deferred values are filled at the end, tagged by node. */
function walkStream(events: eventWithTime[]): eventWithTime[] {
  const out = structuredClone(events);
  const r = taggingRedactor();
  const fields = new FieldIndex();
  const deferred: [number, Slot][] = [];
  for (const e of out) {
    redactEvent(e, {
      redactor: r,
      fields,
      defer: (id, slot) => {
        deferred.push([id, slot]);
        return true;
      },
    });
  }
  for (const [id, slot] of deferred) slot.holder[slot.key] = `«g${id}:${String(slot.holder[slot.key])}»`;
  return out;
}

function walkSession(s: StoredSession): unknown {
  return {
    tabs: s.tabs.map((t) => walkStream(t.events)),
    frames: [...s.frames].map(([id, events]) => [id, walkStream(events)]),
    session: walkStream(s.sessionEvents),
  };
}

const FIXTURES: Record<string, () => StoredSession> = {
  'recorded/customer-task': () => loadRecorded('customer-task'),
  'recorded/tickets-task': () => loadRecorded('tickets-task'),
  'recorded/widgets-tabs-task': () => loadRecorded('widgets-tabs-task'),
  'scenario/customerForm': () => scenarios.customerForm().s.stored(),
  'scenario/searchWithEnter': () => scenarios.searchWithEnter().s.stored(),
  'scenario/loginThenNavigate': () => scenarios.loginThenNavigate().s.stored(),
  'scenario/assistedReply': () => scenarios.assistedReply().s.stored(),
  'scenario/widgets': () => scenarios.widgets().s.stored(),
  'scenario/multiTab': () => scenarios.multiTab().s.stored(),
  'scenario/heuristicSplits': () => scenarios.heuristicSplits().s.stored(),
  'synthetic/2min': () => syntheticSession(2),
  'synthetic/churn': () => churnSession(40),
};

function hashes(): Record<string, string> {
  const dump = process.env.WALKER_GOLDEN_DUMP;
  if (dump) mkdirSync(dump, { recursive: true });
  const out: Record<string, string> = {};
  for (const [name, load] of Object.entries(FIXTURES)) {
    const json = canonical(walkSession(load()));
    if (dump) writeFileSync(join(dump, `${name.replace('/', '-')}.json`), json);
    out[name] = createHash('sha256').update(json).digest('hex');
  }
  return out;
}

describe('walker golden outputs', () => {
  it('writes the same output on every recorded and simulated session as the committed hashes', () => {
    const actual = hashes();
    if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(GOLDEN) && process.env.CI !== 'true')) {
      writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(existsSync(GOLDEN), `${GOLDEN} is missing; CI=true requires it`).toBe(true);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    expect(actual).toEqual(golden);
  });
});
