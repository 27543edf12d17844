import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvents } from '../../shared/codec';
import { RecorderDb } from '../store/schema';
import { seedSession } from '../testing/seed-session';
import { h } from '../trajectory/fixtures/dom';
import { SessionSim } from '../trajectory/fixtures/recorder';
import { reviewApi } from './api';

/** A name and an account handle the detectors leave (unlisted words, no cue), and ordinary UI text. */
const NAME = 'Oyelaran Bexley';
const HANDLE = 'amoreno42';

function notesSession(): SessionSim {
  const s = new SessionSim();
  const tab = s.tab(1);
  tab.load('http://127.0.0.1:4173/notes.html', 'Case notes', [
    h(
      'header',
      {},
      h('h1', {}, 'Case notes'),
      h(
        'div',
        { class: 'user-menu' },
        h('span', { class: 'user-name' }, HANDLE),
        h('a', { href: '#' }, 'Sign out'),
      ),
    ),
    h('p', { 'data-testid': 'note' }, `Call back ${NAME} about the refund.`),
    h('textarea', { 'data-testid': 'reply', 'aria-label': 'Reply' }),
    h('button', { type: 'button', 'data-testid': 'send' }, 'Send reply'),
  ]);
  s.activate(1);
  s.startTask('Answer the case');
  tab.wait(800).click('reply').type('reply', `Spoke to ${NAME} today`, 30);
  tab.wait(600).click('send');
  s.endTask('done');
  return s;
}

let n = 0;
let db: RecorderDb;
beforeEach(async () => {
  const name = `leftovers-${n++}`;
  reviewApi.useDatabase(name);
  db = new RecorderDb(name);
  await seedSession(db, 's1', notesSession());
});
afterEach(() => db.delete());

async function storedText(): Promise<string> {
  const chunks = await db.chunks.where('sessionId').equals('s1').toArray();
  return JSON.stringify(chunks.map((c) => decodeEvents(c.data)));
}

describe('possible personal data left, through the review worker API', () => {
  it('lists a name and the header account name left in the stored events, with their steps and places', async () => {
    await reviewApi.open('s1');
    expect(await storedText()).toContain(NAME); // positive control: the detectors left it
    const items = await reviewApi.leftovers('s1');
    const name = items.find((i) => i.term === NAME);
    expect(name?.kind).toBe('name');
    expect(name?.count).toBeGreaterThanOrEqual(2); // the page's text and the typed reply
    expect(name?.steps.length).toBeGreaterThan(0); // the typing step ships it
    expect(name?.places[0]?.tabId).toBe(1);
    // the values typed on the way ("Oyelaran Bex") are no candidates of their own
    expect(items.filter((i) => i.term !== NAME && NAME.startsWith(i.term)).map((i) => i.term)).toEqual([]);
    expect(items.find((i) => i.term === HANDLE)?.kind).toBe('account');
    expect(items.map((i) => i.term)).not.toContain('Sign out');
    expect(await db.table('reviews').count()).toBe(1); // computed, not stored: only the view's stats row
    expect(JSON.stringify(await db.table('reviews').toArray())).not.toContain(NAME);
  });

  it('redacts a listed candidate everywhere; the audit line and Undo name the kind, never the term', async () => {
    await reviewApi.open('s1');
    const result = await reviewApi.redactLeftover('s1', NAME, 'name', 'rita');
    expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect((await storedText()).toLowerCase()).not.toContain(NAME.toLowerCase());
    expect(await storedText()).toContain(HANDLE); // only that term went
    expect((await reviewApi.leftovers('s1')).map((i) => i.term)).not.toContain(NAME);

    const audit = await db.audit.where('sessionId').equals('s1').toArray();
    const line = audit.at(-1);
    expect(line?.action).toBe('redact');
    expect(line?.detail).toMatch(/^redacted with a listed candidate \(name\): \d+ more values?/);
    const words = NAME.toLowerCase().split(' ');
    for (const row of audit)
      for (const w of words) expect(JSON.stringify(row).toLowerCase()).not.toContain(w);
    const undo = await db.undo.where('sessionId').equals('s1').toArray();
    expect(undo.map((u) => u.label)).toEqual(['redact a listed candidate (name)']);
    expect((await reviewApi.open('s1')).undo?.label).toBe('redact a listed candidate (name)');
  });

  it('refuses a kind it does not know (the audit line is built from it)', async () => {
    await expect(
      reviewApi.redactLeftover('s1', NAME, 'name, see Oyelaran' as 'name', 'rita'),
    ).rejects.toThrow(/unknown kind/);
  });
});
