/**
 * Imports a checked bundle (read-bundle.ts) as new sessions in review. Every string of every event
 * passes the redactor again, under a fresh per-session key, so a tampered bundle still cannot put
 * unredacted text on disk; everything is written in one transaction, so a bundle that fails
 * anywhere changes nothing.
 *
 * Decisions:
 * - New session ids (importing twice gives two sessions, not a merge); the bundle's sha256 and the
 *   original session id go into the audit log. A bundle already imported is refused.
 * - Sessions are re-segmented from their events on the review page; the bundle's trajectories are
 *   only validated. Reviewer edits of the exporting machine therefore do not carry over, and the
 *   session needs a new review (status `in_review`, no review decision).
 * - A tab's events are re-chunked into its original streams by start time; a cross-origin frame
 *   gets a stream with frameId 1 (readSession only needs frameId != 0); session events one `sw:` stream.
 * - A field's values are redacted together per page load (the recorder groups them per commit;
 *   grouping per page load masks at least as much).
 */

import type { eventWithTime } from '@rrweb/types';
import { encodeEvents } from '../../shared/codec';
import type { ChunkRow, KeyRow, SessionRow, StreamRow } from '../../shared/db';
import { EventType } from '../../shared/events';
import { FieldIndex } from '../events/field-index';
import { TypingGroups } from '../events/typing-groups';
import { redactEvent } from '../events/walker';
import { createRedactor, type Redactor } from '../redact/index';
import { type AuditLine, auditRow, importTag } from '../store/audit';
import { insertImported } from '../store/imported';
import { INITIAL } from '../store/lifecycle';
import type { RecorderDb } from '../store/schema';
import { sumCounts } from './manifest';
import { BundleError, type ParsedBundle } from './read-bundle';

export interface ImportedSession {
  sessionId: string;
  originalId: string;
  contributorId: string;
  events: number;
}

export interface ImportOptions {
  now: number;
  actor: string;
  newId?: () => string;
}

const ENTITY_KEY = /^(?:[A-Z][A-Z0-9_]{0,39}|dropped)$/;

/** Raw JSON per stored chunk before compression: well under the ~60 KiB compressed IndexedDB sweet spot. */
const CHUNK_RAW_BYTES = 256 * 1024;

