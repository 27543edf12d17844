/**
 * Applies the reviewer's edits (intent, outcome, split, merge) to freshly segmented trajectories.
 * Pure: the same segmentation and edits always give the same trajectories, which is what lets
 * preview and export agree without storing trajectories.
 *
 * Decisions:
 * - A reviewer's edit counts as explicit: an edited intent gets `intentSource: 'marker'`, and a
 *   reviewer's split is a `marker` boundary (the schema has no separate reviewer reason).
 * - A split keeps the original outcome and task id on the part holding the end; the first part's
 *   outcome becomes `unknown`. A merge keeps the first intent (else the second's) and the second
 *   outcome.
 * - Edits whose anchor no longer resolves (everything they named was deleted) are skipped.
 */
import type { ReviewEdit } from '../../shared/review';
import type { Refinement, Step, Trajectory } from '../../shared/trajectory';

export function resolveAnchor(list: readonly Trajectory[], anchor: number): number {
  const exact = list.findIndex((t) => t.startedAt === anchor);
  return exact >= 0 ? exact : list.findIndex((t) => t.endedAt >= anchor);
}

export function applyOverlay(
  sessionId: string,
  input: Trajectory[],
  edits: readonly ReviewEdit[],
): Trajectory[] {
  if (edits.length === 0) return input;
  // Remember which step each refinement belongs to, by identity, before steps move around.
  const refs: { r: Refinement; step: Step | null }[] = [];
  for (const t of input) {
    for (const r of t.refinements)
      refs.push({ r, step: r.stepIndex === null ? null : (t.steps[r.stepIndex] ?? null) });
  }
  let list = input.map((t) => ({ ...t, steps: [...t.steps] }));
  for (const e of edits) {
    const i = resolveAnchor(list, e.anchor);
    const t = list[i];
    if (!t) continue;
    switch (e.op) {
      case 'intent':
        list[i] = { ...t, intent: e.text.trim() === '' ? null : e.text, intentSource: 'marker' };
        break;
      case 'outcome':
        list[i] = { ...t, outcome: e.outcome };
        break;
      case 'split': {
        const k = t.steps.findIndex((s) => s.startedAt >= e.at);
        if (k <= 0) break; // nothing before or nothing after: no split
        const head: Trajectory = {
          ...t,
          steps: t.steps.slice(0, k),
          endedAt: t.steps[k - 1]!.endedAt,
          outcome: 'unknown',
          taskId: null,
          boundary: { start: t.boundary.start, end: 'marker' },
        };
        const tail: Trajectory = {
          ...t,
          steps: t.steps.slice(k),
          startedAt: t.steps[k]!.startedAt,
          boundary: { start: 'marker', end: t.boundary.end },
        };
        list = [...list.slice(0, i), head, tail, ...list.slice(i + 1)];
        break;
      }
      case 'merge': {
        const next = list[i + 1];
        if (!next) break;
        const merged: Trajectory = {
          ...t,
          intent: t.intent ?? next.intent,
          intentSource: t.intent !== null ? t.intentSource : next.intentSource,
          taskId: t.taskId ?? next.taskId,
          outcome: next.outcome,
          boundary: { start: t.boundary.start, end: next.boundary.end },
          startedAt: Math.min(t.startedAt, next.startedAt),
          endedAt: Math.max(t.endedAt, next.endedAt),
          steps: [...t.steps, ...next.steps],
        };
        list = [...list.slice(0, i), merged, ...list.slice(i + 2)];
        break;
      }
    }
  }
  return renumber(sessionId, list, refs);
}

function renumber(
  sessionId: string,
  list: Trajectory[],
  refs: { r: Refinement; step: Step | null }[],
): Trajectory[] {
  const home = new Map<Step, { t: Trajectory; index: number }>();
  const out = list.map((t, ti) => {
    const steps = t.steps.map((s, si) => {
      const prev = t.steps[si - 1];
      const thinkTimeMs = prev ? (s.friction.thinkTimeMs ?? Math.max(0, s.startedAt - prev.endedAt)) : null;
      return { ...s, index: si, friction: { ...s.friction, thinkTimeMs } };
    });
    const next: Trajectory = { ...t, id: `${sessionId}:t${ti}`, index: ti, steps, refinements: [] };
    t.steps.forEach((s, si) => {
      home.set(s, { t: next, index: si });
    });
    return next;
  });
  for (const { r, step } of refs) {
    const place = step ? home.get(step) : undefined;
    const t = place?.t ?? out[resolveAnchor(out, r.at)];
    if (!t) continue;
    t.refinements.push({
      ...r,
      trajectoryId: t.id,
      stepIndex: place ? place.index : null,
      context: { ...r.context, intent: t.intent },
    });
  }
  return out;
}
