/**
 * "Possible personal data left" (issue 12), driven through accessible names: a name the detectors
 * leave on a page (/notes.html: two unlisted words, no cue) is listed with its kind and count;
 * focusing it marks its steps and its text in the replay; one "Redact" removes it from every stored
 * event and from the replay, another text staying (positive control); the audit log records the
 * action and the kind, never the term. Screenshots of the panel before and after.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { dumpDatabase, eventsOf } from './idb';

const NAME = 'Oyelaran Bexley';
const HANDLE = 'amoreno42';
const CONTROL = 'Refund approved for order 1182.';
const SHOTS = process.env.LEFTOVERS_SHOTS ?? '/tmp/shots-leftovers';

test('a name the detectors left is listed, marked in steps and replay, and redacted everywhere with one action', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  const options = await recorder.extensionPage();
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/notes.html`);
  const sessionId = await recorder.start(page, { intent: 'Answer the case' });
  await page.getByLabel('Reply').click();
  await page.getByLabel('Reply').pressSequentially(`Spoke to ${NAME} today`, { delay: 15 });
  await page.getByRole('button', { name: 'Send reply' }).click();
  await recorder.flush();
  await recorder.stop();
  const stored = () => dumpDatabase(options).then((d) => JSON.stringify(eventsOf(d, sessionId)));
  expect(await stored()).toContain(NAME); // positive control: the detectors left it

  const review = await context.newPage();
  await review.setViewportSize({ width: 1280, height: 800 });
  await review.goto(`chrome-extension://${extensionId}/review.html#/session/${sessionId}`);
  const replay = review.frameLocator('.stage iframe');
  await expect(replay.getByText(CONTROL)).toBeVisible();

  // ---- listed, with kind and count ----
  const panel = review.getByRole('region', { name: 'Possible personal data left' });
  const list = panel.getByRole('list', { name: 'Possible personal data left' });
  const candidate = list.getByRole('button', { name: new RegExp(`^${NAME}, name, \\d+ occurrences?$`) });
  await expect(candidate).toBeVisible({ timeout: 30_000 });
  await expect(list.getByRole('button', { name: new RegExp(`^${HANDLE}, account name,`) })).toBeVisible();
  await expect(list.getByRole('button', { name: /^Sign out,/ })).toHaveCount(0);

  // ---- focusing it marks where it occurs: its steps and its text in the replay ----
  await candidate.focus();
  const steps = review.getByRole('region', { name: 'Steps' });
  await expect(steps.locator('.step.leftover-hit').first()).toBeVisible();
  await expect(review.locator('.replay-mark').first()).toBeVisible();
  await candidate.press('Enter'); // moves the replay to its first occurrence
  await expect(review.locator('.replay-mark').first()).toBeVisible();
  await review.screenshot({ path: `${SHOTS}/panel.png` });
  await panel.screenshot({ path: `${SHOTS}/panel-only.png` });

  // ---- keyboard: ↓ moves between rows, → to the row's Redact button ----
  const rows = list.getByRole('listitem');
  const n = await rows.count();
  expect(n).toBeGreaterThanOrEqual(2);
  await candidate.press('ArrowRight');
  await expect(list.getByRole('button', { name: `Redact ${NAME} everywhere` })).toBeFocused();

  // ---- one action redacts it everywhere ----
  await review.keyboard.press('Enter');
  await expect(
    review.getByRole('status').filter({ hasText: /Redacted \d+ more values? \(a listed candidate\)/ }),
  ).toBeVisible({ timeout: 30_000 });
  const after = await stored();
  expect(after.toLowerCase()).not.toContain(NAME.toLowerCase());
  expect(after).toContain('Refund approved'); // the rest stays
  expect(after).toMatch(/\[CUSTOM_TERM:[0-9A-Za-z]{6}\]/);
  await expect(replay.getByText(CONTROL)).toBeVisible();
  await expect(replay.getByText(/Call back \[CUSTOM_TERM:[0-9A-Za-z]{6}\] about the refund\./)).toBeVisible();
  await expect(replay.getByText(NAME)).toHaveCount(0);
  await expect(list.getByRole('button', { name: new RegExp(`^${NAME},`) })).toHaveCount(0);
  await expect(list.getByRole('button', { name: new RegExp(`^${HANDLE}, account name,`) })).toBeVisible();
  await expect(list.getByRole('listitem').first().getByRole('button').first()).toBeFocused(); // the next row
  await review.screenshot({ path: `${SHOTS}/after.png` });

  // ---- the audit log: the action and the kind, never the term ----
  await review.getByText('Audit log', { exact: true }).click();
  const audit = review.getByRole('table', { name: 'Audit log' });
  await expect(audit.getByRole('row').filter({ hasText: 'a listed candidate (name)' })).toBeVisible();
  await expect(audit).not.toContainText('Oyelaran');
  const rows2 = (await dumpDatabase(options)).audit;
  expect(JSON.stringify(rows2)).not.toMatch(/oyelaran|bexley/i);
});
