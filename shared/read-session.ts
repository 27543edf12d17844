/**
 * Reads a session's stored (redacted) events back, the one way replay, segmentation and export all
 * read them, so what the reviewer replays is what ships.
 */
import type { eventWithTime } from '@rrweb/types';
import { decodeEvents } from './codec';
import type { RecorderDb, StreamRow } from './db';

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

export async function readSession(db: RecorderDb, sessionId: string): Promise<StoredSession> {
  const [streams, chunks] = await Promise.all([
    db.streams.where('sessionId').equals(sessionId).toArray(),
    db.chunks.where('sessionId').equals(sessionId).toArray(),
  ]);
  const byStream = new Map<string, eventWithTime[]>();
  chunks.sort((a, b) => a.streamId.localeCompare(b.streamId) || a.seq - b.seq);
  for (const c of chunks) {
    const list = byStream.get(c.streamId) ?? [];
    for (const e of decodeEvents(c.data)) list.push(e);
    byStream.set(c.streamId, list);
  }
  const tabs = new Map<number, TabRecording>();
  const frames = new Map<string, eventWithTime[]>();
  const sessionEvents: eventWithTime[] = [];
  for (const s of streams.sort((a, b) => a.startedAt - b.startedAt)) {
    const events = byStream.get(s.streamId) ?? [];
    if (s.tabId < 0) sessionEvents.push(...events);
    else if (s.frameId !== 0) frames.set(s.streamId, events);
    else {
      const tab = tabs.get(s.tabId) ?? { tabId: s.tabId, streams: [], events: [] };
      tab.streams.push(s);
      tab.events.push(...events);
      tabs.set(s.tabId, tab);
    }
  }
  for (const tab of tabs.values()) tab.events.sort((a, b) => a.timestamp - b.timestamp);
  sessionEvents.sort((a, b) => a.timestamp - b.timestamp);
  return { tabs: [...tabs.values()], frames, sessionEvents };
}
