/**
 * Capture cost in one Chromium run, as ratios: no recorder vs bare @rrweb/record (default options,
 * emitting into an array) vs our extension recording, on the demo app's mutation-heavy pages; the
 * worst main-thread task during a 200k-node storm with (ours) and without (bare rrweb) a mutation
 * budget; and event-to-durable latency (event timestamp to the chunk's storedAt).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { findChromium, QUIET_FLAGS } from '../e2e/chromium';
import { startDemoServer } from '../e2e/demo/server';
import { DIST } from '../e2e/paths';
import type { BenchResult } from './types';

const APPEND_REPS = Number(process.env.BENCH_REPS ?? 7);
const RRWEB_UMD = resolve(import.meta.dirname, '../node_modules/@rrweb/record/dist/record.umd.min.cjs');

/**
 * `rrweb-isolated` is bare rrweb in an isolated world (as our content script runs), so the cost of
 * the world itself is told apart from the cost of our additions.
 */
type Mode = 'none' | 'rrweb' | 'rrweb-isolated' | 'recorder';
const MODES: Mode[] = ['none', 'rrweb', 'rrweb-isolated', 'recorder'];

const LONGEST_TASK = `
  window.__longestTask = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longestTask = Math.max(window.__longestTask, e.duration); })
    .observe({ type: 'longtask', buffered: true });
`;

function bareRrweb(): string {
  // The UMD bundle defines a global; start it with default options, events kept in an array.
  return `${readFileSync(RRWEB_UMD, 'utf8')}
    ;window.__events = [];
    (globalThis.rrwebRecord || globalThis.rrweb).record({ emit: (e) => window.__events.push(e) });`;
}

async function message(control: Page, type: string, data: unknown): Promise<unknown> {
  const reply = await control.evaluate(
    ([t, d]) => chrome.runtime.sendMessage({ to: 'sw', type: t, data: d }),
    [type, data] as const,
  );
  const r = reply as { ok: boolean; value?: unknown; error?: string };
  if (!r.ok) throw new Error(`${type}: ${r.error}`);
  return r.value;
}

async function tabIdOf(control: Page, url: string): Promise<number> {
  return control.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    return Math.max(...tabs.filter((t) => t.url === u).map((t) => t.id ?? -1));
  }, url);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

async function openIn(context: BrowserContext, mode: Mode, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(LONGEST_TASK);
  if (mode === 'rrweb') await page.addInitScript(bareRrweb());
  await page.goto(url);
  if (mode === 'rrweb-isolated') {
    const cdp = await page.context().newCDPSession(page);
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'bench-rrweb',
    })) as { executionContextId: number };
    await cdp.send('Runtime.evaluate', { expression: bareRrweb(), contextId: executionContextId });
  }
  return page;
}

