/**
 * Reads a session's stored (redacted) events back, the one way replay, segmentation and export all
 * read them, so what the reviewer replays is what ships.
 */
import type { eventWithTime } from '@rrweb/types';
import { decodeEvents } from './codec';
import type { ReadView, StreamRow } from './db';

export interface TabRecording {
  tabId: number;
  streams: StreamRow[];
  /** Events of every page load of this tab's top frame, in time order (replayable with rrweb). */
  events: eventWithTime[];
}

export interface StoredSession {
  tabs: TabRecording[];
  /** Events of sub-frame streams (cross-origin iframes), by stream id. */
  frames: Map<string, eventWithTime[]>;
  /** Session-level events (tabs, navigation, task markers) in time order. */
  sessionEvents: eventWithTime[];
}

/** Reads through any connection: a page's read view, or a worker's store (which has the same tables). */
export async function readSession(
  db: Pick<ReadView, 'streams' | 'chunks'>,
  sessionId: string,
): Promise<StoredSession> {
  const [streams, chunks] = await Promise.all([
    db.streams.where('sessionId').equals(sessionId).toArray(),
    db.chunks.where('sessionId').equals(sessionId).toArray(),
  ]);
  return assembleSession(
    streams,
    chunks.map((c) => ({ streamId: c.streamId, seq: c.seq, events: decodeEvents(c.data) })),
  );
}

/** Groups decoded chunks into tabs, frames and session events (also used on exported or dumped data). */
export function assembleSession(
  streams: StreamRow[],
  chunks: { streamId: string; seq: number; events: eventWithTime[] }[],
): StoredSession {
  const byStream = new Map<string, eventWithTime[]>();
  const sorted = [...chunks].sort((a, b) => a.streamId.localeCompare(b.streamId) || a.seq - b.seq);
  for (const c of sorted) {
    const list = byStream.get(c.streamId) ?? [];
    for (const e of c.events) list.push(e);
    byStream.set(c.streamId, list);
  }
  const tabs = new Map<number, TabRecording>();
  const frames = new Map<string, eventWithTime[]>();
  const sessionEvents: eventWithTime[] = [];
  for (const s of [...streams].sort((a, b) => a.startedAt - b.startedAt)) {
    const events = byStream.get(s.streamId) ?? [];
    // Loops, not push(...events): a stream can hold more events than a worker's stack has room for arguments.
    if (s.tabId < 0) for (const e of events) sessionEvents.push(e);
    else if (s.frameId !== 0) frames.set(s.streamId, events);
    else {
      const tab = tabs.get(s.tabId) ?? { tabId: s.tabId, streams: [], events: [] };
      tab.streams.push(s);
      for (const e of events) tab.events.push(e);
      tabs.set(s.tabId, tab);
    }
  }
  for (const tab of tabs.values()) tab.events.sort((a, b) => a.timestamp - b.timestamp);
  sessionEvents.sort((a, b) => a.timestamp - b.timestamp);
  return { tabs: [...tabs.values()], frames, sessionEvents };
}
