/**
 * Uploads over tus end to end, against the reference receiver (@tus/server with its file store,
 * e2e/receiver/server.ts) run as a child process by the test:
 * - the receiver process is SIGKILLed mid-upload and started again on the same port and
 *   directory: the upload retries (the page shows the last error and the next try), resumes from
 *   the server's offset with the same tus upload, and the filed bytes equal the bundle; before
 *   that, a wrong token stops at once with a link to the settings; the deletion request reaches
 *   the receiver;
 * - the browser is killed mid-upload and relaunched on the same profile: the upload resumes from
 *   the server's offset (HEAD on the persisted upload URL) and completes;
 * - an unapproved session cannot be uploaded.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { findChromium, QUIET_FLAGS } from './chromium';
import { approveInDb, exportThroughPage, recordTask, sessionRow } from './export-helpers';
import { DIST, expect, test } from './fixtures';
import { type ReceiverProcess, startReceiverProcess } from './receiver/process';
import type { ReceiverEvent } from './receiver/server';

const TOKEN = 'e2e-upload-token';
const INTENT = 'Answer ticket 3 and add a customer';
const CHUNK = 1024;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const creates = (r: ReceiverProcess) =>
  r.events.filter((e): e is Extract<ReceiverEvent, { type: 'create' }> => e.type === 'create');
const patches = (r: ReceiverProcess) =>
  r.events.filter((e): e is Extract<ReceiverEvent, { type: 'patch' }> => e.type === 'patch');
/** The server's offset of an upload: the file store's data file is exactly the bytes it has. */
const storedBytes = (r: ReceiverProcess, id: string) => statSync(join(r.dir, 'uploads', id)).size;

async function configure(
  exportPage: Page,
  endpoint: string,
  token: string,
  deleteAfter = false,
): Promise<void> {
  // The page has shown its stored settings (filling the fields before that would be overwritten).
  await expect(exportPage.getByText(/^(No upload endpoint set|Bundles are uploaded to)/)).toBeVisible();
  await exportPage.evaluate((size) => chrome.storage.local.set({ uploadChunkSize: size }), CHUNK);
  await exportPage.getByLabel('Upload endpoint').fill(endpoint);
  await exportPage.getByLabel('Access token').fill(token);
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

test('the tus receiver process is killed mid-upload and restarted: the upload resumes from its offset and the filed bytes are the bundle', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const page = await context.newPage();
  const sessionId = await recordTask(page, demoUrl, recorder, INTENT);
  await approveInDb(await recorder.extensionPage(), sessionId);

  const first = await startReceiverProcess({ token: TOKEN, patchDelayMs: 150 });
  let second: ReceiverProcess | null = null;
  try {
    const exportPage = await context.newPage();
    await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
    // A wrong token: refused, not retried, and the row links to the settings.
    await configure(exportPage, first.url, 'not-the-token');
    const { bytes, name } = await exportThroughPage(exportPage, INTENT);
    expect(bytes.length).toBeGreaterThan(8 * CHUNK);
    await exportPage.getByRole('button', { name: 'Upload bundle' }).click();
    const row = exportPage.getByRole('listitem', { name: `Upload of ${name}` });
    const status = row.getByRole('status', { name: `Upload status of ${name}` });
    await expect(status).toHaveText('Token refused', { timeout: 30_000 });
    await expect(row.getByRole('link', { name: 'check the access token in Upload settings' })).toBeVisible();
    expect(creates(first)).toEqual([]);

    await configure(exportPage, first.url, TOKEN);
    await row.getByRole('button', { name: 'Retry upload' }).click();
    await expect.poll(() => patches(first).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await expect(row.getByLabel(`Bytes uploaded of ${name}`)).toContainText(/ of /);
    await exportPage.screenshot({
      path: `${process.env.REVIEW_SHOTS ?? 'test-results'}/export-progress.png`,
    });
    await first.kill(); // mid-upload
    const [upload] = creates(first);
    expect(upload).toBeDefined();
    const offsetAtCrash = storedBytes(first, upload!.id);
    expect(offsetAtCrash).toBeGreaterThan(0);
    expect(offsetAtCrash).toBeLessThan(bytes.length);

    await expect(status).toHaveText('Retrying', { timeout: 30_000 });
    await expect(row.getByText(/^Last error: .*Next try at /)).toBeVisible();
    await exportPage.screenshot({ path: `${process.env.REVIEW_SHOTS ?? 'test-results'}/export-error.png` });
    second = await startReceiverProcess({ token: TOKEN, port: first.port, dir: first.dir, patchDelayMs: 20 });
    await expect(status).toHaveText('Uploaded', { timeout: 90_000 });

    // The same tus upload, resumed at the offset the server had (the client asked it with HEAD).
    expect(creates(second)).toEqual([]);
    expect(patches(second)[0]).toMatchObject({ id: upload!.id, offset: offsetAtCrash });
    const sha = sha256(bytes);
    expect(second.bundle(sha)?.equals(bytes)).toBe(true);
    const filed = second.events.find((e) => e.type === 'filed');
    expect(filed).toMatchObject({ sha256: sha, path: expect.stringContaining(`/bundles/c_`) });
    expect((await sessionRow(exportPage, sessionId))?.status).toBe('uploaded');
    expect(await auditActions(exportPage, sessionId)).toEqual(expect.arrayContaining(['export', 'upload']));
    await expect(row.getByText(/^Uploaded to http:\/\/127\.0\.0\.1:\d+.* on /)).toBeVisible(); // where and when
    await exportPage.screenshot({ path: 'test-results/export-page-uploaded.png' });

    // Contributor rights: the deletion request reaches the receiver (and a copy is saved).
    const saving = exportPage.waitForEvent('download');
    await exportPage.getByRole('button', { name: 'Send deletion request' }).click();
    const request = JSON.parse(readFileSync(await (await saving).path(), 'utf8'));
    const contributorId = (filed as { contributorId: string }).contributorId;
    expect(request).toMatchObject({
      type: 'consent-recorder/deletion-request',
      scope: 'contributor',
      contributorId,
      bundles: [{ sha256: sha, sessionIds: [sessionId] }],
    });
    await expect(exportPage.getByRole('status', { name: /^Deletion request to / })).toHaveText('Received', {
      timeout: 30_000,
    });
    const recorded = readdirSync(join(second.dir, 'deletion-requests'));
    expect(recorded).toHaveLength(1);
    expect(
      JSON.parse(readFileSync(join(second.dir, 'deletion-requests', recorded[0]!), 'utf8')),
    ).toMatchObject({
      request: { contributorId, bundles: [{ sha256: sha }] },
    });
    const consent = await context.newPage();
    await consent.goto(`chrome-extension://${extensionId}/consent.html`);
    await consent.getByRole('button', { name: 'Withdraw consent' }).click();
    await expect(consent.getByRole('link', { name: 'Export a deletion request' })).toBeVisible();
  } finally {
    await first.stop();
    await second?.stop();
  }
});

test('an unapproved session cannot be uploaded', async ({ context, demoUrl, recorder, extensionId }) => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  const sessionId = await recordTask(page, demoUrl, recorder, INTENT);
  const receiver = await startReceiverProcess({ token: TOKEN });
  try {
    const exportPage = await context.newPage();
    await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
    await configure(exportPage, receiver.url, TOKEN);
    await exportPage.goto(`chrome-extension://${extensionId}/export.html#upload=${sessionId}`);
    await expect(exportPage.getByRole('alert')).toContainText(
      'only approved sessions can be exported or uploaded',
    );
    await expect(exportPage.getByRole('list', { name: 'Uploads' })).toHaveCount(0);
    expect(receiver.events.filter((e) => e.type !== 'listening')).toEqual([]);
    expect((await sessionRow(exportPage, sessionId))?.status).toBe('stopped');
  } finally {
    await receiver.stop();
  }
});

