/**
 * Pause is a hole in the record, through the worker api against fake-indexeddb: terms handed by
 * the page (text typed while paused) are redacted in the resume snapshot, later typing and echoes,
 * live only in memory (handed again after a worker restart), and batches are admitted by the
 * directive they were made under, also when re-sent after a service-worker stop.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CoordinatorState, nextSpans, type RecordingSpan } from '../../shared/admission';
import { decodeEvents } from '../../shared/codec';
import type { StreamHeader } from '../../shared/protocol';
import { RecorderDb } from '../store/schema';
import { api } from './api';

const PAUSED_TEXT = 'Zebulon Quartzfeld';
const PAUSED_NOTE = 'tangerine-horizon-4471';
const BEFORE = 'Marigold Vantablack';
const consent = { version: 'v', acceptedAt: 1 };
const origins = [{ pattern: 'https://app.test', source: 'user' as const }];
let name: string;
let n = 0;
let acks: [string, number][];

const header = (sessionId: string, streamId: string, url = 'https://app.test/page'): StreamHeader => ({
  sessionId,
  streamId,
  tabId: 1,
  frameId: 0,
  url,
  title: 'page',
  startedAt: Date.now(),
});

/** A full snapshot: a field holding `value`, and an echo of it in a heading and the title. */
const snapshot = (value: string, echo: string) =>
  JSON.stringify([
    {
      type: 4,
      timestamp: Date.now(),
      data: { href: `https://app.test/?q=${encodeURIComponent(echo)}`, width: 1, height: 1 },
    },
    {
      type: 2,
      timestamp: Date.now(),
      data: {
        initialOffset: { top: 0, left: 0 },
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              id: 2,
              tagName: 'div',
              attributes: { title: `Draft: ${echo.toUpperCase()}` },
              childNodes: [
                { type: 2, id: 3, tagName: 'input', attributes: { name: 'note', value }, childNodes: [] },
                { type: 3, id: 4, textContent: `Preview ${echo}` },
              ],
            },
          ],
        },
      },
    },
  ]);
const typed = (id: number, text: string) =>
  JSON.stringify([
    { type: 3, timestamp: Date.now(), data: { source: 5, id, text, isChecked: false, userTriggered: true } },
  ]);

/** Every row of every table, chunks decoded: what a leak would be found in. */
async function dump(): Promise<string> {
  const db = new RecorderDb(name);
  const parts: string[] = [];
  for (const table of db.tables) {
    for (const row of await table.toArray()) {
      if (table.name === 'chunks')
        parts.push(JSON.stringify(decodeEvents((row as { data: Uint8Array }).data)));
      parts.push(JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)));
    }
  }
  return parts.join('\n');
}
const windows = (v: string) =>
  Array.from({ length: v.length - 5 }, (_, i) => v.slice(i, i + 6).toLowerCase());
const leaks = (text: string, value: string) => windows(value).filter((w) => text.toLowerCase().includes(w));

let spans: RecordingSpan[] = [];
let epoch = 0;
/** The coordinator's state after one more write of its record (what the service worker pushes). */
function coordinator(
  state: CoordinatorState['state'],
  sessionId: string | null,
): { sessionId: string; epoch: number } {
  epoch++;
  spans = nextSpans(spans, { state, sessionId, epoch });
  api.setCoordinator({ epoch, state, sessionId, origins, spans });
  return { sessionId: sessionId ?? '', epoch };
}

beforeEach(() => {
  name = `api-pause-${n++}`;
  api.useDatabase(name);
  spans = [];
  epoch = 0;
  acks = [];
  api.setAckListener((id, seqs) => acks.push(...seqs.map((s): [string, number] => [id, s])));
});
afterEach(async () => {
  await new RecorderDb(name).delete();
});

