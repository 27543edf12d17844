/**
 * Event -> durable latency of a recording (issue 13), split by what a batch waits for:
 * - batches holding no typed value (no open typing group's events): only the batch window
 *   (batcher.ts), the port, redaction, gzip and the Dexie commit stand between an event and disk;
 * - typed values: held by their typing group until it commits (Tab, Enter, focus, blur, 4 s idle),
 *   so measured from that commit to durable;
 * - the other events that shared a batch with a typed value (held with it).
 * Plus, per batch, the window (its first to last event) and what follows it (last event -> stored).
 *
 * Workload on /fresh.html: a ticker changes a text node every 100 ms (a steady stream of small
 * mutations) while the user types items, each committed with Tab, and a last one left to the
 * idle commit. Timestamps are the page's clock, `storedAt` the worker's: the same machine clock.
 */

import type { eventWithTime } from '@rrweb/types';
import { EventType, Interaction, Source } from '../shared/events';
import { launch, percentile, type StoredChunk, storedChunks } from './extension-session';
import type { BenchResult } from './types';

const ROUNDS = Number(process.env.BENCH_LATENCY_ROUNDS ?? 8);
const IDLE_COMMIT_MS = 4000; // worker/recording/stream-writer.ts GROUP_IDLE_MS
const ITEM = 'green apples and ripe pears';

/** Installed in the page's main world as a string: no bundler helper leaks into the page. */
const TICKER = `(() => {
  const status = document.querySelector('[data-testid="fresh-status"]');
  let n = 0;
  window.__ticker = setInterval(() => { status.textContent = 'tick ' + (n++); }, 100);
})()`;

const isTyped = (e: eventWithTime): boolean =>
  e.type === EventType.IncrementalSnapshot &&
  e.data.source === Source.Input &&
  (e.data as { userTriggered?: boolean }).userTriggered !== false;

/** Events that commit a typing group (stream-writer.ts `commitBefore`). */
function isCommit(e: eventWithTime): boolean {
  if (e.type === EventType.IncrementalSnapshot && e.data.source === Source.MouseInteraction)
    return e.data.type === Interaction.Blur || e.data.type === Interaction.Click; // blur, click
  if (e.type !== EventType.Custom) return false;
  const { tag, payload } = e.data as { tag: string; payload: { kind?: string; key?: string } };
  if (tag === 'rec/focus') return true;
  return (
    tag === 'rec/keystroke' && payload.kind === 'named' && (payload.key === 'Tab' || payload.key === 'Enter')
  );
}

interface Split {
  all: number[];
  notHeld: number[];
  heldOthers: number[];
  typedAfterCommit: number[];
  typedFromEvent: number[];
  window: number[];
  afterWindowNotHeld: number[];
}

function split(chunks: StoredChunk[]): Split {
  const s: Split = {
    all: [],
    notHeld: [],
    heldOthers: [],
    typedAfterCommit: [],
    typedFromEvent: [],
    window: [],
    afterWindowNotHeld: [],
  };
  const byStream = new Map<string, StoredChunk[]>();
  for (const c of chunks) byStream.set(c.streamId, [...(byStream.get(c.streamId) ?? []), c]);
  for (const list of byStream.values()) {
    list.sort((a, b) => a.seq - b.seq);
    const events = list.flatMap((c) => c.events.map((e) => ({ e, c })));
    // Commit time of each typed value: the next commit event, or the idle commit of its run.
    const commitOf = new Map<eventWithTime, number>();
    let run: eventWithTime[] = [];
    const close = (at: number) => {
      const last = run.at(-1);
      if (last) for (const e of run) commitOf.set(e, Math.min(at, last.timestamp + IDLE_COMMIT_MS));
      run = [];
    };
    for (const { e } of events) {
      if (isTyped(e)) run.push(e);
      else if (isCommit(e)) close(e.timestamp);
    }
    close(Number.POSITIVE_INFINITY);
    for (const c of list) {
      const held = c.events.some(isTyped);
      const first = Math.min(...c.events.map((e) => e.timestamp));
      const last = Math.max(...c.events.map((e) => e.timestamp));
      s.window.push(last - first);
      if (!held) s.afterWindowNotHeld.push(c.storedAt - last);
      for (const e of c.events) {
        const d = c.storedAt - e.timestamp;
        s.all.push(d);
        if (!held) s.notHeld.push(d);
        else if (isTyped(e)) {
          s.typedFromEvent.push(d);
          s.typedAfterCommit.push(c.storedAt - (commitOf.get(e) ?? e.timestamp));
        } else s.heldOthers.push(d);
      }
    }
  }
  return s;
}

export async function run(): Promise<BenchResult> {
  const b = await launch();
  const page = await b.context.newPage();
  await page.goto(`${b.server.url}/fresh.html`);
  const tabId = await b.tabIdOf(page.url());
  const state = (await b.message('ui/start', { tabId, intent: 'bench latency' })) as { sessionId: string };
  await page.bringToFront();
  await page.evaluate(TICKER);
  await page.waitForTimeout(3000); // ticker alone

  const item = page.getByTestId('fresh-item');
  for (let r = 0; r < ROUNDS; r++) {
    await item.click();
    await item.press('Control+a');
    await item.pressSequentially(ITEM, { delay: 50 });
    await item.press('Tab');
    await page.waitForTimeout(1000);
  }
  // Left to the idle commit.
  await item.click();
  await item.press('Control+a');
  await item.pressSequentially('dried plums', { delay: 50 });
  await page.waitForTimeout(IDLE_COMMIT_MS + 3000);
  await page.evaluate('clearInterval(window.__ticker)');
  await page.waitForTimeout(1000);
  await b.message('ui/flush', {});
  await b.message('ui/stop', {});
  const chunks = await storedChunks(b.control, state.sessionId);
  await b.close();

  const s = split(chunks);
  const stat = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95), n: xs.length });
  const results = {
    rounds: ROUNDS,
    batches: chunks.length,
    allEvents: stat(s.all),
    notHeldEvents: stat(s.notHeld),
    heldOtherEvents: stat(s.heldOthers),
    typedValuesAfterCommit: stat(s.typedAfterCommit),
    typedValuesFromEvent: stat(s.typedFromEvent),
    batchWindow: stat(s.window),
    notHeldLastEventToStored: stat(s.afterWindowNotHeld),
    goals: { 'event -> durable p95, events not held by typing, ms': '< 500' },
  };
  const row = (scenario: string, x: { p50: number; p95: number; n: number }) => ({
    scenario,
    'p50 ms': Math.round(x.p50),
    'p95 ms': Math.round(x.p95),
    n: x.n,
  });
  const rows = [
    row('all events: event -> durable', results.allEvents),
    row('batches holding no typed value: event -> durable (goal p95 < 500)', results.notHeldEvents),
    row('typed values: commit -> durable', results.typedValuesAfterCommit),
    row('typed values: event -> durable (includes typing until commit)', results.typedValuesFromEvent),
    row(
      'other events riding with typed values (printable keystrokes): event -> durable',
      results.heldOtherEvents,
    ),
    row('batch window: first -> last event', results.batchWindow),
    row('batches holding no typed value: last event -> durable', results.notHeldLastEventToStored),
  ];
  return { name: `latency (Chromium, ${ROUNDS} typed items, ticker every 100 ms)`, rows, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.table(r.rows);
}
