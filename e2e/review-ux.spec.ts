/**
 * The review page's player and decisions as a reviewer meets them: Play right after opening a
 * session, keyboard shortcuts, a replay that takes no Tab stops, approve asking for the name.
 * Screenshots at 1280x800 land in REVIEW_SHOTS (default test-results/).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SHOTS = process.env.REVIEW_SHOTS ?? 'test-results';
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/ux-${name}.png` });

test('Play on a freshly opened session moves the playhead without a seek first', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/customers/new`);
  await recorder.start(page, { intent: 'Add a customer' });
  await page.getByLabel('Full name').click();
  await page.getByLabel('Full name').pressSequentially('Ana Lima', { delay: 40 });
  await page.getByLabel('Email').click();
  await page.getByLabel('Email').pressSequentially('ana.lima@example.com', { delay: 30 });
  await page.getByRole('button', { name: 'Save customer' }).click();
  await recorder.flush();
  await recorder.stop();

  const review = await context.newPage();
  await review.setViewportSize({ width: 1280, height: 800 });
  await review.goto(`chrome-extension://${extensionId}/review.html`);
  await review
    .getByRole('row')
    .filter({ hasText: 'Add a customer' })
    .getByRole('button', { name: /Open session/ })
    .click();
  const replay = review.frameLocator('.stage iframe');
  await expect(replay.getByLabel('Full name')).toBeVisible();
  const timeline = review.getByRole('slider', { name: 'Timeline' });
  await expect(timeline).toHaveValue('0');
  await review.getByRole('button', { name: 'Play' }).click();
  await expect(review.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect.poll(async () => Number(await timeline.inputValue()), { timeout: 15_000 }).toBeGreaterThan(0);
  await shot(review, 'session-playing');

  // keyboard: K pauses and plays, J/L jump 5 s, ←/→ go between steps; shortcuts listed in a popover
  await review.keyboard.press('k');
  await expect(review.getByRole('button', { name: 'Play' })).toBeVisible();
  await review.keyboard.press('Home'); // not a shortcut: nothing happens
  const at = async () => Number(await timeline.inputValue());
  await review.getByRole('heading', { level: 2 }).first().click(); // focus off the buttons
  const paused = await at();
  await review.keyboard.press('j');
  await expect.poll(at).toBe(Math.max(0, paused - 5000));
  await review.keyboard.press('ArrowRight');
  await expect.poll(at).toBeGreaterThan(Math.max(0, paused - 5000));
  await expect(review.getByRole('region', { name: 'Steps' }).locator('[aria-current="step"]')).toHaveCount(1);
  await review.keyboard.press('Space');
  await expect(review.getByRole('button', { name: 'Pause' })).toBeVisible();
  await review.keyboard.press('Space');
  await expect(review.getByRole('button', { name: 'Play' })).toBeVisible();
  await review.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const help = review.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Play / pause');
  await expect(help).toContainText('Back / forward 5 seconds');
  await review.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // the replayed page (just before the controls) takes no Tab stops: back from Play skips it
  await review.getByRole('button', { name: 'Play' }).focus();
  const stops: string[] = [];
  for (let i = 0; i < 3; i++) {
    await review.keyboard.press('Shift+Tab');
    stops.push(await review.evaluate(() => document.activeElement?.tagName ?? ''));
  }
  expect(stops).not.toContain('IFRAME');
  expect(await review.locator('.stage iframe').evaluate((f) => (f as HTMLIFrameElement).inert)).toBe(true);

  // what ships for a step: the exported page rendered (sandboxed), placeholders highlighted
  await review.getByRole('button', { name: /What ships for step 1 of task 1/ }).click();
  const ships = review.getByRole('region', { name: /What ships for step 1/ });
  const exported = ships.frameLocator('iframe');
  await expect(exported.getByRole('heading', { name: 'New customer' })).toBeVisible();
  await expect(ships.locator('iframe')).toHaveAttribute('sandbox', '');
  await expect(ships.locator('mark').first()).toHaveText(/^\[PERSON_NAME:[0-9A-Za-z]{6}\]$/);
  await expect(ships.getByLabel(/Cleaned HTML of step/)).toBeHidden();
  await ships.getByText('Raw JSON').click();
  await expect(ships.getByLabel(/Cleaned HTML of step/)).toBeVisible();
  await ships.getByText('Raw JSON').click();
  await ships.scrollIntoViewIfNeeded();
  await shot(review, 'ships');
  await ships.getByRole('button', { name: 'Close what ships' }).click();

  // approve with no reviewer name set: the dialog asks for it, and one click approves
  await review.getByRole('button', { name: 'Approve session' }).click();
  const dialog = review.getByRole('dialog', { name: 'Approve this session?' });
  await expect(dialog.getByLabel('Reviewer name')).toBeFocused();
  await dialog.getByLabel('Reviewer name').fill('Rita Reviewer');
  await dialog.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(review.getByText('Approved by Rita Reviewer')).toBeVisible();
  await expect(review.getByText('Reviewing as Rita Reviewer')).toBeVisible();

  // one way to the export page; with no upload endpoint the bundle card stays and Upload waits for one
  await expect(review.getByRole('link', { name: /this session/ })).toHaveCount(1);
  await review.getByRole('link', { name: 'Export or upload this session' }).click();
  await expect(review.getByText('Bundle ready:')).toBeVisible({ timeout: 20_000 });
  await expect(review.getByRole('button', { name: 'Upload bundle' })).toBeDisabled();
  await review.getByRole('link', { name: 'set the upload endpoint' }).click();
  await expect(review.getByLabel('Upload endpoint')).toBeFocused();
  await expect(review.getByText('Bundle ready:')).toBeVisible();
});
