/**
 * Segmentation: a stored session -> trajectories of steps (action, target, observation, friction)
 * and refinements. Pure and deterministic: no clock, no randomness; ids derive from the session id
 * and positions.
 *
 * Decisions:
 * - One pass over all streams merged by timestamp (tabs, cross-origin frames, session events; ties
 *   keep stream order), each page's mirror updated incrementally; an observation is serialized
 *   only when an action starts. Cost: O(events + what the events change + steps x the path to the
 *   target): serializers cache per element between steps (view.ts), and a step's observation
 *   shares the unchanged parts of the page with the previous ones.
 * - `EventRange.stream` names the stored stream: `tab:<tabId>` indexes that tab's `events` as
 *   `readSession` returns them, `frame:<streamId>` the frame stream, `session` the session events.
 * - Step indexes restart at 0 in each trajectory; trajectory ids are `<sessionId>:t<n>` in time order.
 */
import type { eventWithTime, incrementalData, mutationData } from '@rrweb/types';
import { type CustomPayloads, EventType, Source as IncrementalSource } from '../../shared/events';
import type { StoredSession } from '../../shared/read-session';
import { type Refinement, SCHEMA_VERSION, type Step, type Trajectory } from '../../shared/trajectory';
import { applyDraftLayout } from './actions/drafts';
import { Segmenter } from './actions/segmenter';
import type { Draft, EventRef } from './actions/state';
import { type Group, groupSteps, type TaskMarker } from './boundaries';
import { frictionOf } from './friction';
import { toObservation } from './observe';
import { Page, Pages } from './pages';
import { refinementsOf, type StepPlace } from './refinements';

export interface SegmentOptions {
  /** Idle gap that ends a heuristic trajectory (ms). Default 5 minutes. */
  idleMs?: number;
  /** Serialize observations (cleaned HTML, accessibility text). Default true. */
  observations?: boolean;
}

export interface SegmentInput {
  sessionId: string;
  stored: StoredSession;
  options?: SegmentOptions;
}

export interface SegmentResult {
  trajectories: Trajectory[];
  refinements: Refinement[];
}

interface Source {
  stream: string;
  events: eventWithTime[];
  page: Page | null;
}

const CAPTURE_TAGS = new Set(['rec/layout', 'rec/keystroke', 'rec/focus']);

export function segmentSession(input: SegmentInput): SegmentResult {
  const { sessionId, stored } = input;
  const idleMs = input.options?.idleMs ?? 5 * 60_000;
  const observations = input.options?.observations ?? true;
  const pages = new Pages();
  const sources = sourcesOf(stored, pages);
  const hasNavEvents = stored.sessionEvents.some((e) => customTag(e) === 'rec/navigation');
  const segmenter = new Segmenter(pages, { observations }, hasNavEvents);
  const markers: TaskMarker[] = [];
  replay(sources, pages, segmenter, markers);
  const drafts = segmenter.finish().sort((a, b) => a.startedAt - b.startedAt || a.seq - b.seq);
  return trajectoriesOf(sessionId, groupSteps(drafts, markers, idleMs));
}

/** One source per stored stream (tabs, frame streams by id, then session events), each with its page. */
function sourcesOf(stored: StoredSession, pages: Pages): Source[] {
  const sources: Source[] = [];
  for (const tab of stored.tabs) {
    const page = new Page(`tab:${tab.tabId}`, tab.tabId, false);
    pages.tabs.set(tab.tabId, page);
    sources.push({ stream: page.stream, events: tab.events, page });
  }
  for (const [streamId, events] of [...stored.frames].sort(([a], [b]) => a.localeCompare(b))) {
    const page = new Page(`frame:${streamId}`, null, true);
    pages.frames.set(streamId, page);
    sources.push({ stream: page.stream, events, page });
  }
  sources.push({ stream: 'session', events: stored.sessionEvents, page: null });
  for (const s of sources) if (s.page) s.page.hasCapture = s.events.some(isCaptureEvent);
  return sources;
}

/** Every event of every source, merged by timestamp (ties keep source order), to the segmenter. */
function replay(sources: Source[], pages: Pages, segmenter: Segmenter, markers: TaskMarker[]): void {
  const heads = sources.map(() => 0);
  for (;;) {
    let pick = -1;
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < sources.length; i++) {
      const e = sources[i]!.events[heads[i]!];
      if (e && e.timestamp < best) {
        best = e.timestamp;
        pick = i;
      }
    }
    if (pick < 0) break;
    const source = sources[pick]!;
    const index = heads[pick]!;
    heads[pick] = index + 1;
    const event = source.events[index]!;
    const ref: EventRef = { stream: source.stream, index };
    if (source.page) applyPageEvent(source.page, event, ref, pages, segmenter);
    else applySessionEvent(event, ref, segmenter, markers);
  }
}

