import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvents } from '../../shared/codec';
import { readSession } from '../../shared/read-session';
import { ReviewClosedError } from '../store/review-changes';
import { RecorderDb } from '../store/schema';
import { undoLast } from '../store/undo';
import { reviewSession, TERM } from '../testing/review-session';
import { seedSession } from '../testing/seed-session';
import { segmentSession } from '../trajectory/index';
import { decide } from './decide';
import { redactMore } from './rewrite';
import { shippableSession } from './shippable';

let db: RecorderDb;
let n = 0;

beforeEach(async () => {
  db = new RecorderDb(`rewrite-${n++}`);
  await seedSession(db, 's1', reviewSession(), { intent: `Add a customer for ${TERM}` });
  await seedSession(db, 's2', reviewSession());
});
afterEach(() => db.delete());

async function storedText(sessionId: string): Promise<string> {
  const chunks = await db.chunks.where('sessionId').equals(sessionId).toArray();
  const streams = await db.streams.where('sessionId').equals(sessionId).toArray();
  return JSON.stringify([chunks.map((c) => decodeEvents(c.data)), streams]);
}

async function trajectoriesText(sessionId: string): Promise<string> {
  return JSON.stringify((await shippableSession(db, sessionId, { requireApproved: false })).trajectories);
}

describe('redact more', () => {
  it('removes a term from every stored event, the session intent and the trajectories', async () => {
    expect(await storedText('s1')).toContain(TERM);
    expect(await trajectoriesText('s1')).toContain(TERM);
    const before = await db.sessions.get('s1');

    const result = await redactMore(db, 's1', { terms: [TERM] }, 'rita');

    const text = await storedText('s1');
    expect(text.toLowerCase()).not.toContain(TERM.toLowerCase());
    expect(text).toMatch(/\[CUSTOM_TERM:[0-9A-Za-z]{6}\]/);
    expect(await trajectoriesText('s1')).not.toMatch(new RegExp(TERM, 'i'));
    const after = await db.sessions.get('s1');
    expect(after?.intent).toMatch(/^Add a customer for \[CUSTOM_TERM:[0-9A-Za-z]{6}\]$/);
    expect(result.counts.CUSTOM_TERM).toBeGreaterThan(0);
    expect(Object.keys(result.counts)).toEqual(['CUSTOM_TERM']); // what was redacted before is not counted again
    expect(after?.redactions.CUSTOM_TERM).toBe(result.counts.CUSTOM_TERM);
    expect(after?.status).toBe('in_review');
    // the counters follow the rewritten chunks
    const chunks = await db.chunks.where('sessionId').equals('s1').toArray();
    expect(before?.bytes).toBe(chunksBytes(await db.chunks.where('sessionId').equals('s2').toArray()));
    expect(after?.bytes).toBe(chunksBytes(chunks));
    expect(after?.eventCount).toBe(chunks.reduce((a, c) => a + c.count, 0));
    // another session is untouched
    expect(await storedText('s2')).toContain(TERM);
  });

  it('keeps earlier placeholders and gives every occurrence of a term the same one', async () => {
    const placeholders = (s: string) => new Set(s.match(/\[(?!CUSTOM_TERM)[A-Z_]+:[0-9A-Za-z]{6}\]/g));
    const earlier = placeholders(await storedText('s1'));
    expect(earlier.size).toBeGreaterThan(0); // the email, at least
    await redactMore(db, 's1', { terms: [TERM] }, 'rita');
    const text = await storedText('s1');
    expect(placeholders(text)).toEqual(earlier);
    const terms = new Set(text.match(/\[CUSTOM_TERM:[0-9A-Za-z]{6}\]/g));
    // The engine keys a term's pseudonym by its text as found, so "Bluebird" and "bluebird" differ.
    expect(terms.size).toBe(2);
  });

  it('takes the term out of the partial values typed on the way to it', async () => {
    await redactMore(db, 's1', { terms: [TERM] }, 'rita');
    const stored = await readSession(db, 's1');
    const notes = stored.tabs[0]!.events.flatMap((e) =>
      e.type === 3 && e.data.source === 5 && e.data.text.startsWith('Project') ? [e.data.text] : [],
    );
    expect(notes.length).toBeGreaterThan(10);
    for (const v of notes) expect(v).not.toMatch(/Project B/);
    expect(notes.at(-1)).toMatch(/^Project \[CUSTOM_TERM:[0-9A-Za-z]{6}\] pilot/);
  });

  it('applies a regex rule and keeps custom event tags even when a term matches them', async () => {
    await redactMore(
      db,
      's1',
      { patterns: [{ name: 'Ticket ref', regex: 'TK-\\d{4}' }], terms: ['layout', 'task'] },
      'rita',
    );
    const text = await storedText('s1');
    expect(text).not.toContain('TK-4821');
    expect(text).toMatch(/\[TICKET_REF:[0-9A-Za-z]{6}\]/);
    const stored = await readSession(db, 's1');
    const tags = new Set(
      [...stored.tabs[0]!.events, ...stored.sessionEvents]
        .filter((e) => e.type === 5)
        .map((e) => (e.data as { tag: string }).tag),
    );
    expect(tags).toContain('rec/layout');
    expect(tags).toContain('rec/task');
    // segmentation still sees the tasks and the steps
    const { trajectories } = segmentSession({ sessionId: 's1', stored });
    expect(trajectories).toHaveLength(2);
    expect(trajectories[0]!.steps.length).toBeGreaterThan(3);
  });

  it('rejects invalid rules and sessions that can no longer change', async () => {
    await expect(redactMore(db, 's1', { patterns: [{ name: 'bad', regex: '(a+)+' }] }, 'r')).rejects.toThrow(
      /nested quantifiers/,
    );
    await expect(redactMore(db, 's1', {}, 'r')).rejects.toThrow(/no rule/);
    await decide(db, 's1', 'approved', 'rita', null);
    expect(await db.keys.get('s1')).toBeUndefined();
    await expect(redactMore(db, 's1', { terms: [TERM] }, 'r')).rejects.toBeInstanceOf(ReviewClosedError);
  });

  it('is undone exactly, until approval', async () => {
    const chunksBefore = await db.chunks.where('sessionId').equals('s1').toArray();
    const sessionBefore = await db.sessions.get('s1');
    await redactMore(db, 's1', { terms: [TERM] }, 'rita');
    expect(await db.undo.where('sessionId').equals('s1').count()).toBe(1);
    expect(await undoLast(db, 's1', 'rita')).toMatch(/redact 1 term/);
    const chunksAfter = await db.chunks.where('sessionId').equals('s1').toArray();
    expect(chunksAfter.map((c) => [...c.data])).toEqual(chunksBefore.map((c) => [...c.data]));
    const sessionAfter = await db.sessions.get('s1');
    expect(sessionAfter?.intent).toBe(sessionBefore?.intent);
    expect(sessionAfter?.redactions).toEqual(sessionBefore?.redactions);
    expect(sessionAfter?.bytes).toBe(sessionBefore?.bytes);
    expect(await undoLast(db, 's1', 'rita')).toBeNull();

    await redactMore(db, 's1', { terms: [TERM] }, 'rita');
    await decide(db, 's1', 'approved', 'rita', 'ok');
    expect(await db.undo.where('sessionId').equals('s1').count()).toBe(0);
    await expect(undoLast(db, 's1', 'rita')).rejects.toBeInstanceOf(ReviewClosedError);
    const audit = (await db.audit.where('sessionId').equals('s1').toArray()).map((a) => a.action);
    expect(audit).toEqual(['review', 'redact', 'undo', 'redact', 'approve']);
    // the audit line never repeats the redacted term
    expect(JSON.stringify(await db.audit.toArray())).not.toContain(TERM);
  });
});

function chunksBytes(chunks: { data: Uint8Array }[]): number {
  return chunks.reduce((a, c) => a + c.data.length, 0);
}
