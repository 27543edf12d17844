/**
 * Trajectories (issue 5) from a real recording: a scripted task on the demo app with an intent
 * marker becomes exactly the expected steps, and each step's observation contains its target.
 * With RECORD_FIXTURES=1 the recorded session is also saved under
 * worker/trajectory/fixtures/recorded/ for the unit tests.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StoredSession } from '../shared/read-session';
import type { Step } from '../shared/trajectory';
import { segmentSession } from '../worker/trajectory/index';
import { expect, test } from './fixtures';
import { dumpDatabase, storedSessionOf } from './idb';

/** [action type, target's accessible name, value, first selector] of a step. */
function summarize(s: Step): [string, string | null, unknown, string | null] {
  const a = s.action as { type: string; value?: string; text?: string; key?: string; checked?: boolean };
  return [
    a.type,
    s.target?.name ?? null,
    a.value ?? a.text ?? a.key ?? a.checked ?? null,
    s.target?.selectors[0]?.[0] ?? null,
  ];
}

function saveFixture(name: string, stored: StoredSession): void {
  if (process.env.RECORD_FIXTURES !== '1') return;
  const file = resolve(import.meta.dirname, '../worker/trajectory/fixtures/recorded', `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ ...stored, frames: [...stored.frames] })}\n`);
}

test('a scripted customer task becomes exactly the expected steps', async ({
  context,
  demoUrl,
  recorder,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demoUrl });
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/customers/new`);
  const sessionId = await recorder.start(page, { intent: 'Create the customer Pat' });

  await page.getByRole('button', { name: 'Fill from CRM' }).click();
  const name = page.getByLabel('Full name');
  await name.click();
  await name.press('Control+a');
  await name.pressSequentially('Pat Example');
  const email = page.getByLabel('Email');
  await email.click();
  await email.pressSequentially('pat.example@example.org');
  await email.press('Tab');
  // selectOption fires untrusted events (it would look page-set); a user picks with the keyboard.
  await page.getByLabel('Country').focus();
  await page.keyboard.type('Germ');
  await page.getByLabel('Pro').check();
  await page.getByLabel('Subscribe to newsletter').check();
  const notes = page.getByLabel('Notes');
  await notes.click();
  await notes.pressSequentially('Prefers emial');
  for (let i = 0; i < 3; i++) await notes.press('Backspace');
  await notes.pressSequentially('ail. ');
  await page.evaluate(() => navigator.clipboard.writeText('Account 7 of 9'));
  await notes.press('Control+v');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('status')).toContainText('Customer saved');
  await recorder.endTask('done');
  await recorder.flush();
  await recorder.stop();

  const stored = storedSessionOf(await dumpDatabase(await recorder.extensionPage()), sessionId);
  saveFixture('customer-task', stored);
  const { trajectories, refinements } = segmentSession({ sessionId, stored });
  // The intent names the customer: like any string it is redacted before it is stored.
  const task = trajectories.find((t) => t.intent?.startsWith('Create the customer '));
  expect(task?.intent).toMatch(/^Create the customer \[PERSON_NAME:[A-Za-z0-9_-]{6}\]$/);
  expect(task?.intentSource).toBe('marker');
  expect(task?.outcome).toBe('done');
  const placeholder = (type: string) => expect.stringMatching(new RegExp(`^\\[${type}:[A-Za-z0-9_-]{6}\\]$`));
  expect(task?.steps.map(summarize)).toEqual([
    ['click', 'Fill from CRM', null, '[data-testid="customer-fill-crm"]'],
    ['click', 'Full name', null, '[data-testid="customer-name"]'],
    ['keypress', 'Full name', 'a', '[data-testid="customer-name"]'],
    ['type', 'Full name', placeholder('PERSON_NAME'), '[data-testid="customer-name"]'],
    ['type', 'Email', placeholder('EMAIL'), '[data-testid="customer-email"]'],
    ['keypress', 'Email', 'Tab', '[data-testid="customer-email"]'],
    ['select', 'Country', 'DE', '[data-testid="customer-country"]'],
    ['check', 'Pro', true, '[data-testid="customer-plan-pro"]'],
    ['check', 'Subscribe to newsletter', true, '[data-testid="customer-newsletter"]'],
    ['type', 'Notes', 'Prefers email. ', '[data-testid="customer-notes"]'],
    ['paste', 'Notes', 'Prefers email. Account 7 of 9', '[data-testid="customer-notes"]'],
    ['click', 'Save customer', null, '[data-testid="customer-save"]'],
  ]);
  expect(refinements.map((r) => [r.kind, r.proposal, r.final])).toEqual([
    ['assist_edit', placeholder('PERSON_NAME'), placeholder('PERSON_NAME')],
    ['assist_edit', placeholder('EMAIL'), placeholder('EMAIL')],
    ['self_correction', 'Prefers emial', 'Prefers email. '],
  ]);
  for (const step of task?.steps ?? []) {
    if (!step.target) continue;
    expect(step.observation.targetUid).toBe(step.target.uid);
    expect(step.observation.html).toContain(`uid="${step.target.uid}"`);
    expect(step.observation.html).toContain('data-target="true"');
  }
});

test('tickets: search committed with Enter, double-click, scroll, shortcut, reply, back navigation', async ({
  context,
  demoUrl,
  recorder,
}) => {
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/tickets`);
  const sessionId = await recorder.start(page, { intent: 'Answer the refund ticket' });
  const search = page.getByLabel('Search tickets');
  await search.click();
  await search.pressSequentially('invoice');
  await search.press('Enter');
  await page.getByTestId('ticket-link-2').dblclick();
  const reply = page.getByRole('textbox', { name: 'Reply' });
  await reply.click();
  await page.keyboard.type('We will refund you today.');
  await page.keyboard.press('Control+b'); // a shortcut while typing stays part of the typing
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status')).toContainText('Reply sent');
  await page.goBack();
  await expect(page.getByLabel('Search tickets')).toBeVisible();
  await recorder.endTask('done');
  await recorder.flush();
  await recorder.stop();

  const stored = storedSessionOf(await dumpDatabase(await recorder.extensionPage()), sessionId);
  saveFixture('tickets-task', stored);
  const [task] = segmentSession({ sessionId, stored }).trajectories.filter(
    (t) => t.intentSource === 'marker',
  );
  const types = task?.steps.map((s) => s.action.type) ?? [];
  expect(types).toContain('type');
  expect(
    task?.steps.find((s) => s.action.type === 'type' && s.target?.name === 'Search tickets')?.action,
  ).toMatchObject({
    value: 'invoice',
  });
  expect(types).toContain('dblclick');
  expect(
    task?.steps.find((s) => s.action.type === 'type' && s.target?.name === 'Reply')?.action,
  ).toMatchObject({
    value: expect.stringContaining('We will refund you today.'),
  });
  expect(task?.steps.some((s) => s.action.type === 'click' && s.target?.name === 'Send reply')).toBe(true);
  expect(
    task?.steps.some((s) => s.friction.backtrack === 'back_navigation' || s.action.type === 'navigate'),
  ).toBe(true);
});

