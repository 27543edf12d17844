/**
 * The review workspace, driven through its accessible names: find a recorded session, replay it,
 * jump to a step, see what ships, redact an extra term (gone from stored events and replay), delete
 * a step, edit the intent, undo, approve; the audit log shows each action. Then the list: filters,
 * bulk decisions, retention, storage, delete all. Screenshots of both views at 1280x800.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { dumpDatabase, eventsOf } from './idb';

const CODENAME = 'Bluebird';
const SHOTS = process.env.REVIEW_SHOTS ?? 'test-results';
const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: `${SHOTS}/review-${name}.png`, fullPage });
const REVIEWER = 'Rita Reviewer';

/** Visible focusable controls without an accessible name (label, aria-label(ledby), or text). */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'button, input, select, textarea, a[href], [tabindex], summary',
      ),
    ]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => {
        const named =
          el.getAttribute('aria-label') ||
          el.getAttribute('aria-labelledby') ||
          (el as HTMLInputElement).labels?.length ||
          el.textContent?.trim();
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

async function setReviewer(page: Page, name: string): Promise<void> {
  await page.getByLabel('Reviewer name').fill(name);
  await page.getByRole('button', { name: 'Save reviewer name' }).click();
}

test('review a session: replay, steps, what ships, redact more, delete a step, edit, undo, approve', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  const options = await recorder.extensionPage();
  await setReviewer(options, REVIEWER);
  await expect(options.getByText(`Reviewing as ${REVIEWER}.`)).toBeVisible();

  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/customers/new`);
  const sessionId = await recorder.start(page, { intent: 'Add a customer' });
  await page.getByLabel('Full name').click();
  await page.getByLabel('Full name').pressSequentially('Ana Lima', { delay: 20 });
  await page.getByLabel('Email').click();
  await page.getByLabel('Email').pressSequentially('ana.lima@example.com', { delay: 10 });
  await page.getByLabel('Notes').click();
  await page.getByLabel('Notes').pressSequentially(`Escalate Project ${CODENAME} today`, { delay: 10 });
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('status')).toContainText('Customer saved');
  await recorder.flush();
  await recorder.stop();
  expect((await dumpDatabase(options)).text).toContain(CODENAME); // a codename is no PII: stored in clear

  // ---- the list ----
  const review = await context.newPage();
  await review.setViewportSize({ width: 1280, height: 800 });
  await review.goto(`chrome-extension://${extensionId}/review.html`);
  await expect(review.getByText(`Reviewing as ${REVIEWER}`)).toBeVisible();
  await review.getByRole('searchbox', { name: 'Search intent' }).fill('customer');
  await review.getByRole('combobox', { name: 'Status filter' }).selectOption('stopped');
  const row = review.getByRole('row').filter({ hasText: 'Add a customer' });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: /^\d+ \(1 task\)$/ })).toBeVisible(); // steps counted by the worker
  await shot(review, 'list');
  await row.getByRole('button', { name: /Open session/ }).click();

  // ---- replay and steps ----
  const replay = review.frameLocator('.stage iframe');
  await expect(replay.getByText('Save customer')).toBeVisible();
  await expect(review.locator('.pill.in_review')).toBeVisible(); // opening moves it to "in review"
  const steps = review.getByRole('region', { name: 'Steps' });
  const save = steps.getByRole('button', { name: /Click “Save customer”/ });
  await expect(save).toBeVisible();
  const timeline = review.getByRole('slider', { name: 'Timeline' });
  const before = Number(await timeline.inputValue());
  await save.click();
  await expect(save).toHaveAttribute('aria-current', 'step');
  expect(Number(await timeline.inputValue())).toBeGreaterThan(before);
  await expect(review.locator('.replay-highlight')).toBeVisible();
  await shot(review, 'session');
  expect(await unnamedControls(review)).toEqual([]);
  expect(await review.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

  // playing the replay marks the step being played
  await timeline.focus();
  await review.keyboard.press('Home');
  await expect(steps.locator('[aria-current="step"]')).toHaveCount(0);
  await review.getByRole('button', { name: 'Play' }).click();
  await expect(steps.locator('[aria-current="step"]')).toHaveCount(1);
  await expect(save).toHaveAttribute('aria-current', 'step', { timeout: 15_000 }); // the last step

  // keyboard: the step list and its actions are reachable and work with Enter
  const typeNotes = steps.getByRole('button', { name: /Type “.*” into “Notes”/ });
  await typeNotes.focus();
  await review.keyboard.press('Enter');
  await expect(typeNotes).toHaveAttribute('aria-current', 'step');
  await review.keyboard.press('Tab');
  await expect(review.getByRole('button', { name: /What ships for step \d+ of task 1/ })).toBeFocused();
  await review.keyboard.press('Enter');
  const ships = review.getByRole('region', { name: /What ships for step/ });
  // rendered as a reader would see it, placeholders highlighted; the raw JSON one click away
  await expect(ships.getByText(/^Type “.*Bluebird.*” into “Notes”$/)).toBeVisible();
  await expect(ships.frameLocator('iframe').getByRole('heading', { name: 'New customer' })).toBeVisible();
  await expect(ships.getByLabel(/Accessibility text of step/)).toBeVisible();
  await expect(steps).toBeVisible(); // the step list stays beside the replay
  await ships.getByText('Raw JSON').click();
  await expect(ships.getByLabel(/Cleaned HTML of step/)).toContainText('<textarea');
  await expect(ships.getByLabel(/Action of step/)).toContainText(CODENAME);
  await shot(review, 'ships');
  // select a word in what ships, then redact the selection
  await ships.getByLabel(/Action of step/).evaluate((pre) => {
    const text = pre.firstChild as Text;
    const at = text.data.indexOf('Escalate');
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 'Escalate'.length);
    document.getSelection()?.removeAllRanges();
    document.getSelection()?.addRange(range);
  });
  await ships.getByRole('button', { name: 'Close what ships' }).click();
  await review.getByText('Fix before approve').click();
  await review.getByRole('button', { name: 'Redact selected text' }).click();
  await expect(review.getByRole('status').filter({ hasText: /\(the selected text\)/ })).toBeVisible();
  expect(JSON.stringify(eventsOf(await dumpDatabase(options), sessionId))).not.toContain('Escalate');

  // ---- redact an extra term ----
  await review.getByLabel('Term to redact').fill(CODENAME);
  await review.getByRole('button', { name: 'Redact term' }).click();
  await expect(
    review.getByRole('status').filter({ hasText: /Redacted \d+ more values? \(the term\)/ }),
  ).toBeVisible();
  let dump = await dumpDatabase(options);
  expect(eventsOf(dump, sessionId).length).toBeGreaterThan(0);
  expect(JSON.stringify(eventsOf(dump, sessionId))).not.toContain(CODENAME);
  expect(JSON.stringify(eventsOf(dump, sessionId))).not.toContain('Bluebi'); // nor typed on the way
  await save.click(); // the replay just after the notes were typed
  await expect(replay.getByLabel('Notes')).toHaveValue(/\[CUSTOM_TERM:[0-9A-Za-z]{6}\]/);
  await expect(replay.getByLabel('Notes')).not.toHaveValue(new RegExp(CODENAME));
  await expect(steps.getByRole('button', { name: /CUSTOM_TERM/ }).first()).toBeVisible();

  // ---- delete a step ----
  const fullName = steps.getByRole('button', { name: /Type “.*” into “Full name”/ });
  const stepCount = await steps.locator('.step').count();
  await fullName.click();
  review.once('dialog', (d) => void d.accept());
  await review.getByRole('button', { name: /Delete step \d+ of task 1/ }).click();
  await expect(
    review.getByRole('status').filter({ hasText: /Deleted the step and its \d+ events/ }),
  ).toBeVisible();
  await expect(steps.locator('.step')).toHaveCount(stepCount - 1);
  await expect(fullName).toHaveCount(0);
  // the replay after the cut starts from the page as it was (a snapshot was rebuilt at the cut)...
  await steps.getByRole('button', { name: /Type “.*” into “Email”/ }).click();
  await expect(replay.getByLabel('Full name')).toHaveValue(/^\[PERSON_NAME:[0-9A-Za-z]{6}\]$/);
  // ...and plays on to the end as recorded
  await review.getByRole('slider', { name: 'Timeline' }).focus();
  await review.keyboard.press('End');
  await expect(replay.getByText('Customer saved')).toBeVisible();

  // ---- edit the intent, split and undo it ----
  await review.getByRole('button', { name: 'Edit intent of task 1' }).click();
  await review.getByLabel('Intent of task 1').fill('Create the customer record');
  await review.getByRole('button', { name: 'Save intent' }).click();
  await expect(review.getByRole('heading', { name: 'Create the customer record', level: 2 })).toBeVisible();
  await save.click();
  await review.getByRole('button', { name: /Split task 1 before step \d+/ }).click();
  await expect(steps.getByRole('region', { name: 'Task 2' })).toBeVisible();
  await review.getByRole('button', { name: 'Undo: task 1 split' }).click();
  await expect(steps.getByRole('region', { name: 'Task 2' })).toHaveCount(0);

  // ---- the redaction report finds placeholders in the steps ----
  const finder = review.getByRole('button', { name: /Find \[CUSTOM_TERM:[0-9A-Za-z]{6}\] in steps/ }).first();
  await finder.click();
  await expect(steps.getByRole('searchbox', { name: 'Find in steps' })).toHaveValue(/CUSTOM_TERM/);
  await expect(steps.getByText(/of \d+ steps match/)).toBeVisible();
  await expect(review.getByText('What was not covered')).toBeVisible();

  // ---- approve ----
  await review.getByRole('button', { name: 'Approve session' }).click();
  const dialog = review.getByRole('dialog', { name: 'Approve this session?' });
  await dialog.getByLabel('Note (optional)').fill('Checked the replay');
  await dialog.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(review.locator('.pill.approved')).toBeVisible();
  await expect(review.getByText(`Approved by ${REVIEWER}`)).toBeVisible();
  await expect(review.getByRole('button', { name: 'Approve session' })).toHaveCount(0);

  dump = await dumpDatabase(options);
  const session = dump.sessions.find((s) => s.id === sessionId);
  expect(session?.status).toBe('approved');
  expect(session?.review).toMatchObject({
    decision: 'approved',
    reviewer: REVIEWER,
    note: 'Checked the replay',
  });
  expect(dump.keys.some((k) => k.sessionId === sessionId)).toBe(false); // the pseudonym key is destroyed
  expect(dump.text).not.toContain(CODENAME);

  // ---- the audit log shows each action ----
  await review.getByText('Audit log', { exact: true }).click();
  const log = review.getByRole('table', { name: 'Audit log' });
  for (const what of ['record', 'stop', 'review', 'redact', 'delete', 'edit', 'undo', 'approve']) {
    await expect(log.getByRole('cell', { name: what, exact: true }).first()).toBeVisible();
  }
  await expect(log.getByRole('row').filter({ hasText: 'approve' })).toContainText(REVIEWER);
  const download = review.waitForEvent('download');
  await review.getByRole('button', { name: 'Export audit log' }).click();
  expect((await download).suggestedFilename()).toBe(`audit-${sessionId}.json`);
  await shot(review, 'approved', true);
});

