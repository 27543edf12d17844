/**
 * Privacy edges (issue 11, parts 1–2): pages that echo what the user types (a label edited in
 * place, a live preview, a search-results header with the query in the URL and the title, a "To:"
 * chip) and text typed into contenteditable editing hosts (a bare div, a single-line host,
 * ProseMirror, Lexical, a host in a shadow root, a host in a same-origin frame).
 *
 * For every case: no 6-character window of the personal value typed there is in any IndexedDB
 * store or in any file of the exported bundle, while non-personal text typed in the same place
 * is kept; and the trajectory still shows one `type` step per editor and per in-place edit.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Step } from '../shared/trajectory';
import { segmentSession } from '../worker/trajectory/index';
import { approveInDb, exportThroughPage, unzipText } from './export-helpers';
import { expect, type RecorderDriver, test } from './fixtures';
import { type DatabaseDump, dumpDatabase, storedSessionOf } from './idb';
import { leaksIn } from './leaks';

/** Records `act` on `path`, stops, approves, exports; returns the dump, the bundle's files and the steps. */
async function recordAndExport(
  ctx: { context: import('@playwright/test').BrowserContext; recorder: RecorderDriver; extensionId: string },
  url: string,
  intent: string,
  act: (page: Page) => Promise<void>,
): Promise<{ dump: DatabaseDump; files: Record<string, string>; steps: Step[] }> {
  const { context, recorder, extensionId } = ctx;
  await recorder.enable(new URL(url).origin);
  const page = await context.newPage();
  await page.goto(url);
  const sessionId = await recorder.start(page, { intent });
  await act(page);
  await recorder.flush();
  await recorder.stop();
  const control = await recorder.extensionPage();
  const dump = await dumpDatabase(control);
  const { trajectories } = segmentSession({ sessionId, stored: storedSessionOf(dump, sessionId) });
  const steps = trajectories.flatMap((t) => t.steps);
  await approveInDb(control, sessionId);
  const exportPage = await context.newPage();
  await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
  const { bytes } = await exportThroughPage(exportPage, intent);
  return { dump, files: unzipText(bytes), steps };
}

function expectNoLeaks(
  dump: DatabaseDump,
  files: Record<string, string>,
  personal: Record<string, string>,
  controls: Record<string, string>,
): void {
  const leaks = leaksIn(dump.text, personal).map((l) => `IndexedDB: ${l}`);
  for (const [path, text] of Object.entries(files))
    leaks.push(...leaksIn(text, personal).map((l) => `${path}: ${l}`));
  if (leaks.length > 0) {
    writeFileSync(test.info().outputPath('stored.txt'), dump.text); // to see where
    writeFileSync(test.info().outputPath('bundle.txt'), Object.values(files).join('\n'));
  }
  expect(leaks).toEqual([]);
  const missing = Object.entries(controls)
    .filter(([, value]) => !dump.text.includes(value))
    .map(([kind, value]) => `${kind}: "${value}"`);
  expect(missing, 'non-personal text typed in the same places is stored').toEqual([]);
  const events = Object.entries(files).find(([p]) => p.startsWith('events/'))?.[1] ?? '';
  const missingInBundle = Object.entries(controls)
    .filter(([, value]) => !events.includes(value))
    .map(([kind, value]) => `${kind}: "${value}"`);
  expect(missingInBundle, 'non-personal text is in the exported events').toEqual([]);
}

const typeSteps = (steps: Step[], name: string) =>
  steps.filter((s) => s.action.type === 'type' && s.target?.name === name);

const PLACEHOLDER = /\[EMAIL:[A-Za-z0-9_-]{6}\]/;

