import 'fake-indexeddb/auto';
import type { eventWithTime } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvents } from '../../shared/codec';
import { customEvent } from '../../shared/events';
import type { StreamHeader } from '../../shared/protocol';
import { createSession } from '../store/chunks';
import { RecorderDb } from '../store/schema';
import { CANARY, canaryRedactor } from '../testing/canary-redactor';
import { StreamWriter } from './stream-writer';

const t = 1700000000000;
let db: RecorderDb;
let n = 0;

const header = (): StreamHeader => ({
  sessionId: 's1',
  streamId: 'st1',
  tabId: 1,
  frameId: 0,
  url: `https://app.test/${CANARY}`,
  title: CANARY,
  startedAt: t,
});

const snapshot = (): eventWithTime =>
  ({
    type: 2,
    timestamp: t,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [
          { type: 2, id: 2, tagName: 'input', attributes: { type: 'email', name: 'email' }, childNodes: [] },
          { type: 2, id: 3, tagName: 'input', attributes: { type: 'text', name: 'notes' }, childNodes: [] },
        ],
      },
      initialOffset: { top: 0, left: 0 },
    },
  }) as unknown as eventWithTime;

const input = (id: number, text: string, ts = t): eventWithTime =>
  ({ type: 3, timestamp: ts, data: { source: 5, id, text, isChecked: false } }) as unknown as eventWithTime;

function writer(acks: number[]) {
  const r = canaryRedactor();
  const w = new StreamWriter(
    header(),
    db,
    { redactor: r, takeCounts: () => ({}), countDrop: () => {} },
    (_id, seqs) => acks.push(...seqs),
    () => ({ ok: true }),
  );
  return { w, r };
}

beforeEach(async () => {
  db = new RecorderDb(`test-${n++}`);
  await createSession(db, {
    sessionId: 's1',
    startedAt: t,
    consent: { version: 'v', acceptedAt: t },
    intent: null,
  });
});
afterEach(() => db.delete());

describe('StreamWriter', () => {
  it('acks a batch only once it is stored, and stores a re-sent seq once', async () => {
    const acks: number[] = [];
    const { w } = writer(acks);
    await w.accept(0, [snapshot()], t);
    expect(acks).toEqual([0]);
    const again = writer(acks).w; // a new worker after a restart sees the re-sent batch
    await again.accept(0, [snapshot()], t);
    expect(acks).toEqual([0, 0]);
    expect(await db.chunks.count()).toBe(1);
    const session = await db.sessions.get('s1');
    expect(session?.eventCount).toBe(1);
    expect(session?.origins).toEqual(['https://app.test']);
    const stream = await db.streams.get(['s1', 'st1']);
    expect(stream?.url).not.toContain(CANARY); // headers are redacted too
    expect(stream?.title).not.toContain(CANARY);
  });

  it('holds a field being typed until it commits, then redacts its values together', async () => {
    const acks: number[] = [];
    const { w, r } = writer(acks);
    await w.accept(0, [snapshot(), input(2, 'j'), input(2, 'ja')], t);
    expect(acks).toEqual([]); // still typing
    await w.accept(1, [input(2, 'jan')], t);
    expect(acks).toEqual([]);
    // Focus moves to another field: the email field commits.
    await w.accept(
      2,
      [customEvent('rec/focus', { targetId: 3, previousId: 2 }, t) as unknown as eventWithTime],
      t,
    );
    expect(acks).toEqual([0, 1, 2]);
    expect(r.groups).toEqual([['j', 'ja', 'jan']]);
  });

  it('commits on Enter, on blur, on idle and on flush', async () => {
    const acks: number[] = [];
    const { w, r } = writer(acks);
    const enter = customEvent(
      'rec/keystroke',
      {
        kind: 'named',
        key: 'Enter',
        targetId: 2,
        modifiers: { ctrl: false, alt: false, shift: false, meta: false },
        repeat: false,
      },
      t,
    ) as unknown as eventWithTime;
    await w.accept(0, [snapshot(), input(2, 'a'), enter], t);
    expect(acks).toEqual([0]);
    await w.accept(1, [input(3, 'x')], t);
    expect(acks).toEqual([0]);
    await w.tick(t + 60_000);
    expect(acks).toEqual([0, 1]);
    await w.accept(2, [input(3, 'y')], t);
    await w.flush();
    expect(acks).toEqual([0, 1, 2]);
    expect(r.groups).toEqual([['a'], ['x'], ['y']]);
  });

  it('replaces an event it cannot redact by a marker instead of storing it raw', async () => {
    const acks: number[] = [];
    const { w } = writer(acks);
    const broken = {
      type: 3,
      timestamp: t,
      data: { source: 0, texts: null, adds: [], removes: [], attributes: [] },
    };
    await w.accept(0, [broken as unknown as eventWithTime], t);
    const chunk = await db.chunks.get(['s1', 'st1', 0]);
    const [stored] = decodeEvents(chunk!.data);
    expect(stored).toMatchObject({
      type: 5,
      data: { tag: 'rec/degraded', payload: { reason: 'redaction-failed' } },
    });
  });

  it('a full disk fails the write: the batch is not acked and the error reaches the sender', async () => {
    const acks: number[] = [];
    const { w } = writer(acks);
    const add = db.chunks.add.bind(db.chunks);
    db.chunks.add = (() =>
      Promise.reject(
        new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
      )) as unknown as typeof db.chunks.add;
    await expect(w.accept(0, [snapshot()], t)).rejects.toThrow(/quota/i);
    expect(acks).toEqual([]);
    expect(await db.chunks.count()).toBe(0);
    db.chunks.add = add; // space again: the re-sent batch is stored once
    await w.flush();
    expect(acks).toEqual([0]);
    expect(await db.chunks.count()).toBe(1);
  });
});
