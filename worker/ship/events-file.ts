/**
 * `events/<session>.json`: a session's stored, redacted rrweb events, so a bundle can be replayed
 * (each tab's `events` play in @rrweb/replay) and imported.
 *
 * Written piecewise (a long session is hundreds of MB of JSON; one JSON.stringify of it all would
 * need that much again as one string), read whole and checked shape by shape.
 */
import type { eventWithTime } from '@rrweb/types';
import * as v from 'valibot';
import type { StreamRow } from '../../shared/db';
import type { StoredSession } from '../../shared/read-session';
import { EVENTS_FORMAT, EVENTS_VERSION } from './format';

export interface EventsFile {
  format: typeof EVENTS_FORMAT;
  version: number;
  sessionId: string;
  tabs: { tabId: number; streams: StreamRow[]; events: eventWithTime[] }[];
  frames: { streamId: string; events: eventWithTime[] }[];
  sessionEvents: eventWithTime[];
}

const PIECE = 1 << 20;

/** Emits the file as text pieces of about 1 MB. */
export function writeEventsFile(
  sessionId: string,
  stored: StoredSession,
  emit: (piece: string) => void,
): void {
  let buf = '';
  const put = (s: string) => {
    buf += s;
    if (buf.length >= PIECE) {
      emit(buf);
      buf = '';
    }
  };
  const list = (events: eventWithTime[]) => {
    put('[');
    events.forEach((e, i) => {
      put(i === 0 ? JSON.stringify(e) : `,${JSON.stringify(e)}`);
    });
    put(']');
  };
  put(
    `{"format":${JSON.stringify(EVENTS_FORMAT)},"version":${EVENTS_VERSION},"sessionId":${JSON.stringify(sessionId)},"tabs":[`,
  );
  stored.tabs.forEach((t, i) => {
    put(`${i === 0 ? '' : ','}{"tabId":${t.tabId},"streams":${JSON.stringify(t.streams)},"events":`);
    list(t.events);
    put('}');
  });
  put('],"frames":[');
  [...stored.frames]
    .sort(([a], [b]) => a.localeCompare(b))
    .forEach(([streamId, events], i) => {
      put(`${i === 0 ? '' : ','}{"streamId":${JSON.stringify(streamId)},"events":`);
      list(events);
      put('}');
    });
  put('],"sessionEvents":');
  list(stored.sessionEvents);
  put('}');
  if (buf) emit(buf);
}

const EventSchema = v.looseObject({
  type: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7)),
  timestamp: v.pipe(v.number(), v.finite()),
  data: v.looseObject({}),
});
const StreamSchema = v.object({
  sessionId: v.string(),
  streamId: v.pipe(v.string(), v.maxLength(200)),
  tabId: v.pipe(v.number(), v.integer()),
  frameId: v.pipe(v.number(), v.integer()),
  url: v.string(),
  title: v.string(),
  startedAt: v.pipe(v.number(), v.finite()),
  lastSeq: v.pipe(v.number(), v.integer()),
});
const EventsFileSchema = v.object({
  format: v.literal(EVENTS_FORMAT),
  version: v.literal(EVENTS_VERSION),
  sessionId: v.string(),
  tabs: v.array(
    v.object({
      tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
      streams: v.array(StreamSchema),
      events: v.array(EventSchema),
    }),
  ),
  frames: v.array(v.object({ streamId: v.pipe(v.string(), v.maxLength(200)), events: v.array(EventSchema) })),
  sessionEvents: v.array(EventSchema),
});

/** Parses and checks an events file; throws an Error saying what is wrong. */
export function parseEventsFile(text: string): EventsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`is not JSON (${(e as Error).message})`);
  }
  const r = v.safeParse(EventsFileSchema, raw);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue?.path?.map((p) => String(p.key)).join('/') ?? '';
    throw new Error(`has an unexpected shape at /${path}: ${issue?.message ?? 'invalid'}`);
  }
  return r.output as unknown as EventsFile;
}

export function toStoredSession(f: EventsFile): StoredSession {
  return {
    tabs: f.tabs.map((t) => ({ tabId: t.tabId, streams: t.streams, events: t.events })),
    frames: new Map(f.frames.map((fr) => [fr.streamId, fr.events])),
    sessionEvents: f.sessionEvents,
  };
}
