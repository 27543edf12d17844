/**
 * Replay fidelity of the demo app's hard parts, recorded three ways in one Chromium run: bare
 * @rrweb/record in the page's main world, the same in an isolated world, and our extension (which
 * runs rrweb in the content script's isolated world). Each recording is replayed with
 * @rrweb/replay and compared with the live page: CSS-in-JS rules inserted at run time, a constructed
 * (adopted) stylesheet, a value set by script, and text typed into an open shadow root.
 * This is the measurement behind the isolated-vs-main-world decision (docs/decisions.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { eventWithTime } from '@rrweb/types';
import { findChromium, QUIET_FLAGS } from '../e2e/chromium';
import { startDemoServer } from '../e2e/demo/server';
import { dumpDatabase, eventsOf } from '../e2e/idb';
import { DIST } from '../e2e/paths';
import type { BenchResult } from './types';

const NM = resolve(import.meta.dirname, '../node_modules');
const RECORD_UMD = readFileSync(join(NM, '@rrweb/record/dist/record.umd.min.cjs'), 'utf8');
const REPLAY_UMD = readFileSync(join(NM, '@rrweb/replay/dist/replay.umd.min.cjs'), 'utf8');
const REPLAY_CSS = readFileSync(join(NM, '@rrweb/replay/dist/style.css'), 'utf8');
const START_RECORD = `${RECORD_UMD};window.__events=[];(globalThis.rrwebRecord||globalThis.rrweb).record({emit:(e)=>window.__events.push(e)});`;

interface Probe {
  themeColor: string;
  adoptedRadius: string;
  programmatic: string;
  shadowComment: string;
}

/** Reads the probes from a document (the live page, or the replay's iframe document). */
const READ_PROBES = `(doc) => {
  const card = doc.querySelector('[data-testid="cssinjs-card"]');
  const view = doc.defaultView;
  const widget = doc.querySelector('rating-widget');
  const comment = widget && widget.shadowRoot ? widget.shadowRoot.querySelector('input') : null;
  const input = doc.querySelector('[data-testid="programmatic-input"]');
  return {
    themeColor: card ? view.getComputedStyle(card).backgroundImage + ' ' + view.getComputedStyle(card).backgroundColor : 'missing',
    adoptedRadius: card ? view.getComputedStyle(card).borderRadius : 'missing',
    programmatic: input ? input.value : 'missing',
    shadowComment: comment ? comment.value : 'missing',
  };
}`;

async function exercise(page: Page): Promise<Probe> {
  await page.getByRole('button', { name: 'Change theme' }).click();
  await page.getByRole('button', { name: 'Set value' }).click();
  await page.getByRole('textbox', { name: 'Rating comment' }).pressSequentially('shadow text');
  await page.waitForTimeout(600);
  return page.evaluate(`(${READ_PROBES})(document)`) as Promise<Probe>;
}

async function replayProbes(page: Page, events: eventWithTime[]): Promise<Probe> {
  await page.setContent(`<html><head><style>${REPLAY_CSS}</style></head><body></body></html>`);
  await page.addScriptTag({ content: REPLAY_UMD });
  // Typed loosely: the event union is too deep for evaluate's serializable-argument inference.
  const evaluate = page.evaluate.bind(page) as (
    f: (a: readonly [unknown, string]) => Promise<Probe>,
    a: readonly [unknown, string],
  ) => Promise<Probe>;
  return evaluate(
    async ([evs, read]) => {
      const g = globalThis as unknown as {
        rrwebReplay?: { Replayer: new (e: unknown, o: unknown) => unknown };
      };
      const R = g.rrwebReplay?.Replayer as unknown as new (
        e: unknown,
        o: unknown,
      ) => { pause(t: number): void; getMetaData(): { totalTime: number }; iframe: HTMLIFrameElement };
      const r = new R(evs, { root: document.body, showWarning: false, mouseTail: false });
      r.pause(r.getMetaData().totalTime + 1);
      await new Promise((res) => setTimeout(res, 300));
      // biome-ignore lint/security/noGlobalEval: the probe reader is our own function source, shared with the live page; the replay iframe runs no scripts of its own
      const indirect = globalThis.eval;
      return indirect(read)(r.iframe.contentDocument);
    },
    [events, READ_PROBES] as const,
  );
}

