/**
 * Admin policy through Chromium's real managed-policy mechanism: a policy file for the extension
 * (chrome.storage.managed) allows a site, adds a mask selector and names the reviewer. Needs to
 * write /etc/chromium/policies/managed (root); skipped with a message where that is not possible.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { QUIET_FLAGS } from './chromium';
import { expect, test } from './fixtures';
import { DIST } from './paths';

const POLICY_DIR = '/etc/chromium/policies/managed';

function canWritePolicies(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

test('a managed policy enables a site, adds masking and names the reviewer', async ({
  extensionId,
  demoUrl,
  executablePath,
}) => {
  test.skip(!canWritePolicies(), `cannot write ${POLICY_DIR} (needs root): policy e2e skipped`);
  const file = join(POLICY_DIR, `recorder-e2e-${process.pid}.json`);
  const policy = {
    '3rdparty': {
      extensions: {
        [extensionId]: {
          allowedOrigins: [demoUrl],
          maskSelectors: ['.customer-notes-mask'],
          reviewer: 'qa-team (policy)',
        },
      },
    },
  };
  writeFileSync(file, JSON.stringify(policy));
  const profile = mkdtempSync(join(tmpdir(), 'recorder-policy-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  try {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    const managed = await page.evaluate(() => chrome.storage.managed.get(null));
    expect(managed).toMatchObject({ reviewer: 'qa-team (policy)' });
    const row = page.getByRole('listitem').filter({ hasText: new URL(demoUrl).origin });
    await expect(row).toContainText('set by your admin');
    await expect(row.getByRole('button', { name: /Disable/ })).toHaveCount(0);
  } finally {
    await context.close();
    rmSync(file, { force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
