import 'fake-indexeddb/auto';
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSession, type StoredSession } from '../../shared/read-session';
import type { Step, Trajectory } from '../../shared/trajectory';
import { loadStreams } from '../store/review-changes';
import { RecorderDb } from '../store/schema';
import { undoLast } from '../store/undo';
import { reviewSession } from '../testing/review-session';
import { seedSession } from '../testing/seed-session';
import { widgets } from '../trajectory/fixtures/scenarios';
import { cutStream, deleteWindows, stepWindows } from './cut';
import { SnapshotMirror } from './cut-snapshot';
import { shippableSession } from './shippable';

let db: RecorderDb;
let n = 0;

beforeEach(async () => {
  db = new RecorderDb(`cut-${n++}`);
  await seedSession(db, 's1', reviewSession(), { chunkSize: 40 });
});
afterEach(() => db.delete());

const label = (s: Step) => `${s.action.type} ${s.target?.attributes['data-testid'] ?? s.target?.tag ?? '-'}`;
const labels = (ts: Trajectory[]) => ts.map((t) => t.steps.map(label));

/** The page at the end of a stream, as rrweb would rebuild it. */
function finalPage(events: eventWithTime[]) {
  const m = new SnapshotMirror();
  for (const e of events) m.apply(e);
  return m.tree();
}

function allEvents(stored: StoredSession): eventWithTime[] {
  return [...stored.tabs.flatMap((t) => t.events), ...stored.sessionEvents];
}

async function trajectories(): Promise<Trajectory[]> {
  return (await shippableSession(db, 's1', { requireApproved: false })).trajectories;
}

describe('deleting a step', () => {
  it('removes its events, rebuilds the page at the cut, and leaves the other steps as they were', async () => {
    const before = await trajectories();
    const storedBefore = await readSession(db, 's1');
    const step = before[0]!.steps.find((s) => label(s) === 'type customer-email')!;
    expect(step).toBeDefined();
    const windows = stepWindows(step, storedBefore, await loadStreams(db, 's1'));
    expect([...windows.keys()]).toEqual(['tab-1']);

    const { removed } = await deleteWindows(db, 's1', windows, 'rita', 'delete step');
    expect(removed).toBeGreaterThan(20);

    const stored = await readSession(db, 's1');
    const w = windows.get('tab-1')!;
    // only the new snapshot is left in the window, at its start...
    const inWindow = stored.tabs[0]!.events.filter((e) => e.timestamp >= w.from && e.timestamp <= w.to);
    expect(inWindow.map((e) => [e.type, e.timestamp])).toEqual([
      [4, w.from],
      [2, w.from],
    ]);
    // ...so the page at the end is exactly what it was
    expect(finalPage(stored.tabs[0]!.events)).toEqual(finalPage(storedBefore.tabs[0]!.events));

    const next = await trajectories();
    const expected = labels(before);
    expected[0] = expected[0]!.filter((l) => l !== 'type customer-email');
    expect(labels(next)).toEqual(expected);
    // Later steps observe the same page as before the cut (checked with segmentation's own mirror).
    // Only uids differ: a snapshot starts a new page key.
    const obs = (ts: Trajectory[]) =>
      ts.flatMap((t) =>
        t.steps
          .filter((s) => s.startedAt > w.to)
          .map((s) => s.observation.html.replace(/uid="p\d+n/g, 'uid="n')),
      );
    expect(obs(next)).toEqual(obs(before));

    const session = await db.sessions.get('s1');
    const chunks = await db.chunks.where('sessionId').equals('s1').toArray();
    expect(session?.eventCount).toBe(chunks.reduce((a, c) => a + c.count, 0));
    expect(session?.eventCount).toBe(allEvents(stored).length);
    // the first change of a stopped session starts its review (lifecycle.ts), then the cut's line
    expect((await db.audit.toArray()).map((a) => a.action)).toEqual(['review', 'delete']);
  });

  it('keeps task markers, and is undone exactly', async () => {
    const storedBefore = await readSession(db, 's1');
    const first = storedBefore.sessionEvents[0]!.timestamp;
    const last = storedBefore.sessionEvents.at(-1)!.timestamp;
    const bytes = (await db.chunks.toArray()).map((c) => [...c.data]);
    await deleteWindows(db, 's1', { from: first, to: last }, 'rita', 'delete all of it');
    const stored = await readSession(db, 's1');
    const tags = stored.sessionEvents.map((e) => (e.data as { tag: string }).tag);
    expect(new Set(tags)).toEqual(new Set(['rec/task']));
    const ts = await trajectories();
    expect(ts.map((t) => t.intent)).toEqual(['Add a customer', 'Find the Bluebird ticket']);
    expect(ts.flatMap((t) => t.steps)).toEqual([]);

    await undoLast(db, 's1', 'rita');
    expect((await db.chunks.toArray()).map((c) => [...c.data])).toEqual(bytes);
    expect(labels(await trajectories())[0]).toContain('type customer-email');
  });
});

describe('cutting a stream', () => {
  it('attaches same-origin iframe documents and replays CSSOM changes after the new snapshot', () => {
    const { s } = widgets();
    const events = structuredClone(s.stored().tabs[0]!.events);
    // a runtime CSS rule (CSS-in-JS), which lives in no node, before the cut
    const rule = {
      type: 3,
      timestamp: events[3]!.timestamp,
      data: { source: 8, id: 1, adds: [{ rule: '.x{color:red}', index: 0 }] },
    } as eventWithTime;
    events.splice(4, 0, rule);
    const mid = events[Math.floor(events.length / 2)]!.timestamp;
    const chunks = [events.slice(0, 30), events.slice(30)];
    const cut = cutStream(chunks, { from: mid - 500, to: mid });
    expect(cut.removed).toBeGreaterThan(0);
    const out = cut.chunks.flat();
    const at = out.findIndex((e, i) => i > 0 && e.type === 2);
    expect(out[at - 1]?.type).toBe(4);
    const attach = out
      .slice(at + 1)
      .find((e) => e.type === 3 && e.data.source === 0 && e.data.isAttachIframe);
    expect(attach).toBeDefined();
    expect(out.slice(at + 1).some((e) => e.type === 3 && e.data.source === 8)).toBe(true);
    const snapshot = out[at]!;
    expect(snapshot.type === 2 && documentsIn(snapshot.data.node)).toBe(1); // frames are attached, not nested
    expect(finalPage(out)).toEqual(finalPage(events));
  });
});

function documentsIn(n: serializedNodeWithId): number {
  const own = n.type === 0 ? 1 : 0;
  return own + (n.type === 0 || n.type === 2 ? n.childNodes.reduce((a, c) => a + documentsIn(c), 0) : 0);
}
