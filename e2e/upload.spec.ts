/**
 * Upload end to end, against a local receiver (e2e/receiver/server.ts) started by the test: the
 * receiver is killed mid-upload and restarted, and the upload resumes and completes with the
 * received bytes equal to the bundle; the browser is closed mid-upload and reopened, and the upload
 * resumes from where the receiver is; an unapproved session cannot be uploaded.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { findChromium, QUIET_FLAGS } from './chromium';
import { approveInDb, exportThroughPage, recordTask, sessionRow } from './export-helpers';
import { DIST, expect, test } from './fixtures';
import { type Receiver, startReceiver } from './receiver/server';

const TOKEN = 'e2e-upload-token';
const INTENT = 'Answer ticket 3 and add a customer';
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const chunkPuts = (r: Receiver) =>
  r.log.filter((l) => l.method === 'PUT' && l.status === 201).map((l) => Number(l.path.split('/').at(-1)));

async function configure(
  exportPage: Page,
  endpoint: string,
  chunkSize: number,
  deleteAfter = false,
): Promise<void> {
  // The page has shown its stored settings (filling the fields before that would be overwritten).
  await expect(exportPage.getByText(/^(No upload endpoint set|Bundles are uploaded to)/)).toBeVisible();
  await exportPage.evaluate((size) => chrome.storage.local.set({ uploadChunkSize: size }), chunkSize);
  await exportPage.getByLabel('Upload endpoint').fill(endpoint);
  await exportPage.getByLabel('Access token').fill(TOKEN);
  await exportPage
    .getByLabel('Delete sessions from this browser after they are uploaded')
    .setChecked(deleteAfter);
  await exportPage.getByRole('button', { name: 'Save settings' }).click();
  await expect(exportPage.getByRole('status', { name: 'Settings status' })).toHaveText('Settings saved.');
}

async function auditActions(page: Page, sessionId: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('recorder');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const rows = await new Promise<{ sessionId: string; action: string }[]>((res) => {
      const r = db.transaction('audit').objectStore('audit').getAll();
      r.onsuccess = () => res(r.result);
    });
    db.close();
    return rows.filter((a) => a.sessionId === id).map((a) => a.action);
  }, sessionId);
}

test('the receiver is killed mid-upload and restarted: the upload resumes and completes', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  const sessionId = await recordTask(page, demoUrl, recorder, INTENT);
  await approveInDb(await recorder.extensionPage(), sessionId);

  let restarted: Promise<Receiver> | null = null;
  const first: Receiver = await startReceiver({
    token: TOKEN,
    chunkDelayMs: 60,
    onChunk: (_sha, n) => {
      if (n !== 2 || restarted) return;
      // Crash after the third chunk is stored (its answer is lost with the connection); come back 1.5 s later.
      restarted = first.kill().then(async () => {
        await sleep(1500);
        return startReceiver({ token: TOKEN, port: first.port, dir: first.dir });
      });
    },
  });
  const exportPage = await context.newPage();
  await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
  await configure(exportPage, first.url, 4096);
  const { bytes, name } = await exportThroughPage(exportPage, INTENT);
  expect(bytes.length).toBeGreaterThan(6 * 4096);

  await exportPage.getByRole('button', { name: 'Upload bundle' }).click();
  const status = exportPage.getByRole('status', { name: `Upload status of ${name}` });
  await expect(status).toHaveText('Retrying', { timeout: 20_000 });
  await expect(status).toHaveText('Uploaded', { timeout: 60_000 });
  const second = await restarted!;
  try {
    const sha = sha256(bytes);
    expect(second.bundle(sha)?.equals(bytes)).toBe(true);
    expect(second.manifest(sha)).toMatchObject({ sessions: [{ id: sessionId }] });
    expect(chunkPuts(first)).toEqual([0, 1, 2]);
    const resent = chunkPuts(second);
    expect(resent).not.toContain(0);
    expect(resent).not.toContain(1);
    expect(resent.filter((n) => n !== 2)).toEqual(
      Array.from({ length: Math.ceil(bytes.length / 4096) - 3 }, (_, i) => i + 3),
    );
    expect((await sessionRow(exportPage, sessionId))?.status).toBe('uploaded');
    expect(await auditActions(exportPage, sessionId)).toEqual(expect.arrayContaining(['export', 'upload']));
    await exportPage.screenshot({ path: 'test-results/export-page-uploaded.png' });

    // Contributor rights: the deletion request names the pseudonymous contributor and the bundle,
    // and withdrawing consent offers it.
    const saving = exportPage.waitForEvent('download');
    await exportPage.getByRole('button', { name: 'Export deletion request' }).click();
    const request = JSON.parse(readFileSync(await (await saving).path(), 'utf8'));
    expect(request).toMatchObject({
      type: 'consent-recorder/deletion-request',
      scope: 'contributor',
      contributorId: (second.manifest(sha) as { contributorId: string }).contributorId,
      bundles: [{ sha256: sha, sessionIds: [sessionId] }],
    });
    const consent = await context.newPage();
    await consent.goto(`chrome-extension://${extensionId}/consent.html`);
    await consent.getByRole('button', { name: 'Withdraw consent' }).click();
    await expect(consent.getByRole('link', { name: 'Export a deletion request' })).toBeVisible();
  } finally {
    await second.close();
  }
});

test('an unapproved session cannot be uploaded', async ({ context, demoUrl, recorder, extensionId }) => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  const sessionId = await recordTask(page, demoUrl, recorder, INTENT);
  const receiver = await startReceiver({ token: TOKEN });
  try {
    const exportPage = await context.newPage();
    await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
    await configure(exportPage, receiver.url, 4096);
    await exportPage.goto(`chrome-extension://${extensionId}/export.html#upload=${sessionId}`);
    await expect(exportPage.getByRole('alert')).toContainText(
      'only approved sessions can be exported or uploaded',
    );
    await expect(exportPage.getByRole('list', { name: 'Uploads' })).toHaveCount(0);
    expect(receiver.log).toEqual([]);
    expect((await sessionRow(exportPage, sessionId))?.status).toBe('stopped');
  } finally {
    await receiver.close();
  }
});

test('an upload interrupted by closing the browser resumes when the export page opens again, then deletes the session', async () => {
  test.setTimeout(120_000);
  const profile = mkdtempSync(join(tmpdir(), 'recorder-e2e-restart-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: findChromium(),
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
    });
  const extensionIdOf = async (ctx: BrowserContext) =>
    new URL((ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'))).url()).host;
  // A bundle made outside the browser, imported and approved: the session to upload.
  const sample = join(profile, 'sample.zip');
  execFileSync(process.execPath, ['--import', 'tsx', 'e2e/receiver/sample-bundle.ts', sample], {
    cwd: resolve(import.meta.dirname, '..'),
  });
  const incoming = readFileSync(sample);
  // Slow chunks (1 s each): the browser closes with several of them still to send.
  const receiver = await startReceiver({ token: TOKEN, chunkDelayMs: 1000 });
  let ctx = await launch();
  try {
    const id = await extensionIdOf(ctx);
    let exportPage = await ctx.newPage();
    await exportPage.goto(`chrome-extension://${id}/export.html`);
    await exportPage
      .getByLabel('Bundle file (.zip)')
      .setInputFiles({ name: 'in.zip', mimeType: 'application/zip', buffer: incoming });
    await expect(exportPage.getByRole('status', { name: 'Import status' })).toContainText(
      'Imported 1 session',
    );
    const sessionId = await exportPage.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res) => {
        const r = indexedDB.open('recorder');
        r.onsuccess = () => res(r.result);
      });
      const rows = await new Promise<{ id: string }[]>((res) => {
        const r = db.transaction('sessions').objectStore('sessions').getAll();
        r.onsuccess = () => res(r.result);
      });
      db.close();
      return rows[0]!.id;
    });
    await approveInDb(exportPage, sessionId);
    await exportPage.reload();
    await configure(exportPage, receiver.url, 2048, true);
    await exportPage.getByRole('checkbox', { name: /^Select / }).check();
    const downloading = exportPage.waitForEvent('download');
    await exportPage.getByRole('button', { name: 'Export selected' }).click();
    const bytes = await (await downloading).createReadStream().then(async (s) => {
      const parts: Buffer[] = [];
      for await (const p of s) parts.push(p as Buffer);
      return Buffer.concat(parts);
    });
    const chunks = Math.ceil(bytes.length / 2048);
    expect(chunks).toBeGreaterThan(5);
    await exportPage.getByRole('button', { name: 'Upload bundle' }).click();
    await expect.poll(() => chunkPuts(receiver).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await ctx.close(); // the browser goes away mid-upload
    const before = chunkPuts(receiver);
    expect(before.length).toBeLessThan(chunks);

    ctx = await launch();
    exportPage = await ctx.newPage();
    await exportPage.goto(`chrome-extension://${await extensionIdOf(ctx)}/export.html`);
    const status = exportPage.getByRole('listitem', { name: /^Upload of / }).getByRole('status');
    await expect(status).toHaveText('Uploaded', { timeout: 60_000 });
    expect(receiver.bundle(sha256(bytes))?.equals(bytes)).toBe(true);
    const after = chunkPuts(receiver).slice(before.length);
    // Resumed: what the receiver had was not sent again (the chunk in flight at the close may be).
    expect(after.filter((n) => before.includes(n)).length).toBeLessThanOrEqual(1);
    expect(new Set([...before, ...after]).size).toBe(chunks);
    // "Delete after upload" was on: the session is gone from this browser, the audit log says so.
    await expect.poll(() => sessionRow(exportPage, sessionId)).toBeUndefined();
    expect(await auditActions(exportPage, sessionId)).toEqual(
      expect.arrayContaining(['export', 'upload', 'delete']),
    );
  } finally {
    await ctx.close().catch(() => {});
    await receiver.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