/** SIGKILLs the browser process of a profile (the one we launched: found by its --user-data-dir). */
function killBrowser(profile: string): boolean {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd: string[];
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (cmd.includes(`--user-data-dir=${profile}`) && !cmd.some((a) => a.startsWith('--type='))) {
      process.kill(Number(pid), 'SIGKILL');
      return true;
    }
  }
  return false;
}

test('the browser is killed mid-upload and relaunched: the upload resumes from the server offset, then deletes the session', async () => {
  test.setTimeout(180_000);
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
  // Slow PATCHes (1 s each): the browser dies with several chunks still to send.
  const receiver = await startReceiverProcess({ token: TOKEN, patchDelayMs: 1000 });
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
    await configure(exportPage, receiver.url, TOKEN, true);
    await exportPage.getByRole('checkbox', { name: /^Select / }).check();
    const downloading = exportPage.waitForEvent('download');
    await exportPage.getByRole('button', { name: 'Export selected' }).click();
    const bytes = await (await downloading).createReadStream().then(async (s) => {
      const parts: Buffer[] = [];
      for await (const p of s) parts.push(p as Buffer);
      return Buffer.concat(parts);
    });
    expect(bytes.length).toBeGreaterThan(5 * CHUNK);
    await exportPage.getByRole('button', { name: 'Upload bundle' }).click();
    await expect.poll(() => patches(receiver).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    // The browser dies mid-upload (SIGKILL: nothing is flushed or closed cleanly).
    expect(killBrowser(profile), 'the browser process of the profile was found').toBe(true);
    await ctx.close().catch(() => {});
    const [upload] = creates(receiver);
    expect(upload).toBeDefined();
    await new Promise((r) => setTimeout(r, 1500)); // the PATCH in flight, if any, settles on the server
    const offset = storedBytes(receiver, upload!.id);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(bytes.length);
    const patchesBefore = patches(receiver).length;

    ctx = await launch();
    exportPage = await ctx.newPage();
    await exportPage.goto(`chrome-extension://${await extensionIdOf(ctx)}/export.html`);
    const status = exportPage.getByRole('listitem', { name: /^Upload of / }).getByRole('status');
    await expect(status).toHaveText('Uploaded', { timeout: 90_000 });
    // Resumed with the persisted upload URL at the server's offset: no second upload was created.
    expect(creates(receiver)).toHaveLength(1);
    expect(patches(receiver)[patchesBefore]).toMatchObject({ id: upload!.id, offset });
    expect(receiver.bundle(sha256(bytes))?.equals(bytes)).toBe(true);
    // "Delete after upload" was on: the session is gone from this browser, the audit log says so.
    await expect.poll(() => sessionRow(exportPage, sessionId)).toBeUndefined();
    expect(await auditActions(exportPage, sessionId)).toEqual(
      expect.arrayContaining(['export', 'upload', 'delete']),
    );
  } finally {
    await ctx.close().catch(() => {});
    await receiver.stop();
    rmSync(profile, { recursive: true, force: true });
  }
});
