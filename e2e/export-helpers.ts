/**
 * Helpers shared by the export and upload suites: the scripted task on the demo app, approval
 * (written straight into IndexedDB: it stands in for the review page's Approve button, so these
 * suites do not depend on the review UI), and exporting through the export page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { expect, type RecorderDriver } from './fixtures';

/** Values typed in the task: made up, yet shaped like personal data, so redaction must catch them. */
export const TYPED = {
  name: 'Pat Example',
  email: 'pat.example@example.org',
  phone: '+1 415 555 0199',
  reply: 'Use the Export button on the Reports page.',
  notes: 'Prefers morning calls',
};
/** Strings that must appear in no exported file. */
export const PII = [TYPED.name, TYPED.email, 'pat.example', TYPED.phone, '415 555 0199', '4155550199'];

/** Answers ticket 3, closes it, and adds a customer (name, email, phone, country, plan, newsletter, notes). */
export async function scriptedTask(page: Page, demoUrl: string): Promise<void> {
  await page.getByRole('link', { name: 'How do I export reports to CSV?' }).click();
  const reply = page.getByRole('textbox', { name: 'Reply' });
  await reply.click();
  await reply.pressSequentially(TYPED.reply, { delay: 15 });
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status')).toContainText('Reply sent');
  // Trusted keyboard selection: Playwright's selectOption dispatches untrusted events, which the
  // recorder (rightly) does not take for user actions.
  await page.getByLabel('Ticket status').focus();
  await page.keyboard.press('c');
  await expect(page.getByRole('status')).toContainText('Status changed');
  await page.getByRole('link', { name: 'New customer' }).click();
  await expect(page).toHaveURL(`${demoUrl}/customers/new`);
  for (const [label, value] of [
    ['Full name', TYPED.name],
    ['Email', TYPED.email],
    ['Phone', TYPED.phone],
  ] as const) {
    await page.getByLabel(label).click();
    await page.getByLabel(label).pressSequentially(value, { delay: 15 });
  }
  await page.getByLabel('Country').focus();
  await page.keyboard.press('g'); // Germany
  await page.getByLabel('Pro').check();
  await page.getByLabel('Subscribe to newsletter').check();
  await page.getByLabel('Notes').click();
  await page.getByLabel('Notes').pressSequentially(TYPED.notes, { delay: 15 });
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('status')).toContainText('Customer saved');
}

/** Marks a stopped session approved in IndexedDB, as the review page's Approve does. */
export async function approveInDb(extensionPage: Page, sessionId: string): Promise<void> {
  await extensionPage.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('recorder');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('sessions', 'readwrite');
      const store = tx.objectStore('sessions');
      const get = store.get(id);
      get.onsuccess = () => {
        const row = get.result;
        if (!row) return reject(new Error(`no session ${id}`));
        store.put({
          ...row,
          status: 'approved',
          review: { decision: 'approved', reviewer: 'e2e', at: Date.now(), note: null },
        });
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, sessionId);
}

export async function sessionRow(
  extensionPage: Page,
  sessionId: string,
): Promise<{ status: string } | undefined> {
  return extensionPage.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('recorder');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const row = await new Promise<{ status: string } | undefined>((resolve, reject) => {
      const req = db.transaction('sessions').objectStore('sessions').get(id);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return row;
  }, sessionId);
}

/** Resets the demo app, records the scripted task under `intent`, and stops. */
export async function recordTask(
  page: Page,
  demoUrl: string,
  recorder: RecorderDriver,
  intent: string,
): Promise<string> {
  await fetch(`${demoUrl}/api/reset`, { method: 'POST' });
  await recorder.enable(demoUrl);
  await page.goto(`${demoUrl}/tickets`);
  const sessionId = await recorder.start(page, { intent });
  await scriptedTask(page, demoUrl);
  await recorder.flush();
  await recorder.stop();
  return sessionId;
}

/** Selects the session on the export page, exports it, and returns the downloaded bundle. */
export async function exportThroughPage(
  exportPage: Page,
  intent: string,
): Promise<{ bytes: Buffer; name: string }> {
  await exportPage.getByRole('checkbox', { name: `Select ${intent}` }).check();
  const downloading = exportPage.waitForEvent('download');
  await exportPage.getByRole('button', { name: 'Export selected' }).click();
  const download = await downloading;
  await expect(exportPage.getByRole('status', { name: 'Export status' })).toContainText('Bundle ready');
  const path = await download.path();
  return { bytes: readFileSync(path), name: download.suggestedFilename() };
}

export function unzipText(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
}
