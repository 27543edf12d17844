/**
 * How the capture benchmark runs a recorder in a page: nothing, bare @rrweb/record in the page's
 * own (main) world, bare rrweb in an isolated world like a content script's (with and without
 * the customElements stub), or our extension. Bare rrweb uses default options and keeps its
 * events in an array.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

export type Mode = 'none' | 'rrweb' | 'rrweb-isolated-unfixed' | 'rrweb-isolated' | 'recorder';
export const MODES: Mode[] = ['none', 'rrweb', 'rrweb-isolated-unfixed', 'rrweb-isolated', 'recorder'];

const RRWEB_UMD = resolve(import.meta.dirname, '../node_modules/@rrweb/record/dist/record.umd.min.cjs');

/** Same guard and shape as extension/content/custom-elements-stub.ts (a no-op where a registry exists). */
const CUSTOM_ELEMENTS_STUB = `if (globalThis.customElements == null)
  Object.defineProperty(globalThis, 'customElements', { value: Object.freeze({ get: () => undefined }), configurable: true, writable: true, enumerable: true });`;

let umd: string | undefined;
function bareRrweb(): string {
  umd ??= readFileSync(RRWEB_UMD, 'utf8');
  return `${umd}
    ;window.__events = [];
    (globalThis.rrwebRecord || globalThis.rrweb).record({ emit: (e) => window.__events.push(e) });
    0`;
}

async function mainFrameId(cdp: CDPSession): Promise<string> {
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  return frameTree.frame.id;
}

async function runIsolated(page: Page, stub: boolean): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', {
    frameId: await mainFrameId(cdp),
    worldName: 'bench-rrweb',
  })) as { executionContextId: number };
  const source = stub ? `${CUSTOM_ELEMENTS_STUB}\n${bareRrweb()}` : bareRrweb();
  await cdp.send('Runtime.evaluate', { expression: source, contextId: executionContextId });
  await cdp.detach();
}

/**
 * Resolves once our content script has started rrweb in the page's main frame. The observable
 * sign: the customElements stub exists in the content script's world only from just before
 * `record()`, which takes its full snapshot synchronously, so a later evaluation there sees both.
 */
async function waitForRecorder(page: Page, extensionId: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const frameId = await mainFrameId(cdp);
  const worlds: number[] = [];
  cdp.on(
    'Runtime.executionContextCreated',
    (e: { context: { id: number; origin: string; auxData?: { frameId?: string } } }) => {
      if (e.context.origin === `chrome-extension://${extensionId}` && e.context.auxData?.frameId === frameId)
        worlds.push(e.context.id);
    },
  );
  await cdp.send('Runtime.enable');
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      for (const contextId of worlds) {
        const r = (await cdp
          .send('Runtime.evaluate', { expression: 'globalThis.customElements != null', contextId })
          .catch(() => ({ result: { value: false } }))) as { result: { value: unknown } };
        if (r.result.value === true) return;
      }
      if (Date.now() > deadline) throw new Error('the extension did not start recording this page in 60 s');
      await page.waitForTimeout(50);
    }
  } finally {
    await cdp.send('Runtime.disable').catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

/** Opens `url` with `mode` recording; resolves when that recorder has taken its full snapshot. */
export async function openIn(
  context: BrowserContext,
  mode: Mode,
  url: string,
  extensionId: string,
): Promise<Page> {
  const page = await context.newPage();
  if (mode === 'rrweb') await page.addInitScript(bareRrweb());
  await page.goto(url);
  if (mode === 'rrweb-isolated-unfixed') await runIsolated(page, false);
  if (mode === 'rrweb-isolated') await runIsolated(page, true);
  if (mode === 'recorder') await waitForRecorder(page, extensionId);
  await page.waitForTimeout(300); // let the snapshot's aftermath (batches, timers) settle
  return page;
}

interface Metrics {
  /** Main-thread task time (wall clock, all worlds, GC included). */
  taskMs: number;
  /** Main-thread CPU time: what the page's thread spent, whatever other processes load the machine. */
  cpuMs: number;
}

/** The page renderer's main-thread totals so far, in ms (needs `Performance.enable`). */
export async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  const of = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return { taskMs: of('TaskDuration'), cpuMs: of('ThreadTime') };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { frames?: { processId: number; isOutermostMainFrame?: boolean }[] } };
}

/**
 * Runs `action` under a trace and returns the page main thread's longest task, as wall time and as
 * CPU time (`tdur`): on a machine shared with other jobs a task's wall time includes waiting for
 * a core, its CPU time does not.
 */
export async function longestTask(
  cdp: CDPSession,
  action: () => Promise<void>,
): Promise<{ wallMs: number; cpuMs: number }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const v of e.value) events.push(v as unknown as TraceEvent);
  });
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline'] },
    transferMode: 'ReportEvents',
  });
  await action();
  await cdp.send('Tracing.end');
  await complete;
  const pid = events
    .find((e) => e.name === 'TracingStartedInBrowser')
    ?.args?.data?.frames?.find((f) => f.isOutermostMainFrame)?.processId;
  const tid = events.find((e) => e.ph === 'M' && e.pid === pid && e.args?.name === 'CrRendererMain')?.tid;
  const tasks = events.filter((e) => e.name === 'RunTask' && e.pid === pid && e.tid === tid);
  if (tasks.length === 0) throw new Error('no main-thread tasks in the trace');
  return {
    wallMs: Math.max(...tasks.map((e) => e.dur ?? 0)) / 1000,
    cpuMs: Math.max(...tasks.map((e) => e.tdur ?? 0)) / 1000,
  };
}
