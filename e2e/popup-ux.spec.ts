/**
 * The popup while recording and after: the clock ticks without a re-render, capture health says
 * what is saved, Pause and Stop come first, Forget and Stop answer. Screenshots in REVIEW_SHOTS.
 */
import { expect, test } from './fixtures';

const SHOTS = process.env.REVIEW_SHOTS ?? 'test-results';

test('popup: ticking clock, capture health, Forget and Stop say what happened', async ({
  context,
  demoUrl,
  extensionId,
  recorder,
}) => {
  await recorder.enable(demoUrl);
  const work = await context.newPage();
  await work.goto(`${demoUrl}/tickets`);
  const control = await recorder.extensionPage();
  const tabId = await control.evaluate(
    async (u) => Math.max(...(await chrome.tabs.query({ url: u })).map((t) => t.id ?? -1)),
    work.url(),
  );
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await expect(popup.getByRole('status', { name: 'Recording status' })).toHaveText('Recording');

  // the clock ticks by itself
  const clock = popup.getByText(/^Session \w{8} · \d\d:\d\d$/);
  await expect(clock).toHaveText(/· 00:0[2-9]$/, { timeout: 15_000 });

  // health: events saved, time of the last save, batches waiting
  await work.getByLabel('Search tickets').click();
  await work.getByLabel('Search tickets').pressSequentially('refund', { delay: 30 });
  const health = popup.getByLabel('Capture health');
  await expect(health).toHaveText(/^[1-9]\d* events saved · last save .+ · \d+ batch(es)? waiting$/, {
    timeout: 15_000,
  });
  await expect(health).toHaveClass(/\bok\b/);
  // the shortcut as Chrome assigned it, or a way to set one (the test profile may not assign it)
  await expect(
    popup.getByText(/^Pause or resume on any page: (Alt\+Shift\+P|set a shortcut)$/),
  ).toBeVisible();
  // Pause and Stop come before the site switch
  const order = await popup.evaluate(() =>
    [...document.querySelectorAll('button')].map((b) => b.textContent),
  );
  expect(order.indexOf('Pause')).toBeLessThan(order.indexOf('Disable recording on this site'));
  expect(order.indexOf('Stop recording')).toBeLessThan(order.indexOf('Disable recording on this site'));
  await popup.screenshot({ path: `${SHOTS}/ux-popup-recording.png` });

  // Forget answers with what it removed and what it cannot take back
  await popup.getByRole('button', { name: 'Forget last 5 minutes' }).click();
  await expect(popup.getByText(/^Forgot 5 minutes \(\d+ events?\)\.$/)).toBeVisible();
  await expect(popup.getByText(/except what you typed during those minutes/)).toBeVisible();
  await expect(popup.getByRole('status', { name: 'Recording status' })).toHaveText('Recording');

  // Stop answers with the saved session and a link to review it
  await work.getByLabel('Search tickets').pressSequentially(' late', { delay: 30 });
  await recorder.flush();
  const sessionId = await popup.locator('output[data-session-id]').getAttribute('data-session-id');
  await popup.getByRole('button', { name: 'Stop recording' }).click();
  await expect(popup.getByRole('status', { name: 'Recording status' })).toHaveText('Not recording');
  await expect(popup.getByText(/^Saved · \d+ steps? · Review$/)).toBeVisible({ timeout: 15_000 });
  await expect(popup.getByRole('link', { name: 'Review', exact: true })).toHaveAttribute(
    'href',
    `chrome-extension://${extensionId}/review.html#/session/${sessionId}`,
  );
  await popup.screenshot({ path: `${SHOTS}/ux-popup-stopped.png` });
});
