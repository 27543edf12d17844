/**
 * Export end to end: a scripted task recorded on the demo app, approved, exported through the
 * export page; the bundle validates (the CLI, as a dataset builder would run it), holds none of
 * the personal data typed, and its UserFlow, replayed with @puppeteer/replay against a fresh demo
 * app, reaches the same end state (read from the app's API), with synthetic values where the
 * recording was redacted. Also: import (valid and corrupt bundles) and refusal of unapproved sessions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRunner, PuppeteerRunnerExtension, parse } from '@puppeteer/replay';
import puppeteer from 'puppeteer-core';
import type { Mind2WebTask } from '../worker/ship/mind2web';
import { startDemoServer } from './demo/server';
import type { DemoState } from './demo/state';
import {
  approveInDb,
  exportThroughPage,
  PII,
  recordTask,
  sessionRow,
  TYPED,
  unzipText,
} from './export-helpers';
import { expect, test } from './fixtures';

const INTENT = 'Answer ticket 3 and add a customer';
const ROOT = resolve(import.meta.dirname, '..');

async function state(url: string): Promise<DemoState> {
  return (await (await fetch(`${url}/api/state`)).json()) as DemoState;
}

test('an approved recording exports a valid bundle whose UserFlow replays to the same end state', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
  executablePath,
}) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  const sessionId = await recordTask(page, demoUrl, recorder, INTENT);
  const recorded = await state(demoUrl);
  const control = await recorder.extensionPage();
  await approveInDb(control, sessionId);

  const exportPage = await context.newPage();
  await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
  const { bytes, name } = await exportThroughPage(exportPage, INTENT);
  expect(name).toMatch(/^recordings-\d{4}-\d{2}-\d{2}-[0-9a-f]{12}\.zip$/);
  await exportPage.screenshot({ path: 'test-results/export-page.png' });

  // The bundle validates with the dataset CLI.
  const dir = mkdtempSync(join(tmpdir(), 'export-e2e-'));
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/dataset.ts', 'validate', file], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(0);
  expect(cli.stdout).toContain('valid bundle');

  // The CLI derives Mind2Web tasks from it: every target is among its action's pos_candidates.
  const m2w = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/dataset.ts', 'convert', file, '--to', 'mind2web', '--out', dir],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(m2w.status).toBe(0);
  const tasks = JSON.parse(readFileSync(join(dir, 'mind2web.json'), 'utf8')) as Mind2WebTask[];
  const task = tasks.find((t) => t.confirmed_task === INTENT)!;
  expect(task.actions.map((a) => a.operation.op)).toEqual([
    'CLICK',
    'TYPE',
    'CLICK',
    'SELECT',
    'CLICK',
    'TYPE',
    'TYPE',
    'TYPE',
    'SELECT',
    'CLICK',
    'CLICK',
    'TYPE',
    'CLICK',
  ]);
  for (const a of task.actions) {
    expect(a.pos_candidates).toHaveLength(1);
    expect(a.cleaned_html).toContain(`uid="${a.pos_candidates[0]!.backend_node_id}" data-target="true"`);
    expect(a.raw_html).toContain(`backend_node_id="${a.pos_candidates[0]!.backend_node_id}"`);
    expect(JSON.parse(a.pos_candidates[0]!.attributes).bounding_box_rect).toMatch(
      /^[\d.]+,[\d.]+,[\d.]+,[\d.]+$/,
    );
  }
  const mind2web = readFileSync(join(dir, 'mind2web.json'), 'utf8');

  // No file of the bundle (nor the derived Mind2Web) holds what was typed where it is personal data.
  const files: Record<string, string> = { ...unzipText(bytes), 'mind2web.json (derived)': mind2web };
  expect(Object.keys(files)).toEqual(
    expect.arrayContaining([
      'manifest.json',
      'trajectories.jsonl',
      'refinements.jsonl',
      `events/${sessionId}.json`,
      `userflows/${sessionId}/t0.json`,
    ]),
  );
  for (const [path, text] of Object.entries(files)) {
    for (const pii of PII) expect(text.includes(pii), `${path} holds "${pii}"`).toBe(false);
  }
  // ...while the values that are not personal data are kept.
  expect(files['trajectories.jsonl']).toContain(TYPED.reply);
  const manifest = JSON.parse(files['manifest.json']!);
  expect(manifest.sessions[0].review.reviewer).toBe('e2e');
  expect(manifest.sessions[0].consent.version).toBeTruthy();
  expect(manifest.contributorId).toMatch(/^c_[0-9a-v]{26}$/);
  expect(manifest.redaction.counts.EMAIL).toBeGreaterThan(0);

  // Replay the UserFlow with @puppeteer/replay against a fresh demo app.
  const flowFile = Object.keys(files).find(
    (p) => p.startsWith(`userflows/${sessionId}/`) && JSON.parse(files[p]!).title === INTENT,
  );
  expect(flowFile).toBeTruthy();
  const fresh = await startDemoServer({ port: 0 });
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-first-run', '--no-default-browser-check', '--no-sandbox'],
  });
  try {
    const before = await state(fresh.url);
    const flow = parse(JSON.parse(files[flowFile!]!.replaceAll(demoUrl, fresh.url)));
    const replayPage = await browser.newPage();
    const runner = await createRunner(
      flow,
      new PuppeteerRunnerExtension(browser, replayPage, { timeout: 15_000 }),
    );
    await runner.run();

    // Same end state: the ticket answered and closed, one customer added with the same
    // non-personal values, and synthetic values of the same type where the recording was redacted.
    await expect
      .poll(async () => (await state(fresh.url)).customers.length, { timeout: 10_000 })
      .toBe(before.customers.length + 1);
    const replayed = await state(fresh.url);
    expect(replayed.tickets).toEqual(recorded.tickets);
    expect(replayed.tickets).not.toEqual(before.tickets);
    const strip = ({ id: _id, createdAt: _at, ...rest }: DemoState['customers'][number]) => rest;
    const want = strip(recorded.customers.at(-1)!);
    const got = strip(replayed.customers.at(-1)!);
    expect(want).toMatchObject({ name: TYPED.name, email: TYPED.email, phone: TYPED.phone });
    expect(got).toEqual({ ...want, name: 'Alex Example', email: 'user1@example.com', phone: '+1 555 0101' });
  } finally {
    await browser.close();
    await fresh.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import: a bundle comes back as a session to review; a corrupt one changes nothing', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  const sessionId = await recordTask(page, demoUrl, recorder, INTENT);
  const control = await recorder.extensionPage();

  // Not approved: not offered, and refused when asked for by link.
  const exportPage = await context.newPage();
  await exportPage.goto(`chrome-extension://${extensionId}/export.html#export=${sessionId}`);
  await expect(exportPage.getByRole('alert')).toContainText(
    'only approved sessions can be exported or uploaded',
  );
  await expect(exportPage.getByRole('checkbox', { name: `Select ${INTENT}` })).toHaveCount(0);

  await approveInDb(control, sessionId);
  await exportPage.reload();
  const { bytes } = await exportThroughPage(exportPage, INTENT);

  const importFile = exportPage.getByLabel('Bundle file (.zip)');
  const importStatus = exportPage.getByRole('status', { name: 'Import status' });
  const sessions = () =>
    control.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('recorder');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const rows = await new Promise<{ id: string; status: string }[]>((res) => {
        const r = db.transaction('sessions').objectStore('sessions').getAll();
        r.onsuccess = () => res(r.result);
      });
      db.close();
      return rows.map((s) => ({ id: s.id, status: s.status }));
    });

  // Corrupt and foreign files: a clear error, nothing written.
  const before = await sessions();
  for (const [label, buffer, message] of [
    ['corrupt.zip', Buffer.from(bytes.subarray(0, bytes.length - 200)), 'not a readable zip'],
    ['foreign.zip', Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000'), 'latin1'), 'no manifest.json'],
  ] as const) {
    await importFile.setInputFiles({ name: label, mimeType: 'application/zip', buffer });
    await expect(importStatus.getByRole('alert')).toContainText(`${label} was not imported`);
    await expect(importStatus.getByRole('alert')).toContainText(message);
    expect(await sessions()).toEqual(before);
  }

  await importFile.setInputFiles({ name: 'bundle.zip', mimeType: 'application/zip', buffer: bytes });
  await expect(importStatus).toContainText('Imported 1 session from bundle.zip for review');
  const after = await sessions();
  const added = after.filter((s) => !before.some((b) => b.id === s.id));
  expect(added).toEqual([{ id: expect.any(String), status: 'in_review' }]);
  expect((await sessionRow(control, sessionId))?.status).toBe('approved');

  await importFile.setInputFiles({ name: 'bundle.zip', mimeType: 'application/zip', buffer: bytes });
  await expect(importStatus.getByRole('alert')).toContainText('imported before');
  expect((await sessions()).length).toBe(after.length);
});
