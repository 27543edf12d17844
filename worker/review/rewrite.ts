/**
 * "Redact more": re-runs the redactor over every stored event of a session with extra rules (terms
 * and regexes), under the session's own pseudonym key so a value gets the same placeholder as
 * before, and writes the result back as one undoable change.
 *
 * Decisions:
 * - The whole redactor runs again, not just the new rules: stored values are final (typing groups
 *   already committed), existing placeholders are protected by the engine, and a detector that
 *   now finds more is only safer.
 * - A field's stored values (every state while it was typed) are redacted together, as the
 *   recording worker's typing groups do, so a new term also goes from the partial values typed on
 *   the way to it ("Project Bluebi"). The group is the field's values over the whole stream: they
 *   are all final, so there is no commit to wait for.
 * - Our custom events' tags are structure: a term that happens to match `rec/layout` must not turn
 *   the event into an unknown one.
 * - The audit line names the rule types and counts, never the terms themselves (they are the
 *   very text being removed).
 * - Without the key (destroyed at approval) nothing can be re-redacted: approved sessions are final.
 */

import type { eventWithTime } from '@rrweb/types';
import type { ChunkRow, StreamRow } from '../../shared/db';
import { EventType, SECRET_MASK } from '../../shared/events';
import type { ReviewEdit } from '../../shared/review';
import { CUSTOM_TAGS } from '../events/event-schema';
import { FieldIndex } from '../events/field-index';
import { redactEvent, type Slot, type WalkContext } from '../events/walker';
import { type AdminRules, createRedactor, type Redactor, validateRules } from '../redact/index';
import {
  assertEditable,
  commitChange,
  type LoadedStream,
  loadStreams,
  rewriteChunk,
} from '../store/review-changes';
import type { RecorderDb } from '../store/schema';

export class KeyGoneError extends Error {}

export interface RedactMoreResult {
  /** New redactions by type. */
  counts: Record<string, number>;
  changedChunks: number;
}

export async function redactMore(
  db: RecorderDb,
  sessionId: string,
  rules: AdminRules,
  actor: string,
  opts: {
    loaded?: LoadedStream[];
    /** How the audit line and Undo name the rules instead of counting them (never the term). */
    what?: string;
  } = {},
): Promise<RedactMoreResult> {
  const valid = validateRules(rules);
  if (!valid.ok) throw new Error(valid.error);
  if ((rules.terms?.length ?? 0) + (rules.patterns?.length ?? 0) === 0) throw new Error('no rule given');
  const [session, keyRow, review] = await Promise.all([
    db.sessions.get(sessionId),
    db.keys.get(sessionId),
    db.reviews.get(sessionId),
  ]);
  assertEditable(session);
  if (!keyRow) throw new KeyGoneError('the session key is gone, so this session cannot be re-redacted');
  const redactor = createRedactor({ key: keyRow.key, rules });
  const streams = opts.loaded ?? (await loadStreams(db, sessionId));

  const chunks: { before: ChunkRow; after: ChunkRow }[] = [];
  const streamChanges: { before: StreamRow; after: StreamRow }[] = [];
  for (const s of streams) {
    redactStream(
      s.chunks.map((c) => c.events),
      redactor,
    );
    for (const c of s.chunks) {
      if (JSON.stringify(c.events) !== c.json)
        chunks.push({ before: c.row, after: rewriteChunk(c.row, c.events) });
    }
    const after = { ...s.stream, url: redactor.url(s.stream.url), title: redactor.text(s.stream.title) };
    if (after.url !== s.stream.url || after.title !== s.stream.title)
      streamChanges.push({ before: s.stream, after });
  }
  const intent = session.intent === null ? null : redactor.text(session.intent);
  const edits: ReviewEdit[] = (review?.edits ?? []).map((e) =>
    e.op === 'intent' ? { ...e, text: redactor.text(e.text) } : e,
  );

  const report = redactor.report();
  const counts: Record<string, number> = { ...report.counts };
  if (report.dropped > 0) counts.dropped = report.dropped;
  const redactions = { ...session.redactions };
  for (const [k, n] of Object.entries(counts)) redactions[k] = (redactions[k] ?? 0) + n;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const what =
    opts.what ??
    [
      rules.terms?.length ? `${rules.terms.length} term${rules.terms.length > 1 ? 's' : ''}` : '',
      ...(rules.patterns ?? []).map((p) => `pattern "${p.name}"`),
    ]
      .filter(Boolean)
      .join(', ');
  const found = Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  await commitChange(db, {
    sessionId,
    actor,
    label: `redact ${what}`,
    chunks,
    streams: streamChanges,
    session: { intent, redactions },
    edits,
    audit: {
      kind: 'redacted',
      what: `redacted with ${what}: ${total} more value${total === 1 ? '' : 's'}${found ? ` (${found})` : ''}`,
    },
  });
  return { counts, changedChunks: chunks.length };
}

/** Redacts one stored stream's events in place, a field's values together. */
export function redactStream(chunks: eventWithTime[][], redactor: Redactor): void {
  const groups = new Map<number, Slot[]>();
  const fields = new FieldIndex();
  const ctx: WalkContext = {
    redactor,
    fields,
    defer: (nodeId, slot) => {
      const list = groups.get(nodeId) ?? [];
      list.push(slot);
      groups.set(nodeId, list);
      return true;
    },
  };
  for (const events of chunks) for (const e of events) redactStored(e, ctx);
  for (const [nodeId, all] of groups) {
    const slots = all.filter((x) => x.holder[x.key] !== SECRET_MASK);
    const values = redactor.group(
      slots.map((x) => String(x.holder[x.key] ?? '')),
      fields.context(nodeId),
    );
    slots.forEach((x, i) => {
      x.holder[x.key] = values[i] ?? '';
    });
  }
}

function redactStored(e: eventWithTime, ctx: WalkContext): void {
  const tag = e.type === EventType.Custom ? (e.data as { tag?: unknown }).tag : undefined;
  redactEvent(e, ctx);
  if (typeof tag === 'string' && CUSTOM_TAGS.has(tag)) (e.data as { tag: string }).tag = tag;
}