export async function run(): Promise<BenchResult> {
  if (!existsSync(join(DIST, 'manifest.json')))
    execFileSync('npm', ['run', '-s', 'build:test'], { stdio: 'inherit' });
  const server = await startDemoServer({ port: 0 });
  const other = server.url.replace('127.0.0.1', 'localhost');
  const profile = mkdtempSync(join(tmpdir(), 'recorder-fidelity-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  const results: Record<string, { live: Probe; replay: Probe; matches: number }> = {};
  try {
    const score = (live: Probe, replay: Probe) =>
      (Object.keys(live) as (keyof Probe)[]).filter((k) => live[k] === replay[k]).length;

    // 1. bare rrweb, main world
    const main = await context.newPage();
    await main.addInitScript(START_RECORD);
    await main.goto(`${other}/widgets`);
    const liveMain = await exercise(main);
    const mainEvents = (await main.evaluate('window.__events')) as eventWithTime[];
    // 2. bare rrweb, isolated world
    const iso = await context.newPage();
    await iso.goto(`${other}/widgets`);
    const cdp = await context.newCDPSession(iso);
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'fidelity',
    })) as {
      executionContextId: number;
    };
    await cdp.send('Runtime.evaluate', { expression: START_RECORD, contextId: executionContextId });
    const liveIso = await exercise(iso);
    const isoEvents = (
      (await cdp.send('Runtime.evaluate', {
        expression: 'JSON.stringify(window.__events)',
        contextId: executionContextId,
        returnByValue: true,
      })) as {
        result: { value: string };
      }
    ).result.value;
    // 3. our extension
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const control = await context.newPage();
    await control.goto(`chrome-extension://${new URL(sw.url()).host}/consent.html`);
    const version = (await control.locator('#version').textContent()) ?? '';
    const call = (type: string, data: unknown) =>
      control.evaluate(([t, d]) => chrome.runtime.sendMessage({ to: 'sw', type: t, data: d }), [
        type,
        data,
      ] as const);
    await call('ui/consent', { version });
    await call('ui/enableOrigin', { origin: server.url });
    const ext = await context.newPage();
    await ext.goto(`${server.url}/widgets`);
    const tabId = await control.evaluate(
      async (u) => Math.max(...(await chrome.tabs.query({ url: u })).map((t) => t.id ?? -1)),
      ext.url(),
    );
    const started = (await call('ui/start', { tabId, intent: null })) as { value: { sessionId: string } };
    await ext.bringToFront();
    const liveExt = await exercise(ext);
    await call('ui/flush', {});
    await call('ui/stop', {});
    const extEvents = eventsOf(await dumpDatabase(control), started.value.sessionId).filter(
      (e) => e.type !== 5 || true,
    );

    const player = await context.newPage();
    for (const [name, live, events] of [
      ['bare rrweb, main world', liveMain, mainEvents],
      ['bare rrweb, isolated world', liveIso, JSON.parse(isoEvents) as eventWithTime[]],
      ['extension (isolated world)', liveExt, extEvents],
    ] as const) {
      const replay = await replayProbes(player, events);
      results[name] = { live, replay, matches: score(live, replay) };
    }
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const rows = Object.entries(results).map(([name, r]) => ({
    recording: name,
    'runtime CSS (insertRule)': r.live.themeColor === r.replay.themeColor ? 'ok' : 'lost',
    'adopted stylesheet': r.live.adoptedRadius === r.replay.adoptedRadius ? 'ok' : 'lost',
    'value set by script': r.live.programmatic === r.replay.programmatic ? 'ok' : 'lost',
    'typed in shadow root': r.live.shadowComment === r.replay.shadowComment ? 'ok' : 'lost',
    score: `${r.matches}/4`,
  }));
  return { name: 'replay fidelity (demo /widgets)', rows, results };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table((await run()).rows);
