/**
 * Names and addresses in page text (issue 12): a session that only looks at pages, the customer
 * list (names next to avatars, e-mails, an address column), the ticket queue (customer and
 * assignee columns) and a ticket thread (senders next to avatars with their initials, a
 * "Customer" term, assignee and CC pickers), with the signed-in agent's name in the app header.
 * Nothing is typed: every name reaches the recorder as page text. Most of the names are in no
 * census list, so page structure, not the gazetteer, has to find them. None of them, nor any
 * 6-character piece of them, may be in IndexedDB (every store, chunks decompressed) or in the
 * exported bundle, while the column headers, product and team names and UI words are there (a
 * blind test cannot pass) and placeholders stand where the names were.
 */
import { writeFileSync } from 'node:fs';
import type { eventWithTime } from '@rrweb/types';
import { approveInDb, exportThroughPage, unzipText } from './export-helpers';
import { expect, test } from './fixtures';
import { dumpDatabase, eventsOf } from './idb';
import { leaksIn } from './leaks';

const INTENT = 'Look up a customer and a ticket';

/** People the demo app shows (e2e/demo/state.ts, index.html); only the last two are in census lists. */
const PEOPLE = {
  agent: 'Anahera Tawhiri', // the signed-in agent: header, replies, assignee options
  otherAgent: 'Siosaia Tupou', // assignee column and options
  customer: 'Oluwaseun Adeyemi',
  customer2: 'Xiadani Quispe',
  ticketCustomer: 'Thandeka Mbeki', // ticket 8's requester: queue, thread, "Customer" term
  listed: 'Ada Park',
  listed2: 'Tom Becker',
};
const ADDRESSES = {
  lagos: '14 Admiralty Way, Lekki, Lagos',
  cusco: 'Jr. Ayacucho 418, Cusco',
  sf: '1 Market St, San Francisco, CA',
  berlin: 'Unter den Linden 5, Berlin',
};
const EMAILS = {
  customer: 'o.adeyemi@ikorodu-mail.example',
  customer2: 'xquispe@andesmail.example',
};
const PLANTED = { ...PEOPLE, ...ADDRESSES, ...EMAILS };

/** Words that must survive: headers, product, teams, "Unassigned", "Me", UI text. */
const KEPT = [
  'Acme Desk',
  'Customers',
  'Name',
  'Email',
  'Address',
  'Plan',
  'Customer',
  'Assignee',
  'Subject',
  'Unassigned',
  'Me',
  'Billing team',
  'Tier 2 Support',
  'Northwind Traders',
  'Globex Corp',
  'Initech',
  'Sign out',
  'Send reply',
  'Attachments over 10 MB are rejected',
  'CC',
];

const PLACEHOLDER = /^\[(PERSON_NAME|STREET_ADDRESS):[A-Za-z0-9_-]{6}\]$/;

/** Text node contents of full snapshots and added nodes, in the order stored. */
function textsOf(events: eventWithTime[]): string[] {
  const out: string[] = [];
  const visit = (n: unknown) => {
    if (typeof n !== 'object' || n === null) return;
    const node = n as { type?: number; textContent?: unknown; childNodes?: unknown[] };
    if (node.type === 3 && typeof node.textContent === 'string') out.push(node.textContent.trim());
    for (const c of node.childNodes ?? []) visit(c);
  };
  for (const e of events) {
    if (e.type === 2) visit((e.data as { node: unknown }).node);
    if (e.type === 3 && (e.data as { source: number }).source === 0)
      for (const a of (e.data as { adds: { node: unknown }[] }).adds) visit(a.node);
  }
  return out;
}

test('names and addresses shown by the page reach neither storage nor the export; headers and UI words do', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(150_000);
  await fetch(`${demoUrl}/api/reset`, { method: 'POST' });
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/customers`);
  await expect(page.getByTestId('customers-table')).toContainText(PEOPLE.customer); // first in a snapshot
  const sessionId = await recorder.start(page, { intent: INTENT });

  await page.getByRole('link', { name: 'Tickets' }).click(); // the queue, added by mutations
  await expect(page.getByTestId('tickets-table')).toContainText(PEOPLE.ticketCustomer);
  await page.getByTestId('ticket-link-8').click(); // the thread, added by mutations
  await expect(page.getByTestId('ticket-thread')).toContainText(PEOPLE.ticketCustomer);
  await expect(page.getByTestId('ticket-reply').first()).toContainText(PEOPLE.agent);
  await page.getByRole('link', { name: 'Customers' }).click(); // the list again, now as mutations
  await expect(page.getByTestId('customers-table')).toContainText(ADDRESSES.cusco);
  await page.waitForTimeout(500);
  await recorder.flush();
  await recorder.stop();

  // IndexedDB: what is on disk.
  const control = await recorder.extensionPage();
  const dump = await dumpDatabase(control);
  const stored = dump.text;
  const leaks = leaksIn(stored, PLANTED);
  if (leaks.length > 0) writeFileSync(test.info().outputPath('stored.txt'), stored); // to see where
  expect(leaks).toEqual([]);
  for (const word of KEPT) expect(stored, word).toContain(`"${word}"`);

  // Placeholders stand where the names and addresses were: whole text nodes, not fragments.
  const texts = textsOf(eventsOf(dump, sessionId));
  const placeholders = texts.filter((t) => PLACEHOLDER.test(t));
  const kinds = new Set(placeholders.map((t) => PLACEHOLDER.exec(t)?.[1]));
  expect(kinds).toEqual(new Set(['PERSON_NAME', 'STREET_ADDRESS']));
  // 7 people + 4 addresses, each at least once (the customer list was recorded twice).
  expect(new Set(placeholders).size).toBeGreaterThanOrEqual(11);
  // The avatars' initials beside them are kept (two letters are no name).
  expect(texts).toEqual(expect.arrayContaining(['AT', 'OA', 'XQ', 'TM']));
  const session = dump.sessions.find((s) => s.id === sessionId);
  expect(session?.redactions.PERSON_NAME ?? 0).toBeGreaterThan(0);
  expect(session?.redactions.STREET_ADDRESS ?? 0).toBeGreaterThan(0);

  // The exported bundle, after approval.
  await approveInDb(control, sessionId);
  const exportPage = await context.newPage();
  await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
  const { bytes } = await exportThroughPage(exportPage, INTENT);
  const files = unzipText(bytes);
  const events = files[`events/${sessionId}.json`] ?? '';
  expect(events.length).toBeGreaterThan(0);
  for (const [path, text] of Object.entries(files)) expect(leaksIn(text, PLANTED), path).toEqual([]);
  for (const word of KEPT) expect(events, word).toContain(`"${word}"`);
  expect(events).toMatch(/\[PERSON_NAME:[A-Za-z0-9_-]{6}\]/);
  expect(events).toMatch(/\[STREET_ADDRESS:[A-Za-z0-9_-]{6}\]/);
});
