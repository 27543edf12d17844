import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Trajectory } from '../../shared/trajectory';
import { RecorderDb } from '../store/schema';
import { reviewSession } from '../testing/review-session';
import { seedSession } from '../testing/seed-session';
import { customerForm } from '../trajectory/fixtures/scenarios';
import { segmentSession } from '../trajectory/index';
import { reviewApi } from './api';
import { applyOverlay } from './overlay';
import { shippableSession } from './shippable';

const segmented = (): Trajectory[] =>
  segmentSession({ sessionId: 's', stored: customerForm().s.stored() }).trajectories;

describe('overlay', () => {
  it('splits and merges, renumbering ids, steps, friction and refinements', () => {
    const base = segmented();
    expect(base).toHaveLength(1);
    const t = base[0]!;
    expect(t.refinements.length).toBeGreaterThan(0);
    const at = t.steps[3]!.startedAt;
    const split = applyOverlay('s', base, [{ op: 'split', anchor: t.startedAt, at }]);
    expect(split.map((x) => x.id)).toEqual(['s:t0', 's:t1']);
    expect(split.map((x) => x.steps.length)).toEqual([3, t.steps.length - 3]);
    expect(split[1]!.steps.map((s) => s.index)).toEqual(split[1]!.steps.map((_, i) => i));
    expect(split[1]!.steps[0]!.friction.thinkTimeMs).toBeNull();
    expect(split[0]!.outcome).toBe('unknown');
    expect(split[1]!.outcome).toBe(t.outcome);
    expect(split[0]!.boundary.end).toBe('marker');
    expect(split[1]!.startedAt).toBe(at);
    for (const x of split) for (const r of x.refinements) expect(r.trajectoryId).toBe(x.id);
    // the refinement still points at its own step
    const r = t.refinements[0]!;
    const moved = split.flatMap((x) => x.refinements).find((y) => y.id === r.id)!;
    expect(split.find((x) => x.id === moved.trajectoryId)!.steps[moved.stepIndex!]!.startedAt).toBe(
      t.steps[r.stepIndex!]!.startedAt,
    );

    // merging back gives the original steps, and think time across the seam again
    const merged = applyOverlay('s', base, [
      { op: 'split', anchor: t.startedAt, at },
      { op: 'merge', anchor: t.startedAt },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.steps.map((s) => s.startedAt)).toEqual(t.steps.map((s) => s.startedAt));
    expect(merged[0]!.steps[3]!.friction.thinkTimeMs).not.toBeNull();
  });

  it('edits intent and outcome by anchor, and skips edits whose trajectory is gone', () => {
    const base = segmented();
    const anchor = base[0]!.startedAt;
    const out = applyOverlay('s', base, [
      { op: 'intent', anchor, text: 'Create the customer record' },
      { op: 'outcome', anchor, outcome: 'abandoned' },
      { op: 'merge', anchor }, // no next trajectory
      { op: 'intent', anchor: Number.MAX_SAFE_INTEGER, text: 'nowhere' },
    ]);
    expect(out[0]!.intent).toBe('Create the customer record');
    expect(out[0]!.intentSource).toBe('marker');
    expect(out[0]!.outcome).toBe('abandoned');
    expect(out[0]!.refinements.every((r) => r.context.intent === 'Create the customer record')).toBe(true);
    expect(applyOverlay('s', base, [])).toBe(base);
  });
});

describe('edits through the review worker API', () => {
  let n = 0;
  beforeEach(async () => {
    reviewApi.useDatabase(`overlay-${n++}`);
    const db = new RecorderDb(`overlay-${n - 1}`);
    await seedSession(db, 's1', reviewSession());
  });
  afterEach(async () => {
    await new RecorderDb(`overlay-${n - 1}`).delete();
  });

  it('applies edits in shippableSession (what export reads), redacts the typed intent, and undoes them', async () => {
    const db = new RecorderDb(`overlay-${n - 1}`);
    const view = await reviewApi.open('s1');
    expect((await db.sessions.get('s1'))?.status).toBe('stopped'); // building the view changes no status
    await reviewApi.startReview('s1', 'rita');
    expect((await db.sessions.get('s1'))?.status).toBe('in_review');
    expect(view.trajectories.map((t) => t.intent)).toEqual(['Add a customer', 'Find the Bluebird ticket']);
    const [first, second] = view.trajectories;
    await reviewApi.edit(
      's1',
      { op: 'intent', anchor: first!.anchor, text: 'Add ana@example.com as customer' },
      'rita',
    );
    await reviewApi.edit('s1', { op: 'merge', anchor: first!.anchor }, 'rita');
    let shipped = await shippableSession(db, 's1', { requireApproved: false });
    expect(shipped.trajectories).toHaveLength(1);
    expect(shipped.trajectories[0]!.intent).toMatch(/^Add \[EMAIL:[0-9A-Za-z]{6}\] as customer$/);
    expect(shipped.trajectories[0]!.steps).toHaveLength(first!.steps.length + second!.steps.length);

    const after = await reviewApi.open('s1');
    expect(after.undo?.label).toBe('tasks 1 and 2 merged');
    expect(await reviewApi.undo('s1', 'rita')).toBe('tasks 1 and 2 merged');
    shipped = await shippableSession(db, 's1', { requireApproved: false });
    expect(shipped.trajectories).toHaveLength(2);
    expect((await reviewApi.stats(['s1'])).s1).toMatchObject({
      trajectories: 2,
      title: shipped.trajectories[0]!.intent,
    });

    const audit = (await db.audit.toArray()).map((a) => `${a.action}: ${a.detail}`);
    expect(audit).toEqual([
      'review: opened for review',
      'edit: intent of task 1 changed',
      'edit: tasks 1 and 2 merged',
      'undo: undid: tasks 1 and 2 merged',
    ]);
  });

  it('deletes a step and shows its placeholders in the view', async () => {
    const view = await reviewApi.open('s1');
    const email = view.placeholders.find((p) => p.type === 'EMAIL');
    expect(email?.count).toBeGreaterThan(0);
    expect(email?.steps.length).toBeGreaterThan(0);
    expect(view.notCovered.some((line) => line.startsWith('PERSON_NAME'))).toBe(true);
    const before = view.trajectories[0]!.steps.length;
    const shipped = await reviewApi.shippedStep('s1', 0, 1);
    expect(shipped?.observation.html).toContain('<form');
    await reviewApi.deleteStep('s1', 0, 1, 'rita');
    const next = await reviewApi.open('s1');
    expect(next.trajectories[0]!.steps).toHaveLength(before - 1);
    expect(next.undo?.label).toMatch(/^delete step 2 of task 1/);
  });

  it('decides in bulk, reporting what it skipped, and sweeps by retention', async () => {
    const db = new RecorderDb(`overlay-${n - 1}`);
    await seedSession(db, 's2', reviewSession(), { status: 'recording' });
    await seedSession(db, 's3', reviewSession());
    const result = await reviewApi.decide(['s1', 's2', 's3'], 'rejected', 'Rita', 'not useful');
    expect(result.done).toEqual(['s1', 's3']);
    expect(result.skipped).toEqual([{ id: 's2', reason: 'the session is still recording' }]);
    expect((await db.sessions.get('s1'))?.review).toMatchObject({
      decision: 'rejected',
      reviewer: 'Rita',
      note: 'not useful',
    });
    expect(await db.keys.get('s1')).toBeDefined(); // only approval destroys the key
    expect(await reviewApi.retention(30, 'retention')).toBe(0);
    await db.sessions.update('s1', {
      review: { decision: 'rejected', reviewer: 'Rita', at: Date.now() - 31 * 86_400_000, note: null },
    });
    expect(await reviewApi.retention(30, 'retention')).toBe(1);
    expect(await db.sessions.get('s1')).toBeUndefined();
    expect(await db.reviews.get('s1')).toBeUndefined();
    expect(await db.sessions.get('s3')).toBeDefined();
  });
});
