/**
 * Where trajectories start and end.
 *
 * Decisions:
 * - Task markers win: every step between a `rec/task` start and its end belongs to that task
 *   (intent from the marker, outcome from the end marker, `unknown` if the session ended first). A
 *   marked task with no steps is still a trajectory: the reviewer should see it.
 * - Outside markers, heuristics split (`intentSource: 'heuristic'`, intent null): idle longer than
 *   `idleMs` (default 5 min) between steps, a change of origin (a step's origin is its page's, or
 *   for navigate/tab_switch the destination's), and after a step that submitted a form and then
 *   navigated. Heuristic outcome: `done` when it ended with submit + navigation, `abandoned` when it
 *   ended on typing never submitted and idle or another origin followed, else `unknown`.
 */
import type { BoundaryReason } from '../../shared/trajectory';
import type { Draft } from './actions/state';

export interface TaskMarker {
  op: 'start' | 'end';
  taskId: string;
  intent?: string;
  outcome?: 'done' | 'abandoned';
  at: number;
}

export interface Group {
  drafts: Draft[];
  intent: string | null;
  taskId: string | null;
  source: 'marker' | 'heuristic';
  outcome: 'done' | 'abandoned' | 'unknown';
  start: BoundaryReason;
  end: BoundaryReason;
  startedAt: number;
  endedAt: number;
}

interface Interval {
  taskId: string;
  intent: string;
  from: number;
  to: number;
  outcome: 'done' | 'abandoned' | 'unknown';
  ended: boolean;
}

export function groupSteps(drafts: Draft[], markers: TaskMarker[], idleMs: number): Group[] {
  const intervals = taskIntervals(markers);
  const groups: Group[] = [];
  let heuristic: Group | null = null;
  let lastReason: BoundaryReason = 'session_start';
  const byTask = new Map<Interval, Group>();

  const closeHeuristic = (end: BoundaryReason) => {
    if (!heuristic) return;
    heuristic.end = end;
    heuristic.outcome = heuristicOutcome(heuristic, end);
    heuristic = null;
  };

  let k = 0; // next interval not yet opened
  for (const d of drafts) {
    while (k < intervals.length && intervals[k]!.from <= d.startedAt) {
      const iv = intervals[k++]!;
      closeHeuristic('marker');
      const g = markedGroup(iv);
      byTask.set(iv, g);
      groups.push(g);
      lastReason = 'marker';
    }
    const iv = intervals.find((i) => i.from <= d.startedAt && d.startedAt <= i.to);
    if (iv) {
      const g = byTask.get(iv)!;
      g.drafts.push(d);
      continue;
    }
    if (heuristic) {
      const prev = heuristic.drafts[heuristic.drafts.length - 1]!;
      const reason = splitReason(prev, d, idleMs);
      if (reason) {
        closeHeuristic(reason);
        lastReason = reason;
      }
    }
    if (!heuristic) {
      heuristic = {
        drafts: [],
        intent: null,
        taskId: null,
        source: 'heuristic',
        outcome: 'unknown',
        start: lastReason,
        end: 'session_end',
        startedAt: d.startedAt,
        endedAt: d.endedAt,
      };
      groups.push(heuristic);
    }
    heuristic.drafts.push(d);
  }
  closeHeuristic('session_end');
  while (k < intervals.length) {
    const iv = intervals[k++]!;
    groups.push(markedGroup(iv));
  }
  for (const g of groups) {
    const first = g.drafts[0];
    const last = g.drafts[g.drafts.length - 1];
    if (g.source === 'heuristic' && first && last) {
      g.startedAt = first.startedAt;
      g.endedAt = last.endedAt;
    } else if (last && last.endedAt > g.endedAt) g.endedAt = last.endedAt;
  }
  return groups.sort((a, b) => a.startedAt - b.startedAt);
}

function markedGroup(iv: Interval): Group {
  return {
    drafts: [],
    intent: iv.intent,
    taskId: iv.taskId,
    source: 'marker',
    outcome: iv.outcome,
    start: 'marker',
    end: iv.ended ? 'marker' : 'session_end',
    startedAt: iv.from,
    endedAt: Number.isFinite(iv.to) ? iv.to : iv.from,
  };
}

function taskIntervals(markers: TaskMarker[]): Interval[] {
  const out: Interval[] = [];
  let open: Interval | null = null;
  for (const m of [...markers].sort((a, b) => a.at - b.at)) {
    if (m.op === 'start') {
      if (open) {
        open.to = m.at;
        open.ended = true;
      }
      open = {
        taskId: m.taskId,
        intent: m.intent ?? '',
        from: m.at,
        to: Number.POSITIVE_INFINITY,
        outcome: 'unknown',
        ended: false,
      };
      out.push(open);
    } else if (open && open.taskId === m.taskId) {
      open.to = m.at;
      open.outcome = m.outcome ?? 'unknown';
      open.ended = true;
      open = null;
    }
  }
  return out;
}

function splitReason(prev: Draft, next: Draft, idleMs: number): BoundaryReason | null {
  if (prev.submitNavigation) return 'submit_navigation';
  if (next.startedAt - prev.endedAt > idleMs) return 'idle';
  const a = originOf(prev);
  const b = originOf(next);
  if (a && b && a !== b) return 'origin_change';
  return null;
}

export function originOf(d: Draft): string | null {
  const a = d.action;
  const url = a.type === 'navigate' || a.type === 'tab_switch' ? a.url : d.capture.url;
  if (!url) return null;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  return m ? m[0].toLowerCase() : null;
}

function heuristicOutcome(g: Group, end: BoundaryReason): Group['outcome'] {
  const last = g.drafts[g.drafts.length - 1];
  if (!last) return 'unknown';
  if (end === 'submit_navigation' || last.submitNavigation) return 'done';
  if (
    last.action.type === 'type' &&
    last.action.commit !== 'enter' &&
    (end === 'idle' || end === 'origin_change')
  )
    return 'abandoned';
  return 'unknown';
}