test('the list: filter, bulk reject and approve with confirmation, retention, storage, delete all', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  const ids: string[] = [];
  for (const intent of ['Triage tickets', 'Check the queue', 'Close a ticket']) {
    await page.goto(`${demoUrl}/tickets`);
    ids.push(await recorder.start(page, { intent }));
    await page.getByLabel('Search tickets').click();
    await page.getByLabel('Search tickets').pressSequentially('refund', { delay: 20 });
    await recorder.flush();
    await recorder.stop();
  }

  const review = await context.newPage();
  await review.setViewportSize({ width: 1280, height: 800 });
  await review.goto(`chrome-extension://${extensionId}/review.html`);
  const table = review.getByRole('table', { name: 'Recorded sessions' });
  await expect(table.getByRole('row')).toHaveCount(4); // header + 3
  await expect(review.getByLabel('Storage used')).toBeVisible();

  // every control has an accessible name, and the page fits 1280 px
  expect(await unnamedControls(review)).toEqual([]);
  expect(await review.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

  // no reviewer name yet: the decision's dialog asks for it (a cancelled one saves nothing)
  await table
    .getByRole('checkbox', { name: /Select session from/ })
    .first()
    .check();
  await review.getByRole('button', { name: 'Reject selected' }).click();
  const first = review.getByRole('dialog', { name: 'Reject 1 session?' });
  await expect(first.getByLabel('Reviewer name')).toBeFocused();
  await first.getByLabel('Reviewer name').fill('Someone Else');
  await first.getByRole('button', { name: 'Cancel' }).click();
  await expect(review.getByText('Reviewing as')).toHaveCount(0);

  // bulk reject two, with a note, confirmed in a dialog (keyboard only)
  await review.getByRole('searchbox', { name: 'Search intent' }).fill('t');
  await table.getByRole('checkbox', { name: 'Select all shown sessions' }).check();
  await expect(review.getByText('3 selected')).toBeVisible();
  await table.getByRole('checkbox', { name: 'Select all shown sessions' }).uncheck();
  const rowOf = (intent: string) => table.getByRole('row').filter({ hasText: intent });
  await rowOf('Triage tickets').getByRole('checkbox').check();
  await rowOf('Check the queue').getByRole('checkbox').check();
  await expect(review.getByText('2 selected')).toBeVisible();
  await review.getByRole('button', { name: 'Reject selected' }).focus();
  await review.keyboard.press('Enter');
  const dialog = review.getByRole('dialog', { name: 'Reject 2 sessions?' });
  await expect(dialog.getByLabel('Reviewer name')).toBeFocused();
  await review.keyboard.type('Ada Admin');
  await review.keyboard.press('Tab');
  await expect(dialog.getByLabel('Note (optional)')).toBeFocused();
  await review.keyboard.type('Test runs, not real work');
  await review.keyboard.press('Tab');
  await review.keyboard.press('Enter');
  await expect(review.getByRole('status')).toContainText('Rejected 2.');
  await expect(review.getByText('Reviewing as Ada Admin')).toBeVisible(); // the name was saved
  await expect(rowOf('Triage tickets')).toContainText('Rejected');

  // a cancelled approval changes nothing
  await rowOf('Close a ticket').getByRole('checkbox').check();
  await review.getByRole('button', { name: 'Approve selected' }).click();
  await expect(review.getByRole('dialog').getByLabel('Reviewer name')).toHaveValue('Ada Admin');
  await review.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(rowOf('Close a ticket')).toContainText('Stopped');

  // filters
  await review.getByRole('combobox', { name: 'Status filter' }).selectOption('rejected');
  await expect(table.getByRole('row')).toHaveCount(3);
  await review.getByRole('combobox', { name: 'Sort by' }).selectOption('oldest');
  await expect(table.getByRole('row').nth(1)).toContainText('Triage tickets');
  await review.getByRole('searchbox', { name: 'Search intent' }).fill('queue');
  await expect(table.getByRole('row')).toHaveCount(2);
  await review.getByRole('combobox', { name: 'Site filter' }).selectOption(new URL(demoUrl).origin);
  await expect(table.getByRole('row')).toHaveCount(2);
  await shot(review, 'list-filtered');

  // retention: rejected sessions older than N days go (age them by a day first)
  const control = await recorder.extensionPage();
  await control.evaluate(
    async (rejected) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open('recorder');
        req.onsuccess = () => resolve(req.result);
      });
      const tx = db.transaction('sessions', 'readwrite');
      const store = tx.objectStore('sessions');
      for (const id of rejected) {
        const req = store.get(id);
        req.onsuccess = () => {
          const s = req.result;
          s.review.at -= 2 * 86_400_000;
          store.put(s);
        };
      }
      await new Promise((r) => {
        tx.oncomplete = r;
      });
      db.close();
    },
    ids.slice(0, 2),
  );
  await review.getByLabel(/Delete rejected and uploaded sessions after/).fill('1');
  await review.getByRole('button', { name: 'Save retention' }).click();
  await expect(review.getByRole('status')).toContainText('Retention set to 1 day; 2 sessions deleted');
  let dump = await dumpDatabase(control);
  expect(dump.sessions.map((s) => s.id)).toEqual([ids[2]]);
  expect(dump.audit.filter((a) => a.action === 'delete' && a.actor.includes('retention'))).toHaveLength(2);

  // delete all my data
  await review.getByRole('combobox', { name: 'Status filter' }).selectOption('all');
  review.once('dialog', (d) => void d.accept());
  await review.getByRole('button', { name: 'Delete all my data' }).click();
  await expect(review.getByText('No recordings yet.')).toBeVisible();
  dump = await dumpDatabase(control);
  expect(dump.sessions).toEqual([]);
  expect(dump.chunks).toEqual([]);
  expect(dump.keys).toEqual([]);
  const download = review.waitForEvent('download');
  await review.getByRole('button', { name: 'Export audit log' }).click();
  expect((await download).suggestedFilename()).toBe('audit-log.json');
});
