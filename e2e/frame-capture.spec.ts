/**
 * Same-origin child frames run no recorder of their own (rrweb records them through the parent),
 * so the parent's listeners must cover them: keystrokes, focus, copy, layout and values the page
 * sets, in a frame present at start, one added later and one navigated to a new document, with
 * node ids from rrweb's mirror; a password field there keeps only navigation keys.
 */
import type { eventWithTime } from '@rrweb/types';
import { type CustomPayloads, SECRET_MASK } from '../shared/events';
import { segmentSession } from '../worker/trajectory/index';
import { expect, test } from './fixtures';
import { dumpDatabase, eventsOf, storedSessionOf } from './idb';
import { leaksIn } from './leaks';

type Custom<T extends keyof CustomPayloads> = { tag: T; payload: CustomPayloads[T]; timestamp: number };

function customs<T extends keyof CustomPayloads>(events: eventWithTime[], tag: T): Custom<T>[] {
  return events.flatMap((e) => {
    const d = e.data as { tag?: string; payload?: unknown };
    return e.type === 5 && d.tag === tag
      ? [{ tag, payload: d.payload as CustomPayloads[T], timestamp: e.timestamp }]
      : [];
  });
}

/** The node id of the field whose recorded value (rrweb Input event) was `text`. */
function idOfValue(events: eventWithTime[], text: string): number {
  const ids = events.flatMap((e) => {
    const d = e.data as { source?: number; text?: string; id?: number };
    return e.type === 3 && d.source === 5 && d.text === text && typeof d.id === 'number' ? [d.id] : [];
  });
  expect(ids.length, `an Input event with "${text}"`).toBeGreaterThan(0);
  return ids[0]!;
}

test('the parent recorder captures keystrokes, focus, copy, layout and page-set values in same-origin frames (present, added later, navigated); a password there keeps only navigation keys', async ({
  context,
  demoUrl,
  recorder,
}) => {
  test.setTimeout(180_000);
  await recorder.enable(new URL(demoUrl).origin);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/frame-typing.html`);
  const first = page.frameLocator('iframe[title="Fields frame"]');
  await expect(first.getByLabel('Frame note')).toBeVisible();
  const sessionId = await recorder.start(page, { intent: 'Frame capture' });

  // Present from the start: a text field, a password, a copy.
  const note = first.getByLabel('Frame note');
  await note.click();
  await note.pressSequentially('ordered pallets', { delay: 15 });
  await note.press('Tab');
  const secret = first.getByLabel('Frame password');
  await expect(secret).toBeFocused();
  await secret.pressSequentially('hunter22secret', { delay: 15 });
  await secret.press('ArrowLeft');
  await first.getByTestId('reference').selectText();
  await page.keyboard.press('Control+C');

  // Added after the recording started: a value set by the page, then typing.
  await page.getByRole('button', { name: 'Add frame' }).click();
  const added = page.frameLocator('iframe[title="Added frame"]');
  await added.getByRole('button', { name: 'Fill suggestion' }).click();
  const addedNote = added.getByLabel('Frame note');
  await expect(addedNote).toHaveValue('suggested by page');
  await addedNote.click(); // a trusted action: the page-set value is synced now
  await addedNote.press('Control+a');
  await addedNote.pressSequentially('second frame text', { delay: 15 });

  // Navigated to a new document: an editing host.
  await page.getByRole('button', { name: 'Navigate first frame' }).click();
  const editor = page
    .frameLocator('iframe[title="Fields frame"]')
    .getByRole('textbox', { name: 'Framed editor' });
  await editor.click();
  await editor.pressSequentially('navigated frame text', { delay: 15 });
  await page.getByRole('heading', { name: 'Frames' }).click();
  const addedBox = await page.locator('iframe[title="Added frame"]').boundingBox();

  await recorder.flush();
  await recorder.stop();
  const dump = await dumpDatabase(await recorder.extensionPage());
  const events = eventsOf(dump, sessionId);
  const keys = customs(events, 'rec/keystroke');
  const printableOn = (id: number) =>
    keys.filter((k) => k.payload.targetId === id && k.payload.kind === 'printable').length;

  // Secret fields never leave the page (invariant 2), in a frame too.
  expect(leaksIn(dump.text, { password: 'hunter22secret' })).toEqual([]);
  const noteId = idOfValue(events, 'ordered pallets');
  const addedId = idOfValue(events, 'second frame text');
  const secretId = idOfValue(events, SECRET_MASK);
  expect(new Set([noteId, addedId, secretId]).size, 'three different nodes').toBe(3);

  // One keystroke per key (not one per covering listener), none without a node id.
  expect(printableOn(noteId)).toBe('ordered pallets'.length);
  expect(printableOn(addedId)).toBe('second frame text'.length);
  expect(keys.filter((k) => k.payload.targetId < 0)).toEqual([]);
  expect(keys.filter((k) => k.payload.targetId === secretId).map((k) => k.payload)).toEqual([
    expect.objectContaining({ kind: 'named', key: 'ArrowLeft' }),
  ]);

  const focused = customs(events, 'rec/focus').map((f) => f.payload.targetId);
  expect(focused).toEqual(expect.arrayContaining([noteId, secretId, addedId]));
  expect(customs(events, 'rec/clipboard').map((c) => c.payload.op)).toContain('copy');

  // The page-set value of the added frame is recorded as the page's, not the user's.
  const suggested = events.filter((e) => {
    const d = e.data as { source?: number; text?: string; id?: number; userTriggered?: boolean };
    return e.type === 3 && d.source === 5 && d.id === addedId && d.text === 'suggested by page';
  });
  expect(suggested.map((e) => (e.data as { userTriggered?: boolean }).userTriggered)).toEqual([false]);

  // Layout boxes of a frame's nodes are in the top document's viewport: inside the frame element.
  const layout = customs(events, 'rec/layout').find((l) => l.payload.targetId === addedId);
  expect(layout, 'a layout for the added frame’s field').toBeDefined();
  expect(addedBox).not.toBeNull();
  const box = layout!.payload.box;
  expect(box.x).toBeGreaterThanOrEqual(addedBox!.x);
  expect(box.y).toBeGreaterThanOrEqual(addedBox!.y);
  expect(box.y + box.height).toBeLessThanOrEqual(addedBox!.y + addedBox!.height + 1);

  // The trajectory shows the typing in each frame, the navigated frame's editor included.
  const { trajectories } = segmentSession({ sessionId, stored: storedSessionOf(dump, sessionId) });
  const typed = trajectories
    .flatMap((t) => t.steps)
    .filter((s) => s.action.type === 'type')
    .map((s) => `${s.target?.name}: ${(s.action as { value?: string }).value}`);
  expect(typed).toEqual(
    expect.arrayContaining([
      'Frame note: ordered pallets',
      'Frame note: second frame text',
      'Framed editor: navigated frame text',
    ]),
  );
});
