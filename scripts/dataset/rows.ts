/**
 * Trajectories to dataset rows (the shapes of columns.ts) and back. `fromRows` is the inverse of
 * `toRows`: the round-trip tests and the bench read the Parquet with two readers and compare what
 * `fromRows` rebuilds with the bundles' trajectories.jsonl.
 */
import type { Action, Refinement, Step, Target, Trajectory } from '../../shared/trajectory';
import type { STEP_COLUMNS, TRAJECTORY_COLUMNS } from './columns';

type RowOf<C> = { [K in keyof C]: unknown };
export type StepRow = RowOf<typeof STEP_COLUMNS>;
export type TrajectoryRow = RowOf<typeof TRAJECTORY_COLUMNS>;

/** What a row carries besides its trajectory: where the session came from. */
export interface Provenance {
  contributorId: string;
  bundleSha256: string;
  origins: string[];
  consentVersion: string;
  consentAcceptedAt: number;
  approvedAt: number;
  exportedAt: number;
}

function actionValue(a: Action): string | null {
  switch (a.type) {
    case 'type':
    case 'select':
    case 'paste':
      return a.value;
    case 'keypress':
      return a.combo;
    default:
      return null;
  }
}

function actionUrl(a: Action): string | null {
  if (a.type === 'navigate') return a.url;
  if (a.type === 'tab_switch') return a.url;
  return a.effects?.navigation?.url ?? null;
}

function actionXY(a: Action): [number | null, number | null] {
  if (a.type === 'click' || a.type === 'dblclick' || a.type === 'scroll') return [a.x, a.y];
  return [null, null];
}

function targetRow(t: Target | null): unknown {
  if (!t) return null;
  return { ...t, attributes: Object.entries(t.attributes).map(([name, value]) => ({ name, value })) };
}

export function stepRow(t: Trajectory, s: Step, p: Provenance): StepRow {
  const [x, y] = actionXY(s.action);
  const { html, axtree, url, title, ...observation } = s.observation;
  return {
    session_id: t.sessionId,
    trajectory_id: t.id,
    trajectory_index: t.index,
    step_index: s.index,
    contributor_id: p.contributorId,
    bundle_sha256: p.bundleSha256,
    action_type: s.action.type,
    action_value: actionValue(s.action),
    action_url: actionUrl(s.action),
    action_x: x,
    action_y: y,
    action: JSON.stringify(s.action),
    target: targetRow(s.target),
    url,
    title,
    html,
    axtree,
    observation,
    friction: s.friction,
    tab_id: s.tabId,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    events: s.events,
  };
}

export function trajectoryRow(t: Trajectory, p: Provenance): TrajectoryRow {
  return {
    trajectory_id: t.id,
    session_id: t.sessionId,
    trajectory_index: t.index,
    contributor_id: p.contributorId,
    bundle_sha256: p.bundleSha256,
    schema_version: t.schemaVersion,
    intent: t.intent,
    intent_source: t.intentSource,
    task_id: t.taskId,
    outcome: t.outcome,
    boundary_start: t.boundary.start,
    boundary_end: t.boundary.end,
    started_at: t.startedAt,
    ended_at: t.endedAt,
    step_count: t.steps.length,
    refinements: JSON.stringify(t.refinements),
    origins: p.origins,
    consent_version: p.consentVersion,
    consent_accepted_at: p.consentAcceptedAt,
    approved_at: p.approvedAt,
    exported_at: p.exportedAt,
  };
}

/**
 * Readers differ in how they hand back Parquet values: 64-bit integers as bigint, a missing value as
 * null or undefined. This makes both plain JSON values.
 */
export function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

const str = (v: unknown) => v as string;
const num = (v: unknown) => v as number;

function targetOf(v: unknown): Target | null {
  if (v === null) return null;
  const t = v as Target & { attributes: { name: string; value: string }[] };
  return { ...t, attributes: Object.fromEntries(t.attributes.map((a) => [a.name, a.value])) };
}

/** Rebuilds trajectories (ordered by session, index) from rows read back and made `plain`. */
export function fromRows(
  trajectoryRows: Record<string, unknown>[],
  stepRows: Record<string, unknown>[],
): Trajectory[] {
  const steps = new Map<string, Step[]>();
  for (const r of stepRows) {
    const obs = r.observation as Omit<Step['observation'], 'html' | 'axtree' | 'url' | 'title'>;
    const step: Step = {
      index: num(r.step_index),
      action: JSON.parse(str(r.action)) as Action,
      target: targetOf(r.target),
      observation: {
        url: r.url as string | null,
        title: r.title as string | null,
        html: str(r.html),
        axtree: str(r.axtree),
        ...obs,
      },
      friction: r.friction as Step['friction'],
      startedAt: num(r.started_at),
      endedAt: num(r.ended_at),
      tabId: r.tab_id as number | null,
      events: r.events as Step['events'],
    };
    const id = str(r.trajectory_id);
    const list = steps.get(id) ?? [];
    list.push(step);
    steps.set(id, list);
  }
  return trajectoryRows
    .map(
      (r): Trajectory => ({
        schemaVersion: str(r.schema_version),
        id: str(r.trajectory_id),
        sessionId: str(r.session_id),
        index: num(r.trajectory_index),
        intent: r.intent as string | null,
        intentSource: r.intent_source as Trajectory['intentSource'],
        taskId: r.task_id as string | null,
        outcome: r.outcome as Trajectory['outcome'],
        boundary: {
          start: r.boundary_start as Trajectory['boundary']['start'],
          end: r.boundary_end as Trajectory['boundary']['end'],
        },
        startedAt: num(r.started_at),
        endedAt: num(r.ended_at),
        steps: (steps.get(str(r.trajectory_id)) ?? []).sort((a, b) => a.index - b.index),
        refinements: JSON.parse(str(r.refinements)) as Refinement[],
      }),
    )
    .sort((a, b) => a.sessionId.localeCompare(b.sessionId) || a.index - b.index);
}
