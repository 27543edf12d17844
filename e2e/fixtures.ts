/**
 * The Playwright fixture every e2e suite builds on (contract documented in e2e/README.md): a
 * persistent Chromium profile with the built extension loaded, the demo app, and `recorder`,
 * which drives the extension through its own pages the way a user does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, test as base, chromium, expect, type Page } from '@playwright/test';
import { findChromium, QUIET_FLAGS } from './chromium';
import { startDemoServer } from './demo/server';

export { DIST } from './paths';

import { DIST } from './paths';

export interface RecorderDriver {
  enable(origin: string): Promise<void>;
  start(page: Page, opts?: { intent?: string }): Promise<string>;
  startTask(intent: string): Promise<void>;
  endTask(outcome?: 'done' | 'abandoned'): Promise<void>;
  stop(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Resolves when everything captured so far is durably stored. */
  flush(): Promise<void>;
  stopServiceWorker(): Promise<void>;
  /** Closes the offscreen document (and with it the worker), as Chrome may. */
  closeOffscreen(): Promise<void>;
  /** The toolbar badge text. */
  badge(): Promise<string>;
  /** An extension page (kept open) for reading IndexedDB and calling the extension. */
  extensionPage(): Promise<Page>;
}

interface WorkerFixtures {
  demoUrl: string;
  executablePath: string;
}
interface TestFixtures {
  context: BrowserContext;
  extensionId: string;
  recorder: RecorderDriver;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  executablePath: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring form
    async ({}, use) => use(findChromium()),
    { scope: 'worker' },
  ],
  demoUrl: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring form
    async ({}, use) => {
      const server = await startDemoServer({ port: 0 });
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],
  context: async ({ executablePath }, use) => {
    const profile = mkdtempSync(join(tmpdir(), 'recorder-e2e-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
    });
    await use(context);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  },
  extensionId: async ({ context }, use) => {
    const sw =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    await use(new URL(sw.url()).host);
  },
  recorder: async ({ context, extensionId }, use) => {
    await use(new Driver(context, extensionId));
  },
});

export { expect };

class Driver implements RecorderDriver {
  private controlPage: Page | null = null;
  private recordedPage: Page | null = null;

  constructor(
    private readonly context: BrowserContext,
    private readonly extensionId: string,
  ) {}

  url(path: string): string {
    return `chrome-extension://${this.extensionId}/${path}`;
  }

  async extensionPage(): Promise<Page> {
    if (!this.controlPage || this.controlPage.isClosed()) {
      this.controlPage = await this.context.newPage();
      await this.controlPage.goto(this.url('options.html'));
    }
    return this.controlPage;
  }

  /** Opens one of the extension's pages in a new tab, runs `fn`, closes it, refocuses the work. */
  private async withPage<T>(path: string, fn: (p: Page) => Promise<T>): Promise<T> {
    const p = await this.context.newPage();
    try {
      await p.goto(this.url(path));
      return await fn(p);
    } finally {
      await p.close();
      await this.recordedPage?.bringToFront().catch(() => {});
    }
  }

  async enable(origin: string): Promise<void> {
    await this.withPage('consent.html', async (p) => {
      const agree = p.getByRole('button', { name: 'I agree to be recorded' });
      if (await agree.isEnabled()) await agree.click();
      await expect(p.getByRole('status')).toContainText('You consented');
    });
    await this.withPage('options.html', async (p) => {
      await p.getByLabel('Site to enable').fill(origin);
      await p.getByRole('button', { name: 'Enable site' }).click();
      await expect(p.getByRole('status')).toContainText(
        `Recording can now be started on ${new URL(origin).origin}`,
      );
    });
  }

  private async tabIdOf(page: Page): Promise<number> {
    const control = await this.extensionPage();
    const url = page.url();
    const id = await control.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      const ids = tabs.filter((t) => t.url === u).map((t) => t.id ?? -1);
      return ids.length > 0 ? Math.max(...ids) : -1;
    }, url);
    if (id < 0) throw new Error(`no tab shows ${url}`);
    return id;
  }

  private popup(tabId?: number): string {
    return tabId === undefined ? 'popup.html' : `popup.html?tab=${tabId}`;
  }

  async start(page: Page, opts: { intent?: string } = {}): Promise<string> {
    this.recordedPage = page;
    const tabId = await this.tabIdOf(page);
    return this.withPage(this.popup(tabId), async (p) => {
      if (opts.intent) await p.getByLabel('Task intent (optional)').fill(opts.intent);
      await p.getByRole('button', { name: 'Start recording' }).click();
      await expect(p.getByRole('status', { name: 'Recording status' })).toHaveText('Recording');
      const id = await p.locator('output[data-session-id]').getAttribute('data-session-id');
      if (!id) throw new Error('no session id shown');
      return id;
    });
  }

  private async click(name: string, expected: string, fill?: [string, string]): Promise<void> {
    await this.withPage(this.popup(), async (p) => {
      if (fill) await p.getByLabel(fill[0]).fill(fill[1]);
      await p.getByRole('button', { name, exact: true }).click();
      await expect(p.getByRole('status', { name: 'Recording status' })).toHaveText(expected);
      await expect(p.getByRole('alert')).toHaveCount(0);
    });
  }

  startTask(intent: string): Promise<void> {
    return this.click('Start task', 'Recording', ['Next task', intent]);
  }

  endTask(outcome: 'done' | 'abandoned' = 'done'): Promise<void> {
    return this.click(outcome === 'done' ? 'End task (done)' : 'Abandon task', 'Recording');
  }

  stop(): Promise<void> {
    return this.click('Stop recording', 'Not recording');
  }

  pause(): Promise<void> {
    return this.click('Pause', 'Paused');
  }

  resume(): Promise<void> {
    return this.click('Resume', 'Recording');
  }

  async flush(): Promise<void> {
    const control = await this.extensionPage();
    const reply = await control.evaluate(() =>
      chrome.runtime.sendMessage({ to: 'sw', type: 'ui/flush', data: {} }),
    );
    if (!reply?.ok) throw new Error(`flush failed: ${reply?.error}`);
  }

  async closeOffscreen(): Promise<void> {
    const control = await this.extensionPage();
    const cdp = await this.context.newCDPSession(control);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const target = targetInfos.find((t) => t.url.endsWith('/offscreen.html'));
    if (!target) throw new Error('no offscreen document to close');
    await cdp.send('Target.closeTarget', { targetId: target.targetId });
    await cdp.detach();
  }

  async badge(): Promise<string> {
    const control = await this.extensionPage();
    return control.evaluate(() => chrome.action.getBadgeText({}));
  }

  async stopServiceWorker(): Promise<void> {
    const control = await this.extensionPage();
    const cdp = await this.context.newCDPSession(control);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
  }
}