test('echoes of typing (label edited in place, live preview, search header, To chip) keep no prefix of a typed e-mail', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const personal = {
    todo: 'ximena.okonkwo@plumbrook.io',
    preview: 'farid.lindqvist@quarrytide.net',
    search: 'odalys.petrakis@vellumcrest.org',
    recipient: 'benedikt.aranda@moorglass.com',
  };
  const controls = {
    todo: 'Water the ficus by Friday',
    preview: 'Quarterly townhall moves to Thursday',
    search: 'harbour crane schedule',
    topic: 'Pallet inventory recount',
  };
  const { dump, files, steps } = await recordAndExport(
    { context, recorder, extensionId },
    `${demoUrl}/echoes`,
    'Echo check',
    async (page) => {
      // A label edited in place, personal value first, then the control in the second one.
      for (const [n, value] of [
        [1, personal.todo],
        [2, controls.todo],
      ] as const) {
        await page.getByRole('button', { name: `Edit follow-up ${n}` }).click();
        const input = page.getByRole('textbox', { name: `Follow-up ${n} text` });
        await input.press('Control+a');
        await input.pressSequentially(value, { delay: 15 });
        await input.press('Enter');
        await expect(page.getByTestId(`todo-label-${n}`)).toHaveText(value);
      }
      // Live preview: control and personal value in the same text.
      const text = page.getByLabel('Announcement text');
      await text.click();
      await text.pressSequentially(`${controls.preview}, questions to ${personal.preview}`, { delay: 15 });
      await expect(page.getByTestId('preview-output')).toContainText(personal.preview);
      // Search as you type (header, URL and title): personal query, then a control query.
      const search = page.getByLabel('Search directory');
      await search.click();
      await search.pressSequentially(personal.search, { delay: 15 });
      await expect(page.getByTestId('directory-header')).toContainText(personal.search);
      await search.press('Control+a');
      await search.pressSequentially(controls.search, { delay: 15 });
      await expect(page).toHaveTitle(new RegExp(controls.search));
      // "To:" chip and a counter next to a non-personal topic line.
      const to = page.getByLabel('Recipient');
      await to.click();
      await to.pressSequentially(personal.recipient, { delay: 15 });
      await expect(page.getByTestId('compose-chip')).toHaveText(`To: ${personal.recipient}`);
      const topic = page.getByLabel('Topic line');
      await topic.click();
      await topic.pressSequentially(controls.topic, { delay: 15 });
      await topic.press('Tab');
    },
  );
  expectNoLeaks(dump, files, personal, controls);

  // The in-place edit is one step, with the redacted value.
  const edit = typeSteps(steps, 'Follow-up 1 text');
  expect(edit).toHaveLength(1);
  expect(edit[0]?.action).toMatchObject({ type: 'type', value: expect.stringMatching(PLACEHOLDER) });
  expect(typeSteps(steps, 'Follow-up 2 text').map((s) => (s.action as { value: string }).value)).toEqual([
    controls.todo,
  ]);
});

test('text typed into editing hosts (bare, single-line, ProseMirror, Lexical, shadow root, same-origin frame) keeps no prefix of a typed e-mail', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const personal = {
    bare: 'ingrid.tamaseo@rivetlark.net',
    singleLine: 'zoltan.brightwater@cindermoss.io',
    prosemirror: 'hollis.wyndham@ashgrovepost.com',
    lexical: 'mireille.okafor@saltmarrow.org',
    shadow: 'teodoro.vantassel@glimmerfen.net',
    frame: 'priya.kallistrom@dunmoreaxe.io',
  };
  const controls = {
    bare: 'Forklift training starts at nine',
    prosemirror: 'Loading dock two is closed',
    lexical: 'Replace the conveyor belt rollers',
    shadow: 'Label printer needs toner',
    frame: 'Night shift swaps with day shift',
  };
  const editors = [
    ['Plain editor', personal.bare, controls.bare],
    ['ProseMirror editor', personal.prosemirror, controls.prosemirror],
    ['Lexical editor', personal.lexical, controls.lexical],
    ['Shadow editor', personal.shadow, controls.shadow],
  ] as const;
  const { dump, files, steps } = await recordAndExport(
    { context, recorder, extensionId },
    `${demoUrl}/editors`,
    'Editor check',
    async (page) => {
      for (const [name, value, control] of editors) {
        const editor = page.getByRole('textbox', { name, exact: true });
        await editor.click();
        await editor.pressSequentially(`${control}, ask ${value}`, { delay: 15 });
        await expect(editor).toContainText(value);
      }
      const single = page.getByRole('textbox', { name: 'Single-line editor' });
      await single.click();
      await single.pressSequentially(personal.singleLine, { delay: 15 });
      await single.press('Enter'); // commits a single-line host
      const framed = page
        .frameLocator('iframe[title="Framed editor frame"]')
        .getByRole('textbox', { name: 'Framed editor' });
      await framed.click();
      await framed.pressSequentially(`${controls.frame}, ask ${personal.frame}`, { delay: 15 });
      await expect(framed).toContainText(personal.frame);
      await page.getByRole('heading', { name: 'Editors' }).click(); // focus leaves the last editor
    },
  );
  expectNoLeaks(dump, files, personal, controls);

  // Typing into an editor is one `type` step with the redacted value.
  const seen = steps.map((s) => `${s.action.type} on "${s.target?.name ?? '?'}"`).join(', ');
  for (const name of [...editors.map(([n]) => n), 'Single-line editor', 'Framed editor']) {
    const typed = typeSteps(steps, name);
    expect(typed, `${name} among ${seen}`).toHaveLength(1);
    expect((typed[0]?.action as { value?: string } | undefined)?.value, name).toMatch(PLACEHOLDER);
  }
});
