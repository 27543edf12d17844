/**
 * Echoes across streams: a service-worker URL that repeats a field being typed in a page is held
 * with the page's typing group, written in order after it commits, and re-sent batches (service
 * worker stopped, content script reconnects) neither duplicate nor overtake anything.
 */
import 'fake-indexeddb/auto';
import type { eventWithTime } from '@rrweb/types';
import { beforeEach, expect, it } from 'vitest';
import { decodeEvents } from '../../shared/codec';
import { customEvent } from '../../shared/events';
import type { StreamHeader } from '../../shared/protocol';
import { EchoGuard } from '../events/echo-guard';
import { createRedactor } from '../redact/index';
import { createSession } from '../store/chunks';
import { RecorderDb } from '../store/schema';
import { type SessionRedaction, StreamWriter } from './stream-writer';

const t = 1700000000000;
let db: RecorderDb;
let n = 0;
const EMAIL = 'ximena.okonkwo@plumbrook.io';
const windows = (s: string) => Array.from({ length: s.length - 5 }, (_, i) => s.slice(i, i + 6));

const header = (streamId: string): StreamHeader => ({
  sessionId: 's1',
  streamId,
  tabId: 1,
  frameId: 0,
  url: 'https://app.test/',
  title: 'App',
  startedAt: t,
});
const snapshot = {
  type: 2,
  timestamp: t,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        {
          type: 2,
          id: 2,
          tagName: 'input',
          attributes: { type: 'search', 'aria-label': 'Search' },
          childNodes: [],
        },
      ],
    },
    initialOffset: { top: 0, left: 0 },
  },
} as unknown as eventWithTime;
const input = (text: string, ts: number) =>
  ({
    type: 3,
    timestamp: ts,
    data: { source: 5, id: 2, text, isChecked: false },
  }) as unknown as eventWithTime;
const blur = (ts: number) =>
  ({ type: 3, timestamp: ts, data: { source: 2, type: 6, id: 2 } }) as unknown as eventWithTime;
const nav = (url: string, ts: number) =>
  customEvent(
    'rec/navigation',
    { tabId: 1, frameId: 0, url, transition: 'history_state', qualifiers: [] },
    ts,
  ) as unknown as eventWithTime;

beforeEach(async () => {
  db = new RecorderDb(`echo-${n++}`);
  await createSession(db, {
    sessionId: 's1',
    startedAt: t,
    consent: { version: 'v', acceptedAt: t },
    intent: null,
  });
});

it('holds an echo in another stream until the group commits, then writes it masked; the batch after it is not held back; re-sent batches change nothing', async () => {
  const session: SessionRedaction = {
    redactor: createRedactor({ key: new Uint8Array(32).fill(1) }),
    echo: new EchoGuard(),
    takeCounts: () => ({}),
    countDrop: () => {},
  };
  const acks: string[] = [];
  const admit = () => ({ ok: true }) as const;
  const page = new StreamWriter(header('page'), db, session, (id, seqs) => acks.push(`${id}:${seqs}`), admit);
  const sw = new StreamWriter(header('sw'), db, session, (id, seqs) => acks.push(`${id}:${seqs}`), admit);
  await page.accept(0, [snapshot], t);
  await page.accept(1, [input(EMAIL.slice(0, 12), t + 1), input(EMAIL.slice(0, 20), t + 2)], t);
  await sw.accept(0, [nav(`https://app.test/?q=${EMAIL.slice(0, 20)}`, t + 3)], t);
  await sw.accept(1, [nav('https://app.test/harbour', t + 4)], t);
  expect(acks).toEqual(['page:0', 'sw:1']); // no echo in sw:1: written at once (issue 13)
  // Service worker stopped: the sw stream re-sends both, the page re-sends its held batch.
  await sw.accept(0, [nav(`https://app.test/?q=${EMAIL.slice(0, 20)}`, t + 3)], t);
  await sw.accept(1, [nav('https://app.test/harbour', t + 4)], t);
  await page.accept(1, [input(EMAIL.slice(0, 12), t + 1), input(EMAIL.slice(0, 20), t + 2)], t);
  expect(acks).toEqual(['page:0', 'sw:1', 'sw:1']); // the stored sw:1 is acked again, not stored twice
  await page.accept(2, [input(EMAIL, t + 5), blur(t + 6)], t);
  await new Promise((r) => setTimeout(r, 50));
  expect(acks.filter((a) => a.startsWith('sw:'))).toEqual(['sw:1', 'sw:1', 'sw:0']);
  expect(acks.filter((a) => a.startsWith('page:'))).toEqual(['page:0', 'page:1', 'page:2']);
  const chunks = await db.chunks.toArray();
  expect(chunks).toHaveLength(5);
  const text = chunks
    .map((c) => decodeEvents(c.data))
    .map((e) => JSON.stringify(e))
    .join('\n');
  expect(windows(EMAIL).filter((w) => text.includes(w))).toEqual([]);
  expect(text).toContain('https://app.test/harbour');
  const ph = /\[EMAIL:[0-9A-Za-z]{6}\]/.exec(text)?.[0];
  expect(text.split(ph!).length).toBeGreaterThan(3);
});