export async function importBundle(
  db: RecorderDb,
  bundle: ParsedBundle,
  opts: ImportOptions,
): Promise<ImportedSession[]> {
  const tag = importTag(bundle.sha256);
  const earlier = await db.audit.filter((a) => a.detail.includes(tag)).first();
  if (earlier)
    throw new BundleError('This bundle was imported before; its sessions are already in the review list.');

  const newId = opts.newId ?? (() => crypto.randomUUID());
  const rows = {
    sessions: [] as SessionRow[],
    streams: [] as StreamRow[],
    chunks: [] as ChunkRow[],
    keys: [] as KeyRow[],
    audit: [] as AuditLine[],
  };
  const result: ImportedSession[] = [];
  for (const { meta, events: file } of bundle.sessions) {
    const sessionId = newId();
    const key = crypto.getRandomValues(new Uint8Array(32));
    const redactor = createRedactor({ key });
    const streams: { header: StreamRow; events: eventWithTime[] }[] = [];
    for (const tab of file.tabs) {
      const originals =
        tab.streams.length > 0 ? [...tab.streams].sort((a, b) => a.startedAt - b.startedAt) : null;
      const headers = (
        originals ?? [
          {
            streamId: `import-tab-${tab.tabId}`,
            url: '',
            title: '',
            startedAt: tab.events[0]?.timestamp ?? meta.startedAt,
          },
        ]
      ).map((s, i) => ({ ...s, streamId: `import-${tab.tabId}-${i}`, tabId: tab.tabId, frameId: 0 }));
      const split = headers.map((header) => ({ header: header as StreamRow, events: [] as eventWithTime[] }));
      for (const e of tab.events) {
        let i = split.length - 1;
        while (i > 0 && e.timestamp < split[i]!.header.startedAt) i--;
        split[i]!.events.push(e);
      }
      streams.push(...split);
    }
    const frameTab = file.tabs[0]?.tabId ?? 0;
    file.frames.forEach((f, i) => {
      streams.push({
        header: {
          sessionId,
          streamId: `import-frame-${i}`,
          tabId: frameTab,
          frameId: 1,
          url: '',
          title: '',
          startedAt: f.events[0]?.timestamp ?? meta.startedAt,
          lastSeq: -1,
        },
        events: f.events,
      });
    });
    streams.push({
      header: {
        sessionId,
        streamId: 'sw:import',
        tabId: -1,
        frameId: -1,
        url: '',
        title: 'session events',
        startedAt: file.sessionEvents[0]?.timestamp ?? meta.startedAt,
        lastSeq: -1,
      },
      events: file.sessionEvents,
    });

    let eventCount = 0;
    let bytes = 0;
    let rawBytes = 0;
    for (const s of streams) {
      redactStream(s.events, redactor, `events/${meta.id}.json`);
      const chunks = chunk(s.events);
      chunks.forEach((events, seq) => {
        const { data, rawBytes: raw } = encodeEvents(events);
        rows.chunks.push({
          sessionId,
          streamId: s.header.streamId,
          seq,
          firstTs: events[0]?.timestamp ?? s.header.startedAt,
          lastTs: events.at(-1)?.timestamp ?? s.header.startedAt,
          count: events.length,
          rawBytes: raw,
          data,
          storedAt: opts.now,
        });
        bytes += data.length;
        rawBytes += raw;
      });
      eventCount += s.events.length;
      rows.streams.push({
        ...s.header,
        sessionId,
        url: redactor.url(s.header.url),
        title: redactor.text(s.header.title),
        lastSeq: chunks.length - 1,
      });
    }
    const report = redactor.report();
    // Every string from the bundle that reaches the database is redacted or checked: count keys
    // must look like entity types.
    const redactions = Object.fromEntries(
      Object.entries(meta.redactions).filter(([k]) => ENTITY_KEY.test(k)),
    );
    sumCounts(redactions, report.counts);
    if (report.dropped > 0) redactions.dropped = (redactions.dropped ?? 0) + report.dropped;
    rows.sessions.push({
      id: sessionId,
      startedAt: meta.startedAt,
      endedAt: meta.endedAt,
      status: INITIAL.import,
      intent: meta.intent === null ? null : redactor.text(meta.intent),
      origins: meta.origins.map((o) => redactor.url(o)),
      eventCount,
      bytes,
      rawBytes,
      redactions,
      consent: { version: redactor.text(meta.consent.version), acceptedAt: meta.consent.acceptedAt },
    });
    rows.keys.push({ sessionId, key });
    rows.audit.push(
      auditRow(sessionId, opts.actor, opts.now, {
        kind: 'imported',
        sha256: bundle.sha256,
        originalId: meta.id,
        contributorId: meta.contributorId,
      }),
    );
    result.push({ sessionId, originalId: meta.id, contributorId: meta.contributorId, events: eventCount });
  }

  await insertImported(db, rows);
  return result;
}

/** Redacts a stream's events in place; a field's values are redacted together per page load. */
function redactStream(events: eventWithTime[], redactor: Redactor, path: string): void {
  let fields = new FieldIndex();
  let groups = new TypingGroups(fields, () => redactor);
  for (const [i, e] of events.entries()) {
    if (e.type === EventType.Meta || e.type === EventType.FullSnapshot) {
      // A new page load: node ids start over.
      groups.closeAll();
      if (e.type === EventType.Meta) {
        fields = new FieldIndex();
        groups = new TypingGroups(fields, () => redactor);
      }
    }
    try {
      redactEvent(e, {
        redactor,
        fields,
        defer: (nodeId, slot) => {
          groups.add(nodeId, slot, 0, 0);
          return true;
        },
      });
    } catch (err) {
      throw new BundleError(`${path}: event ${i} of a stream could not be read (${(err as Error).message}).`);
    }
  }
  groups.closeAll();
}

function chunk(events: eventWithTime[]): eventWithTime[][] {
  const out: eventWithTime[][] = [];
  let current: eventWithTime[] = [];
  let size = 0;
  for (const e of events) {
    const n = JSON.stringify(e).length;
    if (current.length > 0 && size + n > CHUNK_RAW_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}
