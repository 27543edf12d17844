/**
 * Pause is a hole in the record (issue 11, part 3): text typed while paused, into a field and into
 * a contenteditable the page echoes elsewhere, is still on screen at resume and typed on after it;
 * and "forget the last minutes" across a navigation, where the next page shows what was typed in
 * the forgotten minutes. For each: no 6-character window (any case) of that text is in any
 * IndexedDB store or any file of the exported bundle, while text typed before and after is kept;
 * the replay marks the pause.
 */
import { writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { approveInDb, exportThroughPage, unzipText } from './export-helpers';
import { expect, type RecorderDriver, test } from './fixtures';
import { type DatabaseDump, dumpDatabase } from './idb';
import { leaksIn } from './leaks';

/**
 * The page's own scripts (main world): an editor whose text is echoed, upper-cased, into a
 * paragraph and the title; and a "recent search" the next page load shows (sessionStorage).
 */
const PAGE_ECHOES = `
document.addEventListener('DOMContentLoaded', () => {
  const host = document.createElement('div');
  host.contentEditable = 'true';
  host.setAttribute('role', 'textbox');
  host.setAttribute('aria-label', 'Pause notes');
  host.style.cssText = 'min-height:2em;border:1px solid #999';
  const echo = document.createElement('p');
  echo.setAttribute('data-testid', 'notes-echo');
  host.addEventListener('input', () => {
    echo.textContent = 'Notes: ' + host.textContent.toUpperCase();
    document.title = host.textContent + ' · Echoes';
  });
  const recent = sessionStorage.getItem('recentQuery');
  const shown = document.createElement('p');
  shown.setAttribute('data-testid', 'recent-search');
  shown.textContent = recent ? 'Recent search: ' + recent : 'No recent search';
  document.body.append(host, echo, shown);
  const search = document.querySelector('[data-testid="directory-search"]');
  search?.addEventListener('input', () => sessionStorage.setItem('recentQuery', search.value));
});
`;

interface Ctx {
  context: BrowserContext;
  recorder: RecorderDriver;
  extensionId: string;
}

async function typeInto(page: Page, label: string, text: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.press('End');
  await field.pressSequentially(text, { delay: 15 });
}

/** Stops, approves and exports the session; returns the store dump and the bundle's files. */
async function stopAndExport(
  { context, recorder, extensionId }: Ctx,
  sessionId: string,
  intent: string,
  beforeApproval?: () => Promise<void>,
): Promise<{ dump: DatabaseDump; files: Record<string, string> }> {
  await recorder.flush();
  await recorder.stop();
  await beforeApproval?.();
  const control = await recorder.extensionPage();
  const dump = await dumpDatabase(control);
  await approveInDb(control, sessionId);
  const exportPage = await context.newPage();
  await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
  const { bytes } = await exportThroughPage(exportPage, intent);
  return { dump, files: unzipText(bytes) };
}

/** Case-insensitive: the page may echo the text in another case. */
function expectHole(
  dump: DatabaseDump,
  files: Record<string, string>,
  hole: Record<string, string>,
  controls: Record<string, string>,
): void {
  const lower = Object.fromEntries(Object.entries(hole).map(([k, v]) => [k, v.toLowerCase()]));
  const leaks = leaksIn(dump.text.toLowerCase(), lower).map((l) => `IndexedDB: ${l}`);
  for (const [path, text] of Object.entries(files))
    leaks.push(...leaksIn(text.toLowerCase(), lower).map((l) => `${path}: ${l}`));
  if (leaks.length > 0) {
    writeFileSync(test.info().outputPath('stored.txt'), dump.text);
    writeFileSync(test.info().outputPath('bundle.txt'), Object.values(files).join('\n'));
  }
  expect(leaks).toEqual([]);
  const events = Object.entries(files).find(([p]) => p.startsWith('events/'))?.[1] ?? '';
  for (const [kind, value] of Object.entries(controls)) {
    expect(dump.text, `${kind} is stored`).toContain(value);
    expect(events, `${kind} is in the exported events`).toContain(value);
  }
}

test('text typed and echoed while paused is a hole in the record: not in the resume snapshot, later typing, echoes, storage or export; the replay marks the pause', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const hole = {
    field: 'Quillon Brackenfeather sundial',
    editor: 'Ysolde Marrowgate tinderbox',
  };
  const controls = {
    before: 'Pallet inventory recount',
    after: 'harbour crane schedule',
    sameFieldAfter: 'ferry timetable',
  };
  await recorder.enable(demoUrl);
  await context.addInitScript(PAGE_ECHOES);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/echoes`);
  const intent = 'Pause hole check';
  const sessionId = await recorder.start(page, { intent });
  await typeInto(page, 'Topic line', controls.before);

  await recorder.pause();
  await typeInto(page, 'Announcement text', hole.field);
  await expect(page.getByTestId('preview-output')).toContainText(hole.field); // the page's echo
  await typeInto(page, 'Pause notes', hole.editor);
  await expect(page.getByTestId('notes-echo')).toContainText(hole.editor.toUpperCase());
  await recorder.resume();

  // Typing on in the same field after the resume, and in another field.
  await typeInto(page, 'Announcement text', ` and the ${controls.sameFieldAfter}`);
  await typeInto(page, 'Search directory', controls.after);
  await expect(page.getByTestId('directory-header')).toContainText(controls.after);

  const { dump, files } = await stopAndExport(
    { context, recorder, extensionId },
    sessionId,
    intent,
    async () => {
      // The replay shows the gap: a mark where recording paused and where it resumed.
      const review = await context.newPage();
      await review.goto(`chrome-extension://${extensionId}/review.html`);
      const row = review.getByRole('row').filter({ hasText: intent });
      await row.getByRole('button', { name: /Open session/ }).click();
      await expect(review.getByRole('slider', { name: 'Timeline' })).toBeVisible();
      const gaps = review.locator('.timeline .mark.gap');
      // Soft: the leak checks below still run (and report) when the marks are missing.
      await expect.soft(gaps).toHaveCount(2);
      await expect.soft(gaps.first()).toHaveAttribute('title', /Paused: nothing recorded/);
      await review.close();
    },
  );
  expectHole(dump, files, hole, controls);
  expect(dump.text).toMatch(/\[PAUSED:[A-Za-z0-9]{6}\]/); // what stood there is marked, not dropped silently
});

