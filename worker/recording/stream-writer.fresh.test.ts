/**
 * Issue 13 in the stream writer: a page-set value (freshness.ts emits one whenever the page sets a
 * field) does not commit the field being typed, and a batch held by an open typing group does not
 * hold back the batches after it.
 */
import 'fake-indexeddb/auto';
import type { eventWithTime } from '@rrweb/types';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { customEvent } from '../../shared/events';
import type { StreamHeader } from '../../shared/protocol';
import { createSession } from '../store/chunks';
import { RecorderDb } from '../store/schema';
import { canaryRedactor } from '../testing/canary-redactor';
import { StreamWriter } from './stream-writer';

const t = 1700000000000;
let db: RecorderDb;
let n = 0;

const header: StreamHeader = {
  sessionId: 's1',
  streamId: 'st1',
  tabId: 1,
  frameId: 0,
  url: 'https://app.test/',
  title: 'App',
  startedAt: t,
};

const snapshot = {
  type: 2,
  timestamp: t,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        { type: 2, id: 2, tagName: 'input', attributes: { type: 'email', name: 'email' }, childNodes: [] },
        { type: 2, id: 3, tagName: 'input', attributes: { type: 'text', name: 'preview' }, childNodes: [] },
        { type: 2, id: 4, tagName: 'p', attributes: {}, childNodes: [] },
      ],
    },
    initialOffset: { top: 0, left: 0 },
  },
} as unknown as eventWithTime;

const typed = (id: number, text: string): eventWithTime =>
  ({ type: 3, timestamp: t, data: { source: 5, id, text, isChecked: false, userTriggered: true } }) as never;
const pageSet = (id: number, text: string): eventWithTime =>
  ({ type: 3, timestamp: t, data: { source: 5, id, text, isChecked: false, userTriggered: false } }) as never;
const mutation = (): eventWithTime =>
  ({
    type: 3,
    timestamp: t,
    data: {
      source: 0,
      adds: [],
      removes: [],
      texts: [],
      attributes: [{ id: 4, attributes: { class: 'tick' } }],
    },
  }) as never;
const focus = (targetId: number, previousId: number): eventWithTime =>
  customEvent('rec/focus', { targetId, previousId }, t) as unknown as eventWithTime;

function writer(acks: number[]) {
  const r = canaryRedactor();
  const w = new StreamWriter(
    header,
    db,
    { redactor: r, takeCounts: () => ({}), countDrop: () => {} },
    (_id, seqs) => acks.push(...seqs),
    () => ({ ok: true }),
  );
  return { w, r };
}

beforeEach(async () => {
  db = new RecorderDb(`fresh-${n++}`);
  await createSession(db, {
    sessionId: 's1',
    startedAt: t,
    consent: { version: 'v', acceptedAt: t },
    intent: null,
  });
});
afterEach(() => db.delete());

it('a value the page sets in another field while a field is typed does not commit the typed field', async () => {
  const acks: number[] = [];
  const { w, r } = writer(acks);
  // The page mirrors the address into a preview field on every key.
  await w.accept(
    0,
    [snapshot, typed(2, 'pat'), pageSet(3, 'pat'), typed(2, 'pat.e'), pageSet(3, 'pat.e')],
    t,
  );
  await w.accept(1, [typed(2, 'pat.example@x.org'), pageSet(3, 'pat.example@x.org')], t);
  await w.accept(2, [focus(4, 2)], t);
  // Each field's values are redacted together, once: no prefix committed on its own.
  expect(r.groups).toEqual([
    ['pat', 'pat.e', 'pat.example@x.org'],
    ['pat', 'pat.e', 'pat.example@x.org'],
  ]);
  expect(acks).toEqual([0, 1, 2]);
});

it('the user typing over a value the page filled in commits the page value on its own; an input mask joins the typing', async () => {
  const acks: number[] = [];
  const { w, r } = writer(acks);
  // "Fill from CRM", then the user types over it.
  await w.accept(
    0,
    [snapshot, pageSet(3, 'Grace Hopper'), typed(3, 'P'), typed(3, 'Pa'), typed(3, 'Pat')],
    t,
  );
  // A field formatting what the user types (the page sets it after each key).
  await w.accept(1, [focus(2, 3), typed(2, 'ab'), pageSet(2, 'AB'), typed(2, 'ABc'), pageSet(2, 'ABC')], t);
  await w.accept(2, [focus(4, 2)], t);
  expect(r.groups).toEqual([['Grace Hopper'], ['P', 'Pa', 'Pat'], ['ab', 'AB', 'ABc', 'ABC']]);
});

it('batches after one held by an open typing group are written and acked at once; the held one at its commit', async () => {
  const acks: number[] = [];
  const { w } = writer(acks);
  await w.accept(0, [snapshot], t);
  await w.accept(1, [typed(2, 'pat.ex')], t);
  await w.accept(2, [mutation()], t);
  await w.accept(3, [mutation()], t);
  expect(acks).toEqual([0, 2, 3]);
  expect(w.held).toBe(1);
  // Re-sent after a reconnect: acked again, stored once; the held one stays held.
  await w.accept(2, [mutation()], t);
  await w.accept(1, [typed(2, 'pat.ex')], t);
  expect(acks).toEqual([0, 2, 3, 2]);
  await w.accept(4, [focus(4, 2)], t);
  expect(acks).toEqual([0, 2, 3, 2, 1, 4]);
  const seqs = (await db.chunks.where({ sessionId: 's1', streamId: 'st1' }).toArray()).map((c) => c.seq);
  expect(seqs).toEqual([0, 1, 2, 3, 4]); // read back in seq order, each once
});