/** Trajectories of the groups, then their refinements (which may point at any trajectory's steps). */
function trajectoriesOf(sessionId: string, groups: Group[]): SegmentResult {
  const trajectories: Trajectory[] = [];
  const places = new Map<Draft, StepPlace>();
  groups.forEach((g, ti) => {
    const id = `${sessionId}:t${ti}`;
    const steps = g.drafts.map((d, i) => toStep(d, i, g.drafts[i - 1] ?? null));
    const trajectory: Trajectory = {
      schemaVersion: SCHEMA_VERSION,
      id,
      sessionId,
      index: ti,
      intent: g.intent,
      intentSource: g.source,
      taskId: g.taskId,
      outcome: g.outcome,
      boundary: { start: g.start, end: g.end },
      startedAt: g.startedAt,
      endedAt: g.endedAt,
      steps,
      refinements: [],
    };
    g.drafts.forEach((d, i) => {
      places.set(d, { trajectory, step: steps[i]! });
    });
    trajectories.push(trajectory);
  });
  const refinements: Refinement[] = [];
  groups.forEach((g, ti) => {
    const trajectory = trajectories[ti]!;
    trajectory.refinements = refinementsOf(trajectory, g.drafts, (d) => places.get(d));
    refinements.push(...trajectory.refinements);
  });
  return { trajectories, refinements };
}

function toStep(d: Draft, index: number, previous: Draft | null): Step {
  applyDraftLayout(d);
  const uid = d.target?.uid ?? null;
  const present = uid !== null && d.capture.uids.has(uid);
  const candidates = (d.layout?.candidates ?? [])
    .map((c) => ({ uid: `${d.pageKey}n${c.id}`, bbox: { ...c.box } }))
    .filter((c) => d.capture.uids.has(c.uid));
  return {
    index,
    action: d.action,
    target: d.target,
    observation: toObservation(d.capture, present ? uid : null, candidates),
    friction: frictionOf(d, previous),
    startedAt: d.startedAt,
    endedAt: d.endedAt,
    tabId: d.tabId,
    events: [...d.refs.values()].sort((a, b) => a.stream.localeCompare(b.stream)),
  };
}

function applyPageEvent(page: Page, e: eventWithTime, ref: EventRef, pages: Pages, seg: Segmenter): void {
  const t = e.timestamp;
  page.lastEventAt = t;
  switch (e.type) {
    case EventType.Meta:
      seg.onPageLoad(page, e.data.href, t, ref);
      page.url = e.data.href;
      page.viewport = { width: e.data.width, height: e.data.height };
      return;
    case EventType.FullSnapshot:
      seg.beforeSnapshot(page);
      page.mirror.loadSnapshot(e.data.node);
      page.key = pages.nextKey();
      page.scrolls.clear();
      page.scrolls.set(e.data.node.id, { x: e.data.initialOffset.left, y: e.data.initialOffset.top });
      return;
    case EventType.IncrementalSnapshot:
      applyIncremental(page, e.data, t, ref, seg);
      return;
    case EventType.Custom: {
      const tag = customTag(e);
      if (tag === 'rec/layout' || tag === 'rec/keystroke' || tag === 'rec/focus' || tag === 'rec/clipboard') {
        seg.onCustom(page, tag, (e.data as { payload: CustomPayloads[typeof tag] }).payload, t, ref);
      }
      return;
    }
    default:
      return;
  }
}

function applyIncremental(page: Page, data: incrementalData, t: number, ref: EventRef, seg: Segmenter): void {
  switch (data.source) {
    case IncrementalSource.Mutation:
      if (!page.mirror.root) return;
      page.mirror.applyMutation(data);
      seg.afterMutation(page, touchedIds(data), t, ref);
      return;
    case IncrementalSource.MouseInteraction:
      seg.onMouse(page, data.type, data.id, data.x ?? null, data.y ?? null, t, ref);
      return;
    case IncrementalSource.Scroll:
      seg.onScroll(page, data.id, data.x, data.y, t, ref);
      return;
    case IncrementalSource.ViewportResize:
      page.viewport = { width: data.width, height: data.height };
      return;
    case IncrementalSource.Input: {
      // The action sees the value before it lands in the mirror
      const user = data.userTriggered !== false;
      seg.onInput(page, data.id, data.text, data.isChecked, user, t, ref);
      page.mirror.applyInput(data.id, data.text, data.isChecked);
      seg.afterInput(page, data.id, user);
      return;
    }
    default:
      return;
  }
}

function applySessionEvent(e: eventWithTime, ref: EventRef, seg: Segmenter, markers: TaskMarker[]): void {
  const tag = customTag(e);
  const payload = (e.data as { payload?: unknown }).payload;
  if (tag === 'rec/tab') seg.onTab(payload as CustomPayloads['rec/tab'], e.timestamp, ref);
  else if (tag === 'rec/navigation')
    seg.onNavigation(payload as CustomPayloads['rec/navigation'], e.timestamp, ref);
  else if (tag === 'rec/task') {
    const p = payload as CustomPayloads['rec/task'];
    markers.push(
      p.op === 'start'
        ? { op: 'start', taskId: p.taskId, intent: p.intent, at: e.timestamp }
        : { op: 'end', taskId: p.taskId, outcome: p.outcome, at: e.timestamp },
    );
  }
}

function touchedIds(m: mutationData): number[] {
  const ids: number[] = [];
  for (const a of m.adds) ids.push(a.parentId);
  for (const r of m.removes) ids.push(r.parentId);
  for (const t of m.texts) ids.push(t.id);
  for (const a of m.attributes) ids.push(a.id);
  return ids;
}

function customTag(e: eventWithTime): string | null {
  if (e.type !== EventType.Custom) return null;
  const tag = (e.data as { tag?: unknown }).tag;
  return typeof tag === 'string' ? tag : null;
}

function isCaptureEvent(e: eventWithTime): boolean {
  const tag = customTag(e);
  return tag !== null && CAPTURE_TAGS.has(tag);
}
