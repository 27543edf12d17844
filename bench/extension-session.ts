/**
 * A Chromium with the built extension, consented and enabled on the demo server, driven through
 * its own runtime messages (as the capture bench does), plus what a bench reads back: the stored
 * chunks of a session, decompressed, with the time each was stored.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import type { eventWithTime } from '@rrweb/types';
import { findChromium, QUIET_FLAGS } from '../e2e/chromium';
import { type DemoServer, startDemoServer } from '../e2e/demo/server';
import { DIST } from '../e2e/paths';

export interface BenchBrowser {
  context: BrowserContext;
  server: DemoServer;
  /** An extension page, for runtime messages and IndexedDB. */
  control: Page;
  message(type: string, data: unknown): Promise<unknown>;
  tabIdOf(url: string): Promise<number>;
  close(): Promise<void>;
}

export interface StoredChunk {
  streamId: string;
  seq: number;
  storedAt: number;
  events: eventWithTime[];
}

export async function launch(): Promise<BenchBrowser> {
  if (!existsSync(join(DIST, 'manifest.json')))
    execFileSync('npm', ['run', '-s', 'build:test'], { stdio: 'inherit' });
  const server = await startDemoServer({ port: 0 });
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
  const message = async (type: string, data: unknown): Promise<unknown> => {
    const reply = (await control.evaluate(
      ([t, d]) => chrome.runtime.sendMessage({ to: 'sw', type: t, data: d }),
      [type, data] as const,
    )) as { ok: boolean; value?: unknown; error?: string };
    if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
    return reply.value;
  };
  const tabIdOf = (url: string): Promise<number> =>
    control.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return Math.max(...tabs.filter((t) => t.url === u).map((t) => t.id ?? -1));
    }, url);
  const version = (await control.locator('#version').textContent()) ?? '';
  await message('ui/consent', { version });
  await message('ui/enableOrigin', { origin: server.url });
  return {
    context,
    server,
    control,
    message,
    tabIdOf,
    close: async () => {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The session's page streams (not the service worker's), decompressed. */
export async function storedChunks(control: Page, sessionId: string): Promise<StoredChunk[]> {
  return control.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('recorder');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const rows = await new Promise<
      { sessionId: string; streamId: string; seq: number; storedAt: number; data: Uint8Array }[]
    >((res) => {
      const r = db.transaction('chunks').objectStore('chunks').getAll();
      r.onsuccess = () => res(r.result);
    });
    const out = [];
    for (const c of rows) {
      if (c.sessionId !== id || c.streamId.startsWith('sw:') || c.data.length === 0) continue;
      const text = await new Response(
        new Blob([c.data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')),
      ).text();
      out.push({ streamId: c.streamId, seq: c.seq, storedAt: c.storedAt, events: JSON.parse(text) });
    }
    return out;
  }, sessionId) as Promise<StoredChunk[]>;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}
