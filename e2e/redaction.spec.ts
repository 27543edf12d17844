/**
 * Redaction on the real pipeline (issue 4): PII typed one key at a time, pasted, shown in text and
 * attributes, put in URLs, inside an iframe and a shadow root: none of it, not even a partial
 * prefix, in IndexedDB (every store, chunks decompressed), while a harmless marker typed the same
 * way is there.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { dumpDatabase } from './idb';
import { leaksIn } from './leaks';

const PII = {
  name: 'Ana Lima',
  email: 'ana.lima@lumenmail.net',
  phone: '+1 415 555 0132',
  card: '4111 1111 1111 1111',
  iban: 'DE89 3704 0044 0532 0130 00',
  ssn: '536-22-1987',
  token: 'ghp_R8mZq2Lx7Vt4Nw9Kc3Pb6Hy1Jd5Fs0Ga2Eu8',
  pastedEmail: 'sam.taylor@quillpost.org',
};
const MARKER = 'harmless-marker-4242';

test('no PII or secret reaches storage, not even a partial prefix', async ({
  context,
  demoUrl,
  recorder,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demoUrl });
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(
    `${demoUrl}/customers/new?ref=${encodeURIComponent(PII.pastedEmail)}&access_token=${PII.token}`,
  );
  const sessionId = await recorder.start(page, { intent: 'Add a customer' });

  const type = async (label: string, text: string) => {
    await page.getByLabel(label).click();
    await page.getByLabel(label).pressSequentially(text, { delay: 15 });
  };
  await type('Full name', PII.name);
  await type('Email', PII.email);
  await type('Phone', PII.phone);
  await type('Tax ID / SSN', PII.ssn);
  await type('Notes', `${MARKER} card ${PII.card} iban ${PII.iban} key ${PII.token} `);
  await page.evaluate((t) => navigator.clipboard.writeText(t), `Reach me at ${PII.pastedEmail}`);
  await page.getByLabel('Notes').press('Control+v');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByTestId('customers-table')).toContainText(PII.name); // shown in text and attributes

  await page.getByRole('link', { name: 'Widgets' }).click();
  const frame = page.frameLocator('iframe[title="Embedded notes"]');
  await frame.getByLabel('Note').click();
  await frame.getByLabel('Note').pressSequentially(`mail ${PII.email}`, { delay: 15 });
  await page.getByRole('textbox', { name: 'Rating comment' }).click();
  await page
    .getByRole('textbox', { name: 'Rating comment' })
    .pressSequentially(`call ${PII.phone}`, { delay: 15 });
  await page.getByRole('link', { name: 'Tickets' }).click();
  await page.getByLabel('Search tickets').pressSequentially(PII.email, { delay: 15 }); // ends up in ?q=
  await expect(page).toHaveURL(/q=ana/);
  await page.getByLabel('Search tickets').press('Tab');
  await recorder.flush();
  await recorder.stop();

  const dump = await dumpDatabase(await recorder.extensionPage());
  const text = dump.text;
  expect(text).toContain(MARKER);
  const leaks = leaksIn(text, PII);
  if (leaks.length > 0) writeFileSync(test.info().outputPath('stored.txt'), text); // to see where
  expect(leaks).toEqual([]);
  const session = dump.sessions.find((s) => s.id === sessionId);
  for (const type of ['EMAIL', 'CREDIT_CARD', 'IBAN'])
    expect(session?.redactions[type] ?? 0, type).toBeGreaterThan(0);
});
