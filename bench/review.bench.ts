/**
 * Review page speed on a long session: a synthetic recording of ~100k events (a busy 150-row
 * ticket queue, ~30 events/s for 67 minutes; worker/trajectory/fixtures/synthetic.ts) is written
 * into the extension's IndexedDB as the recording worker stores it (gzip chunks of 400 events),
 * then the review page is opened on it in headless Chromium.
 *
 * - first frame: from navigation start to the first replayed frame painted (reading and decoding
 *   the chunks, building the Replayer, rebuilding the first snapshot), median and worst of 3 loads;
 * - seek: a timeline seek (the slider's input handler, as a user drags it) until the next frame is
 *   painted, for 10 positions in a fixed order that includes the end and backward jumps; worst and
 *   median;
 * - steps shown: until the step list (segmented in the review worker) is on screen.
 *
 * `node --import tsx bench/review.bench.ts` prints the table; `run()` is what bench/run.ts calls.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import type { eventWithTime } from '@rrweb/types';
import { findChromium, QUIET_FLAGS } from '../e2e/chromium';
import { DIST } from '../e2e/paths';
import { encodeEvents } from '../shared/codec';
import { EventType } from '../shared/events';
import { syntheticSession } from '../worker/trajectory/fixtures/synthetic';
import type { BenchResult } from './types';

const MINUTES = 67;
const CHUNK = 400;
const LOADS = 3;
/** Seek positions as fractions of the replay, in this order (forward, backward, the end twice). */
const SEEKS = [1, 0.1, 0.9, 0.5, 0, 0.75, 0.25, 1, 0.6, 0.05];
const SESSION = 'bench-review-100k';

interface Row {
  store: string;
  value: unknown;
}

function rowsFor(sessionId: string): { rows: Row[]; events: number; bytes: number } {
  const stored = syntheticSession(MINUTES);
  const streams: { streamId: string; tabId: number; frameId: number; events: eventWithTime[] }[] = [
    ...stored.tabs.map((t) => ({ streamId: `tab-${t.tabId}`, tabId: t.tabId, frameId: 0, events: t.events })),
    { streamId: 'sw:session', tabId: -1, frameId: -1, events: stored.sessionEvents },
  ];
  const rows: Row[] = [];
  let events = 0;
  let bytes = 0;
  let rawBytes = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const s of streams) {
    let seq = 0;
    for (let i = 0; i < s.events.length; i += CHUNK, seq++) {
      const part = s.events.slice(i, i + CHUNK);
      const enc = encodeEvents(part);
      events += part.length;
      bytes += enc.data.length;
      rawBytes += enc.rawBytes;
      first = Math.min(first, part[0]!.timestamp);
      last = Math.max(last, part.at(-1)!.timestamp);
      rows.push({
        store: 'chunks',
        value: {
          sessionId,
          streamId: s.streamId,
          seq,
          firstTs: part[0]!.timestamp,
          lastTs: part.at(-1)!.timestamp,
          count: part.length,
          rawBytes: enc.rawBytes,
          data: Buffer.from(enc.data).toString('base64'),
          storedAt: 0,
        },
      });
    }
    const meta = s.events.find((e) => e.type === EventType.Meta);
    rows.push({
      store: 'streams',
      value: {
        sessionId,
        streamId: s.streamId,
        tabId: s.tabId,
        frameId: s.frameId,
        url: meta?.type === EventType.Meta ? meta.data.href : '',
        title: '',
        startedAt: s.events[0]?.timestamp ?? 0,
        lastSeq: seq - 1,
      },
    });
  }
  rows.push({
    store: 'sessions',
    value: {
      id: sessionId,
      startedAt: first,
      endedAt: last,
      status: 'stopped',
      intent: 'Work the ticket queue (synthetic, 100k events)',
      origins: ['http://127.0.0.1:4173'],
      eventCount: events,
      bytes,
      rawBytes,
      redactions: {},
      consent: { version: 'bench', acceptedAt: 0 },
    },
  });
  rows.push({ store: 'keys', value: { sessionId, key: Buffer.alloc(32, 7).toString('base64') } });
  return { rows, events, bytes };
}

