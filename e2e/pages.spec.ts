/**
 * The extension's own small pages, as a user meets them: consent first, enabling a site, the popup
 * while recording. Screenshots land in test-results/ for a look.
 */
import { expect, test } from './fixtures';

test('consent, settings and popup pages work by their accessible names', async ({
  context,
  demoUrl,
  extensionId,
  recorder,
}) => {
  const consent = await context.newPage();
  await consent.setViewportSize({ width: 1000, height: 900 });
  await consent.goto(`chrome-extension://${extensionId}/consent.html`);
  await expect(consent.getByRole('heading', { name: /What the recorder records/ })).toBeVisible();
  await expect(consent.getByRole('button', { name: 'Withdraw consent' })).toBeDisabled();
  await expect(consent.getByRole('region', { name: /pin the recorder/ })).toBeHidden();
  await consent.screenshot({ path: 'test-results/page-consent.png', fullPage: true });

  const work = await context.newPage();
  await work.goto(`${demoUrl}/tickets`);
  const tabId = await consent.evaluate(
    async (u) => Math.max(...(await chrome.tabs.query({ url: u })).map((t) => t.id ?? -1)),
    work.url(),
  );
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 520 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  await popup.getByRole('button', { name: 'I consent to recording' }).click();
  await popup.getByRole('button', { name: 'Enable recording on this site' }).click();
  await expect(popup.getByRole('button', { name: 'Start recording' })).toBeVisible();
  // first run: once consent is given, the page says how to pin the icon and how recording works
  await consent.reload();
  const next = consent.getByRole('region', { name: /pin the recorder/ });
  await expect(next).toBeVisible();
  await expect(next).toContainText('puzzle-piece menu');
  await consent.screenshot({ path: 'test-results/page-consent-next.png', fullPage: true });
  await popup.screenshot({ path: 'test-results/page-popup-idle.png' });
  await popup.getByLabel('Task intent (optional)').fill('Triage new tickets');
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await expect(popup.getByRole('status', { name: 'Recording status' })).toHaveText('Recording');
  await expect(popup.getByText('Task: Triage new tickets')).toBeVisible();
  expect(await recorder.badge()).toBe('REC');
  await popup.screenshot({ path: 'test-results/page-popup-recording.png' });
  await popup.getByRole('button', { name: 'Stop recording' }).click();
  await expect(popup.getByRole('status', { name: 'Recording status' })).toHaveText('Not recording');

  const options = await context.newPage();
  await options.setViewportSize({ width: 1000, height: 600 });
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('button', { name: `Disable ${new URL(demoUrl).origin}` })).toBeVisible();
  await options.screenshot({ path: 'test-results/page-options.png' });
});