export async function run(): Promise<BenchResult> {
  if (!existsSync(join(DIST, 'manifest.json'))) {
    execFileSync('npm', ['run', '-s', 'build:test'], { stdio: 'inherit' });
  }
  const server = await startDemoServer({ port: 0 });
  const other = server.url.replace('127.0.0.1', 'localhost'); // not enabled: no recorder there
  const profile = mkdtempSync(join(tmpdir(), 'recorder-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extId = new URL(sw.url()).host;
  const control = await context.newPage();
  await control.goto(`chrome-extension://${extId}/consent.html`);
  const version = (await control.locator('#version').textContent()) ?? '';
  await message(control, 'ui/consent', { version });
  await message(control, 'ui/enableOrigin', { origin: server.url });

  // The recorder records one session across all its pages; start it from a first page.
  const first = await openIn(context, 'recorder', `${server.url}/append`);
  const sessionStart = Date.now();
  const tabId = await tabIdOf(control, first.url());
  const state = (await message(control, 'ui/start', { tabId, intent: 'bench' })) as { sessionId: string };
  await first.close();

  const append: Record<Mode, number[]> = { none: [], rrweb: [], 'rrweb-isolated': [], recorder: [] };
  for (let rep = 0; rep < APPEND_REPS; rep++) {
    for (const mode of MODES) {
      const base = mode === 'recorder' ? server.url : other;
      const page = await openIn(context, mode, `${base}/append`);
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: 'Append 1000' }).click();
      await page.waitForFunction(() => typeof (window as { __appendMs?: number }).__appendMs === 'number');
      append[mode].push(await page.evaluate(() => (window as unknown as { __appendMs: number }).__appendMs));
      await page.close();
    }
  }

  const storm: Record<Mode, { longestTask: number; elapsedMs: number; longestFrameMs: number }> = {} as never;
  for (const mode of MODES) {
    const base = mode === 'recorder' ? server.url : other;
    const page = await openIn(context, mode, `${base}/storm?nodes=200000&ms=5000`);
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: 'Start storm' }).click();
    await page.waitForFunction(() => (window as { __stormDone?: boolean }).__stormDone === true, null, {
      timeout: 120_000,
    });
    const stats = await page.evaluate(() => {
      const w = window as unknown as {
        __stormStats: { elapsedMs: number; longestFrameMs: number };
        __longestTask: number;
      };
      return {
        longestTask: w.__longestTask,
        elapsedMs: w.__stormStats.elapsedMs,
        longestFrameMs: w.__stormStats.longestFrameMs,
      };
    });
    storm[mode] = stats;
    await page.close();
  }

  await message(control, 'ui/flush', {});
  await message(control, 'ui/stop', {});
  const latency = await control.evaluate(async (sessionId) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('recorder');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const chunks = await new Promise<
      {
        sessionId: string;
        streamId: string;
        firstTs: number;
        lastTs: number;
        storedAt: number;
        count: number;
        rawBytes: number;
        data: Uint8Array;
      }[]
    >((res) => {
      const r = db.transaction('chunks').objectStore('chunks').getAll();
      r.onsuccess = () => res(r.result);
    });
    const mine = chunks.filter((c) => c.sessionId === sessionId && !c.streamId.startsWith('sw:'));
    const samples: number[] = [];
    for (const c of mine) {
      const text = await new Response(
        new Blob([c.data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')),
      ).text();
      for (const e of JSON.parse(text) as { timestamp: number }[]) samples.push(c.storedAt - e.timestamp);
    }
    return {
      samples,
      bytes: mine.reduce((n, c) => n + c.data.length, 0),
      rawBytes: mine.reduce((n, c) => n + c.rawBytes, 0),
      events: mine.reduce((n, c) => n + c.count, 0),
    };
  }, state.sessionId);
  const recordedMinutes = (Date.now() - sessionStart) / 60_000;

  const a = {
    none: median(append.none),
    rrweb: median(append.rrweb),
    rrwebIsolated: median(append['rrweb-isolated']),
    recorder: median(append.recorder),
  };
  const results = {
    appendMs: a,
    appendRatio: {
      recorderVsNone: a.recorder / a.none,
      recorderVsBareRrweb: a.recorder / a.rrweb,
      recorderVsBareRrwebIsolated: a.recorder / a.rrwebIsolated,
      bareRrwebVsNone: a.rrweb / a.none,
    },
    storm,
    latencyMs: {
      p50: percentile(latency.samples, 50),
      p95: percentile(latency.samples, 95),
      events: latency.events,
    },
    storage: {
      compressedBytes: latency.bytes,
      rawBytes: latency.rawBytes,
      ratio: latency.rawBytes / latency.bytes,
      minutes: recordedMinutes,
    },
  };
  const f = (n: number) => Math.round(n * 10) / 10;
  const rows = [
    {
      metric: 'append 1000x10 nodes, median ms (none / rrweb main / rrweb isolated / recorder)',
      value: `${f(a.none)} / ${f(a.rrweb)} / ${f(a.rrwebIsolated)} / ${f(a.recorder)}`,
    },
    { metric: 'recorder vs no recorder', value: `${f(results.appendRatio.recorderVsNone)}x` },
    {
      metric: 'recorder vs bare rrweb, main world (goal <= 1.10x)',
      value: `${results.appendRatio.recorderVsBareRrweb.toFixed(2)}x`,
    },
    {
      metric: 'recorder vs bare rrweb, same (isolated) world',
      value: `${results.appendRatio.recorderVsBareRrwebIsolated.toFixed(2)}x`,
    },
    { metric: 'storm 200k: longest task ms, no recorder', value: f(storm.none.longestTask) },
    { metric: 'storm 200k: longest task ms, bare rrweb (no budget)', value: f(storm.rrweb.longestTask) },
    {
      metric: 'storm 200k: longest task ms, bare rrweb isolated (no budget)',
      value: f(storm['rrweb-isolated'].longestTask),
    },
    {
      metric: 'storm 200k: longest task ms, recorder (budget; goal < 50)',
      value: f(storm.recorder.longestTask),
    },
    {
      metric: 'storm elapsed ms (none / rrweb / recorder)',
      value: `${f(storm.none.elapsedMs)} / ${f(storm.rrweb.elapsedMs)} / ${f(storm.recorder.elapsedMs)}`,
    },
    {
      metric: 'event-to-durable latency p50 / p95 ms',
      value: `${f(results.latencyMs.p50)} / ${f(results.latencyMs.p95)}`,
    },
    {
      metric: 'stored bytes (compressed) / raw JSON, ratio',
      value: `${latency.bytes} / ${latency.rawBytes}, ${f(results.storage.ratio)}x`,
    },
  ];
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
  return { name: 'capture (Chromium, one run)', rows, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.table(r.rows);
}
