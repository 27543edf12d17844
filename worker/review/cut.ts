/**
 * Deleting steps or a time range from a session: the events go from the stored chunks (not just
 * hidden), and where a page continues after the cut, a snapshot of it is written where the cut
 * was (stored with the first event after it) so the replay and the trajectories after it stay right.
 *
 * Decisions:
 * - Task markers (`rec/task`) stay: they are structure, not content, and removing one would
 *   silently merge tasks. The reviewer merges or splits trajectories explicitly instead.
 * - A step's window is, per stream it came from, the time from its first to its last event; a
 *   time range applies to every stream of the session.
 */

import type { eventWithTime } from '@rrweb/types';
import type { ChunkRow } from '../../shared/db';
import { EventType } from '../../shared/events';
import type { StoredSession } from '../../shared/read-session';
import type { Step } from '../../shared/trajectory';
import { commitChange, type LoadedStream, loadStreams, rewriteChunk } from '../store/review-changes';
import type { RecorderDb } from '../store/schema';
import { changesPage, SnapshotMirror } from './cut-snapshot';

export interface Window {
  from: number;
  to: number;
}

export interface CutResult {
  /** Events per chunk after the cut (same order as given). */
  chunks: eventWithTime[][];
  removed: number;
  /** Snapshot events written at the cut. */
  added: number;
}

function isTaskMarker(e: eventWithTime): boolean {
  return e.type === EventType.Custom && (e.data as { tag?: unknown }).tag === 'rec/task';
}

/** Cuts a window out of one stream's chunks (in seq order). Pure. */
export function cutStream(chunks: eventWithTime[][], w: Window): CutResult {
  const mirror = new SnapshotMirror();
  let removed = 0;
  let added = 0;
  let pageChanged = false;
  const out = chunks.map((events) => {
    const kept: eventWithTime[] = [];
    for (const e of events) {
      if (e.timestamp >= w.from && e.timestamp <= w.to && !isTaskMarker(e)) {
        mirror.apply(e); // the page after the cut is the page as it really was
        removed++;
        if (changesPage(e)) pageChanged = true;
        continue;
      }
      if (pageChanged && e.type !== EventType.Meta && e.type !== EventType.FullSnapshot) {
        // Timed at the start of the cut: from there on the replay shows the page as it was after it.
        const snapshot = mirror.snapshotEvents(w.from);
        kept.push(...snapshot);
        added += snapshot.length;
      }
      pageChanged = false;
      mirror.apply(e);
      kept.push(e);
    }
    return kept;
  });
  return { chunks: out, removed, added };
}

/** The window of each stored stream a step's events came from. */
export function stepWindows(step: Step, stored: StoredSession, streams: LoadedStream[]): Map<string, Window> {
  const out = new Map<string, Window>();
  const widen = (streamId: string, from: number, to: number) => {
    const w = out.get(streamId);
    out.set(streamId, w ? { from: Math.min(w.from, from), to: Math.max(w.to, to) } : { from, to });
  };
  for (const r of step.events) {
    let events: eventWithTime[] | undefined;
    let ids: string[];
    if (r.stream === 'session') {
      events = stored.sessionEvents;
      ids = streams.filter((s) => s.stream.tabId < 0).map((s) => s.stream.streamId);
    } else if (r.stream.startsWith('tab:')) {
      const tabId = Number(r.stream.slice(4));
      events = stored.tabs.find((t) => t.tabId === tabId)?.events;
      ids = streams
        .filter((s) => s.stream.tabId === tabId && s.stream.frameId === 0)
        .map((s) => s.stream.streamId);
    } else {
      const id = r.stream.slice('frame:'.length);
      events = stored.frames.get(id);
      ids = [id];
    }
    const first = events?.[r.from];
    const last = events?.[r.to];
    if (!first || !last) continue;
    for (const id of ids) widen(id, first.timestamp, last.timestamp);
  }
  return out;
}

/** Cuts the given windows out of the session's stored streams and commits it as one change. */
export async function deleteWindows(
  db: RecorderDb,
  sessionId: string,
  windows: Map<string, Window> | Window,
  actor: string,
  label: string,
  loaded?: LoadedStream[],
): Promise<{ removed: number }> {
  const streams = loaded ?? (await loadStreams(db, sessionId));
  const changes: { before: ChunkRow; after: ChunkRow }[] = [];
  let removed = 0;
  for (const s of streams) {
    const w = windows instanceof Map ? windows.get(s.stream.streamId) : windows;
    if (!w) continue;
    const cut = cutStream(
      s.chunks.map((c) => c.events),
      w,
    );
    if (cut.removed === 0) continue;
    removed += cut.removed;
    s.chunks.forEach((c, i) => {
      const events = cut.chunks[i]!;
      if (events.length !== c.events.length || JSON.stringify(events) !== c.json) {
        changes.push({ before: c.row, after: rewriteChunk(c.row, events) });
      }
    });
  }
  if (removed === 0) return { removed };
  await commitChange(db, {
    sessionId,
    actor,
    label,
    chunks: changes,
    audit: { kind: 'events-deleted', label, removed },
  });
  return { removed };
}
