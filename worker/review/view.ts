/**
 * What the review page shows of a session, built from the same `shippableSession` export reads
 * through: trajectories (without the heavy observations, which the page asks for per step), where
 * every placeholder occurs, what redaction does not cover, and what Undo would revert.
 */
import { readSession, type StoredSession } from '../../shared/read-session';
import type { PlaceholderUse, ReviewStats, SessionView, TrajectoryView } from '../../shared/review';
import type { Trajectory } from '../../shared/trajectory';
import { createRedactor } from '../redact/index';
import { saveReviewStats } from '../store/review-stats';
import type { RecorderDb } from '../store/schema';
import { lastUndo } from '../store/undo';
import { segmentSession } from '../trajectory/index';
import { applyOverlay } from './overlay';
import { type ShippableSession, shippableSession } from './shippable';

const PLACEHOLDER = /\[[A-Z][A-Z0-9_]{0,39}:[0-9A-Za-z]{6}\]/g;

// The list of what detection misses is the redactor's own; any key gives the same list.
const NOT_COVERED = createRedactor({ key: new Uint8Array(32) }).report().notCovered;

export interface BuiltView {
  view: SessionView;
  shippable: ShippableSession;
}

export async function buildView(db: RecorderDb, sessionId: string): Promise<BuiltView> {
  const shippable = await shippableSession(db, sessionId, { requireApproved: false });
  const [undo, key] = await Promise.all([lastUndo(db, sessionId), db.keys.get(sessionId)]);
  const uses = new Map<string, PlaceholderUse>();
  for (const text of storedTexts(shippable.stored)) {
    for (const m of text.matchAll(PLACEHOLDER)) {
      const u = uses.get(m[0]) ?? { placeholder: m[0], type: typeOf(m[0]), count: 0, steps: [] };
      u.count++;
      uses.set(m[0], u);
    }
  }
  const trajectories: TrajectoryView[] = shippable.trajectories.map((t) => ({
    id: t.id,
    index: t.index,
    anchor: t.startedAt,
    intent: t.intent,
    intentSource: t.intentSource,
    outcome: t.outcome,
    boundary: t.boundary,
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    refinements: t.refinements.length,
    steps: t.steps.map((s) => {
      const found = [...new Set(JSON.stringify(s).match(PLACEHOLDER) ?? [])];
      for (const p of found) {
        const u = uses.get(p) ?? { placeholder: p, type: typeOf(p), count: 0, steps: [] };
        u.steps.push([t.index, s.index]);
        uses.set(p, u);
      }
      return {
        index: s.index,
        action: s.action,
        target: s.target,
        friction: s.friction,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        tabId: s.tabId,
        inFrame: s.events.some((r) => r.stream.startsWith('frame:')),
        placeholders: found,
      };
    }),
  }));
  await saveReviewStats(db, sessionId, statsOf(shippable.session.eventCount, shippable.trajectories));
  return {
    shippable,
    view: {
      sessionId,
      trajectories,
      placeholders: [...uses.values()].sort((a, b) => a.type.localeCompare(b.type) || b.count - a.count),
      notCovered: NOT_COVERED,
      undo: undo ? { label: undo.label, at: undo.at, actor: undo.actor } : null,
      canRedact: key !== undefined,
    },
  };
}

/** Step and trajectory counts for the list; cheap (no observations) and cached until events change. */
export async function listStats(db: RecorderDb, ids: string[]): Promise<Record<string, ReviewStats>> {
  const out: Record<string, ReviewStats> = {};
  for (const id of ids) {
    const [session, review] = await Promise.all([db.sessions.get(id), db.reviews.get(id)]);
    if (!session) continue;
    if (review?.stats && review.stats.eventCount === session.eventCount) {
      out[id] = review.stats;
      continue;
    }
    const stored = await readSession(db, id);
    const segmented = segmentSession({
      sessionId: id,
      stored,
      options: { observations: false },
    }).trajectories;
    const stats = statsOf(session.eventCount, applyOverlay(id, segmented, review?.edits ?? []));
    if (session.status !== 'recording') await saveReviewStats(db, id, stats);
    out[id] = stats;
  }
  return out;
}

function statsOf(eventCount: number, trajectories: Trajectory[]): ReviewStats {
  return {
    eventCount,
    trajectories: trajectories.length,
    steps: trajectories.reduce((n, t) => n + t.steps.length, 0),
    title: trajectories.find((t) => t.intent)?.intent ?? null,
  };
}

function* storedTexts(stored: StoredSession): Generator<string> {
  for (const t of stored.tabs) yield JSON.stringify(t.events);
  for (const f of stored.frames.values()) yield JSON.stringify(f);
  yield JSON.stringify(stored.sessionEvents);
}

function typeOf(placeholder: string): string {
  return placeholder.slice(1, placeholder.indexOf(':'));
}