test('widgets and tabs: iframes, shadow DOM and a second tab in one trajectory', async ({
  context,
  demoUrl,
  recorder,
}) => {
  const partner = demoUrl.replace('127.0.0.1', 'localhost');
  await recorder.enable(demoUrl);
  await recorder.enable(partner);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/widgets`);
  const sessionId = await recorder.start(page, { intent: 'Rate and note' });
  const notes = page.frameLocator('iframe[title="Embedded notes"]');
  await notes.getByLabel('Note').click();
  await notes.getByLabel('Note').pressSequentially('Call back Monday');
  await notes.getByRole('button', { name: 'Save note' }).click();
  await page.getByRole('button', { name: 'Rate 4 stars' }).click();
  await page.getByRole('textbox', { name: 'Rating comment' }).click();
  await page.getByRole('textbox', { name: 'Rating comment' }).pressSequentially('Quick answer');
  await page.getByRole('button', { name: 'Submit rating' }).click();
  await page.waitForTimeout(500); // a scroll right after a click counts as the click's consequence
  await page.mouse.wheel(0, 300); // /widgets is taller than the window
  await page.waitForTimeout(700);
  const partnerButton = page
    .frameLocator('iframe[title="Partner widget"]')
    .getByRole('button', { name: 'Connect ShipFast' });
  await partnerButton.click();
  const tab2 = await context.newPage();
  await tab2.goto(`${demoUrl}/customers`);
  await tab2.getByRole('link', { name: 'Add customer' }).click();
  await page.bringToFront();
  await page.getByRole('button', { name: 'Rate 5 stars' }).click();
  await recorder.endTask('done');
  await recorder.flush();
  await recorder.stop();

  const stored = storedSessionOf(await dumpDatabase(await recorder.extensionPage()), sessionId);
  saveFixture('widgets-tabs-task', stored);
  const [task] = segmentSession({ sessionId, stored }).trajectories.filter(
    (t) => t.intentSource === 'marker',
  );
  const steps = task?.steps ?? [];
  const noteStep = steps.find((s) => s.action.type === 'type' && s.target?.name === 'Note');
  expect(noteStep?.target?.framePath.length).toBeGreaterThan(0); // inside the same-origin iframe
  const star = steps.find((s) => s.action.type === 'click' && s.target?.name === 'Rate 4 stars');
  expect(star?.target?.shadowPath?.length ?? 0).toBeGreaterThan(0); // inside the open shadow root
  expect(steps.some((s) => s.action.type === 'type' && s.target?.name === 'Rating comment')).toBe(true);
  expect(steps.some((s) => s.action.type === 'click' && s.target?.name === 'Connect ShipFast')).toBe(true);
  expect(steps.some((s) => s.action.type === 'scroll')).toBe(true);
  expect(steps.filter((s) => s.action.type === 'tab_switch').length).toBeGreaterThanOrEqual(1);
  for (const step of steps)
    if (step.target) expect(step.observation.html).toContain(`uid="${step.target.uid}"`);
});