test('forget across a navigation: what was typed in the forgotten minutes and shown by the next page is a hole too', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const hole = { query: 'Oriel Thistlewaite' };
  const controls = { before: 'Pallet inventory recount', after: 'Forklift battery swap' };
  /** Slack between the window this test means and the one the service worker computes after pausing. */
  const MARGIN_MS = 10_000;
  await recorder.enable(demoUrl);
  await context.addInitScript(PAGE_ECHOES);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/echoes`);
  await page.evaluate(() => sessionStorage.removeItem('recentQuery'));
  const intent = 'Forget hole check';
  const sessionId = await recorder.start(page, { intent });
  await typeInto(page, 'Topic line', controls.before);
  await recorder.flush();
  await page.waitForTimeout(MARGIN_MS + 1000);

  const windowStart = Date.now();
  await page.waitForTimeout(300);
  await typeInto(page, 'Search directory', hole.query);
  await page.goto(`${demoUrl}/echoes`); // a new page load that shows the last search
  await expect(page.getByTestId('recent-search')).toContainText(hole.query);
  await page.waitForTimeout(1000); // the new page records (its snapshot holds the query)

  const control = await recorder.extensionPage();
  const minutes = (Date.now() - windowStart + MARGIN_MS) / 60_000;
  const reply = await control.evaluate(
    (m) => chrome.runtime.sendMessage({ to: 'sw', type: 'ui/forget', data: { minutes: m } }),
    minutes,
  );
  expect(reply?.ok, String(reply?.error)).toBe(true);
  await page.bringToFront();
  await typeInto(page, 'Topic line', controls.after);

  const { dump, files } = await stopAndExport({ context, recorder, extensionId }, sessionId, intent);
  expectHole(dump, files, hole, controls);
});