describe('worker: text typed while paused (session terms)', () => {
  it('redacts the terms in the resume snapshot, its URL and echoes, and in later typing in the same field; keeps the rest', async () => {
    const recording = coordinator('recording', 's1');
    await api.sessionStart({ sessionId: 's1', startedAt: Date.now(), consent, intent: null });
    expect(await api.openStream(header('s1', 'before'), recording)).toEqual({ ok: true });
    expect(await api.batch('before', 0, snapshot(BEFORE, BEFORE))).toEqual({ ok: true });
    await api.flush('before');
    coordinator('paused', 's1');
    await api.closeStream('before'); // the frame stopped its recorder at the pause
    const resumed = coordinator('recording', 's1');
    const url = `https://app.test/page?q=${encodeURIComponent(PAUSED_TEXT)}`;
    expect(await api.openStream(header('s1', 'after', url), resumed, [PAUSED_TEXT, PAUSED_NOTE])).toEqual({
      ok: true,
    });
    expect(
      await api.batch('after', 0, snapshot(`${BEFORE} ${PAUSED_TEXT}`, `${PAUSED_TEXT} ${PAUSED_NOTE}`)),
    ).toEqual({
      ok: true,
    });
    expect(await api.batch('after', 1, typed(3, `${BEFORE} ${PAUSED_TEXT} and more`))).toEqual({ ok: true });
    await api.flush('after');
    const all = await dump();
    expect(leaks(all, PAUSED_TEXT)).toEqual([]);
    expect(leaks(all, PAUSED_NOTE)).toEqual([]);
    expect(all).toContain(BEFORE); // positive control: typed before the pause
    expect(all).toContain('and more'); // typed after the resume
    expect(all).toMatch(/\[PAUSED:\w{6}\]/);
    expect((await new RecorderDb(name).sessions.get('s1'))?.redactions?.PAUSED).toBeGreaterThan(0);
  });

  it('keeps the terms in memory only: a restarted worker redacts them again once the page hands them again, and nothing of them is in any table', async () => {
    const recording = coordinator('recording', 's2');
    await api.sessionStart({ sessionId: 's2', startedAt: Date.now(), consent, intent: null });
    expect(await api.sessionTerms('s2', [PAUSED_TEXT])).toEqual({ known: 3 }); // the term and its URL forms
    expect(await api.openStream(header('s2', 'a'), recording)).toEqual({ ok: true });
    expect(await api.batch('a', 0, snapshot(PAUSED_TEXT, PAUSED_TEXT))).toEqual({ ok: true });
    await api.flush('a');
    api.useDatabase(name); // a fresh worker: nothing in memory, only what IndexedDB holds
    expect(api.termCount('s2')).toBe(0);
    // The page hands its terms again with the re-sent open (StreamLink re-sends it on reconnect).
    expect(await api.openStream(header('s2', 'a'), recording, [PAUSED_TEXT])).toEqual({ ok: true });
    expect(await api.batch('a', 1, typed(3, `${PAUSED_TEXT}!`))).toEqual({ ok: true });
    await api.flush('a');
    expect(leaks(await dump(), PAUSED_TEXT)).toEqual([]);
  });

  it('would store the text if the terms were not handed again (they are in no table a restart could read)', async () => {
    const recording = coordinator('recording', 's3');
    await api.sessionStart({ sessionId: 's3', startedAt: Date.now(), consent, intent: null });
    await api.sessionTerms('s3', [PAUSED_TEXT]);
    api.useDatabase(name);
    expect(await api.openStream(header('s3', 'b'), recording)).toEqual({ ok: true });
    expect(await api.batch('b', 0, snapshot(PAUSED_TEXT, 'x'))).toEqual({ ok: true });
    await api.flush('b');
    expect(leaks(await dump(), PAUSED_TEXT).length).toBeGreaterThan(0);
  });

  it('ignores terms for a session that takes nothing (deleted or never started)', async () => {
    expect(await api.sessionTerms('nope', [PAUSED_TEXT])).toEqual({ known: 0 });
    expect(api.termCount('nope')).toBe(0);
  });
});