/** Writes rows with the raw IndexedDB API from an extension page (base64 fields become bytes). */
async function write(page: Page, rows: Row[]): Promise<void> {
  await tsxHelpers(page);
  for (let i = 0; i < rows.length; i += 40) {
    await page.evaluate(
      async (batch) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('recorder');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const tx = db.transaction(['sessions', 'streams', 'chunks', 'keys'], 'readwrite');
        for (const r of batch) {
          const v = r.value as Record<string, unknown>;
          if (r.store === 'chunks') v.data = bytes(v.data as string);
          if (r.store === 'keys') v.key = bytes(v.key as string);
          tx.objectStore(r.store).put(v);
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      rows.slice(i, i + 40),
    );
  }
}

/** Under tsx, functions carry esbuild's __name() helper, which the page lacks. */
const tsxHelpers = (page: Page) => page.evaluate('globalThis.__name ??= (f) => f');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (x: number) => Math.round(x);

export async function run(): Promise<BenchResult> {
  if (!existsSync(join(DIST, 'manifest.json')))
    execFileSync('npm', ['run', '-s', 'build:test'], { stdio: 'inherit' });
  const profile = mkdtempSync(join(tmpdir(), 'review-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const base = `chrome-extension://${new URL(sw.url()).host}/review.html`;
    const page = await context.newPage();
    await page.goto(base); // opens (and creates) the database at the current schema
    await page.getByText('No recordings yet.').waitFor();
    const { rows, events, bytes } = rowsFor(SESSION);
    await write(page, rows);

    // The consent tab the extension opens on install would leave this page in the background,
    // where Chromium paints once a second: close it and keep the review page in front.
    await context.waitForEvent('page', { timeout: 2000 }).catch(() => null);
    for (const other of context.pages()) if (other !== page) await other.close();
    await page.bringToFront();

    const firstFrames: number[] = [];
    const stepsShown: number[] = [];
    /** Until "Possible personal data left" is listed (computed in the review worker after the steps). */
    const leftoversShown: number[] = [];
    const phases: Record<string, number>[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.goto('about:blank');
      await page.goto(`${base}#/session/${SESSION}`);
      await page.waitForFunction(() => performance.getEntriesByName('review:first-frame').length > 0, null, {
        timeout: 60_000,
      });
      firstFrames.push(
        await page.evaluate(() => performance.getEntriesByName('review:first-frame')[0]!.startTime),
      );
      await page.waitForFunction(() => performance.getEntriesByName('review:steps').length > 0, null, {
        timeout: 120_000,
      });
      stepsShown.push(await page.evaluate(() => performance.getEntriesByName('review:steps')[0]!.startTime));
      await page.waitForFunction(() => performance.getEntriesByName('review:leftovers').length > 0, null, {
        timeout: 120_000,
      });
      leftoversShown.push(
        await page.evaluate(() => performance.getEntriesByName('review:leftovers')[0]!.startTime),
      );
      phases.push(
        await page.evaluate(() =>
          Object.fromEntries(
            performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
          ),
        ),
      );
    }

    await tsxHelpers(page);
    const seeks = await page.evaluate(async (fractions) => {
      const slider = document.querySelector<HTMLInputElement>('input[aria-label="Timeline"]')!;
      const max = Number(slider.max);
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      const out: { at: number; ms: number }[] = [];
      for (const f of fractions) {
        await frame();
        const t0 = performance.now();
        slider.value = String(Math.round(f * max));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
        out.push({ at: f, ms: performance.now() - t0 });
      }
      return out;
    }, SEEKS);
    const seekMs = seeks.map((s) => s.ms);
    const rowsOut = [
      { measure: 'events in session', value: events },
      { measure: 'stored (MB, gzip)', value: Math.round((bytes / 2 ** 20) * 10) / 10 },
      { measure: 'first frame, median (ms)', value: ms(median(firstFrames)) },
      { measure: 'first frame, worst (ms)', value: ms(Math.max(...firstFrames)) },
      { measure: 'seek, median (ms)', value: ms(median(seekMs)) },
      { measure: 'seek, worst (ms)', value: ms(Math.max(...seekMs)) },
      {
        measure: 'seek to end (ms)',
        value: ms(Math.max(...seeks.filter((s) => s.at === 1).map((s) => s.ms))),
      },
      { measure: 'step list shown, median (ms)', value: ms(median(stepsShown)) },
      { measure: 'personal data left listed, median (ms)', value: ms(median(leftoversShown)) },
    ];
    return {
      name: 'review',
      rows: rowsOut,
      results: {
        events,
        storedBytes: bytes,
        firstFrameMs: firstFrames.map(ms),
        seekMs: seeks.map((s) => ({ at: s.at, ms: ms(s.ms) })),
        stepListMs: stepsShown.map(ms),
        leftoversMs: leftoversShown.map(ms),
        /** Marks per load, ms from navigation start: open, events read, Replayer built, snapshot rebuilt, first frame, steps. */
        phases,
        target: 'first frame < 1000 ms and every seek < 1000 ms on a 100k-event session',
        meetsTarget: Math.max(...firstFrames) < 1000 && Math.max(...seekMs) < 1000,
      },
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((r) => {
    console.table(r.rows);
    console.log(r.results);
  });
}
