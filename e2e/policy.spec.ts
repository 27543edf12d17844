/**
 * Admin policy through Chromium's real managed-policy mechanism: a policy file for the extension
 * (chrome.storage.managed) allows a site, adds a mask selector and names the reviewer; another
 * sets always-redact rules, which apply before anything is stored. Needs to write
 * /etc/chromium/policies/managed (root); skipped with a message where that is not possible.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { QUIET_FLAGS } from './chromium';
import { expect, test } from './fixtures';
import { dumpDatabase } from './idb';
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
    // The policy's mask selector is in effect, and shown as the admin's.
    await expect(page.getByRole('list', { name: 'Mask selectors in effect' })).toContainText(
      '.customer-notes-mask',
    );
    await expect(page.getByText('Masked in the page (set by your admin):')).toBeVisible();
    await expect(page.locator('#mask-selectors')).toHaveJSProperty('readOnly', true);
  } finally {
    await context.close();
    rmSync(file, { force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});

/** Chromium's id for an unpacked extension: SHA-256 of its absolute path, hex digits mapped to a-p. */
function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

test.describe('redactionRules', () => {
  // Distinctive, so no other test's page holds them; they are typed, shown and put in a URL.
  const TERM = 'Operation Bluefinch';
  const BADGE = 'BDG-48213';
  const file = join(POLICY_DIR, `recorder-e2e-rules-${process.pid}.json`);

  // Written before the test's browser starts: Chromium reads the policy folder at startup.
  test.beforeAll(() => {
    if (!canWritePolicies()) return;
    const rules = { terms: [TERM], patterns: [{ name: 'Badge number', regex: 'BDG-\\d{5}' }] };
    const policy = { '3rdparty': { extensions: { [unpackedExtensionId(DIST)]: { redactionRules: rules } } } };
    writeFileSync(file, JSON.stringify(policy));
  });
  test.afterAll(() => rmSync(file, { force: true }));

  test('a policy term typed, shown and searched for never reaches IndexedDB', async ({
    context,
    demoUrl,
    extensionId,
    recorder,
  }) => {
    test.skip(!canWritePolicies(), `cannot write ${POLICY_DIR} (needs root): policy e2e skipped`);
    expect(extensionId).toBe(unpackedExtensionId(DIST));
    await recorder.enable(demoUrl);
    const options = await recorder.extensionPage();
    await options.reload();
    await expect(options.locator('#admin-rules')).toHaveText(
      "Your admin's rules redact 1 term and 1 pattern in everything recorded, before it is stored.",
    );

    const page = await context.newPage();
    await page.goto(`${demoUrl}/customers/new`);
    const sessionId = await recorder.start(page, { intent: `Answer about ${TERM}` });
    const notes = page.getByLabel('Notes');
    await notes.click();
    await notes.pressSequentially(`Met at ${TERM}, badge ${BADGE}`, { delay: 15 }); // typed
    await page.goto(`${demoUrl}/tickets/3`);
    // Filled at once (not typed): this editor's keystroke-by-keystroke text is not under test here.
    await page.getByRole('textbox', { name: 'Reply' }).fill(`The ${TERM} badge is ${BADGE}`);
    await page.getByTestId('reply-send').click();
    await expect(page.getByTestId('ticket-reply').last()).toContainText(TERM); // shown as text
    await page.getByTestId('ticket-back').click();
    await page.getByLabel('Search tickets').pressSequentially(TERM, { delay: 15 }); // ends up in ?q=
    await page.getByLabel('Search tickets').press('Tab');
    await recorder.flush();
    await recorder.stop();

    const dump = await dumpDatabase(await recorder.extensionPage());
    expect(dump.chunks.length).toBeGreaterThan(0);
    const text = dump.text.toLowerCase();
    // The distinctive half of each value, in every 6-character window (the leak rule elsewhere).
    for (const value of ['Bluefinch', '48213']) {
      for (let i = 0; i + 6 <= Math.max(6, value.length); i++) {
        expect(text, `"${value.slice(i, i + 6)}" stored`).not.toContain(value.slice(i, i + 6).toLowerCase());
      }
    }
    expect(dump.text).toMatch(/\[CUSTOM_TERM:\w{6}\]/);
    expect(dump.sessions.find((s) => s.id === sessionId)?.redactions).toMatchObject({
      CUSTOM_TERM: expect.any(Number),
      'Badge number': expect.any(Number),
    });
    // The rules themselves live only beside the session key (never exported, deleted with it).
    expect(dump.keys.find((k) => k.sessionId === sessionId)?.rules?.terms).toEqual([TERM]);
  });
});

test.describe('invalid redactionRules', () => {
  const file = join(POLICY_DIR, `recorder-e2e-bad-rules-${process.pid}.json`);

  test.beforeAll(() => {
    if (!canWritePolicies()) return;
    const rules = { terms: ['Operation Bluefinch'], patterns: [{ name: 'Ticket', regex: 'TK-(\\d+' }] };
    const policy = { '3rdparty': { extensions: { [unpackedExtensionId(DIST)]: { redactionRules: rules } } } };
    writeFileSync(file, JSON.stringify(policy));
  });
  test.afterAll(() => rmSync(file, { force: true }));

  test('the settings page says why, and recording does not start', async ({
    context,
    demoUrl,
    extensionId,
    recorder,
  }) => {
    test.skip(!canWritePolicies(), `cannot write ${POLICY_DIR} (needs root): policy e2e skipped`);
    await recorder.enable(demoUrl);
    const control = await recorder.extensionPage();
    await control.reload();
    await expect(control.locator('#admin-rules')).toContainText(
      'Recording cannot start: your admin\'s redaction rules are invalid. redactionRules: pattern 1 "Ticket": invalid regular expression',
    );

    const work = await context.newPage();
    await work.goto(`${demoUrl}/tickets`);
    const tabId = await control.evaluate(
      async (u) => Math.max(...(await chrome.tabs.query({ url: u })).map((t) => t.id ?? -1)),
      work.url(),
    );
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await popup.getByRole('button', { name: 'Start recording' }).click();
    await expect(popup.getByRole('alert')).toContainText("your admin's redaction rules are invalid");
    await expect(popup.getByRole('status', { name: 'Recording status' })).toHaveText('Not recording');
    const sessions = await control.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const req = indexedDB.open('recorder');
          req.onsuccess = () => {
            const db = req.result;
            if (!db.objectStoreNames.contains('sessions')) return resolve(0);
            const count = db.transaction('sessions').objectStore('sessions').count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(count.error);
          };
          req.onerror = () => reject(req.error);
        }),
    );
    expect(sessions).toBe(0);
  });
});