describe('worker: admission by the directive a stream was made under', () => {
  it('keeps batches made before a pause when re-sent after a service-worker stop, refuses a stream stamped while paused, takes the stream after resume', async () => {
    const recording = coordinator('recording', 's4');
    await api.sessionStart({ sessionId: 's4', startedAt: Date.now(), consent, intent: null });
    expect(await api.openStream(header('s4', 'made-before'), recording)).toEqual({ ok: true });
    expect(await api.batch('made-before', 0, snapshot(BEFORE, BEFORE))).toEqual({ ok: true });
    const pausedStamp = coordinator('paused', 's4');
    // The service worker stopped and started (epoch pushed again); the frame reconnects and re-sends.
    await api.closeStream('made-before');
    api.setCoordinator({ epoch: pausedStamp.epoch, state: 'paused', sessionId: 's4', origins, spans });
    expect(await api.openStream(header('s4', 'made-before'), recording)).toEqual({ ok: true });
    expect(await api.batch('made-before', 0, snapshot(BEFORE, BEFORE))).toEqual({ ok: true }); // dedup
    expect(await api.batch('made-before', 1, typed(3, `${BEFORE}!`))).toEqual({ ok: true });
    await api.flush('made-before');
    expect(await api.openStream(header('s4', 'made-while-paused'), pausedStamp)).toMatchObject({
      ok: false,
      reason: 'not-recording-directive',
    });
    const resumed = coordinator('recording', 's4');
    expect(await api.openStream(header('s4', 'after'), resumed)).toEqual({ ok: true });
    expect(await api.batch('after', 0, typed(3, 'after resume'))).toEqual({ ok: true });
    await api.flush('after');
    const chunks = await new RecorderDb(name).chunks.where('sessionId').equals('s4').toArray();
    expect(chunks.map((c) => `${c.streamId}:${c.seq}`).sort()).toEqual([
      'after:0',
      'made-before:0',
      'made-before:1',
    ]);
    expect(acks.filter(([id]) => id === 'made-before').map(([, s]) => s)).toEqual([0, 0, 1]);
  });
});

describe('worker: forget turns what was typed in the window into session terms', () => {
  it('redacts text typed inside the forgotten window wherever it appears afterwards, not text typed before it', async () => {
    const recording = coordinator('recording', 's5');
    const t0 = Date.now();
    await api.sessionStart({ sessionId: 's5', startedAt: t0, consent, intent: null });
    expect(await api.openStream(header('s5', 'page1'), recording)).toEqual({ ok: true });
    expect(await api.batch('page1', 0, snapshot('', ''))).toEqual({ ok: true });
    expect(await api.batch('page1', 1, typed(3, BEFORE))).toEqual({ ok: true });
    await api.flush('page1'); // committed before the window
    await new Promise((r) => setTimeout(r, 20));
    const from = Date.now();
    expect(await api.batch('page1', 2, typed(3, PAUSED_TEXT))).toEqual({ ok: true });
    await api.closeStream('page1'); // navigated away: page 1's script is gone
    await api.forget('s5', from, Date.now());
    // The next page shows what was typed (a submitted form echoed); it opens with no terms.
    expect(await api.openStream(header('s5', 'page2'), recording)).toEqual({ ok: true });
    expect(await api.batch('page2', 0, snapshot(BEFORE, PAUSED_TEXT))).toEqual({ ok: true });
    await api.flush('page2');
    const all = await dump();
    expect(leaks(all, PAUSED_TEXT)).toEqual([]);
    expect(all).toContain(BEFORE);
  });
});

describe('worker: a row left recording', () => {
  it('is ended when the next session starts (a service worker killed in the middle of Stop)', async () => {
    coordinator('recording', 'old');
    await api.sessionStart({ sessionId: 'old', startedAt: Date.now(), consent, intent: null });
    coordinator('recording', 'new');
    await api.sessionStart({ sessionId: 'new', startedAt: Date.now(), consent, intent: null });
    const db = new RecorderDb(name);
    expect((await db.sessions.get('old'))?.status).toBe('stopped');
    expect((await db.sessions.get('new'))?.status).toBe('recording');
  });
});
