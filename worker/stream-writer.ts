/**
 * One stream (a recorder in one frame of one page load): redacts its batches in order, holds those
 * with a field still being typed, and writes them durably, acking each seq only once stored.
 */
import type { eventWithTime } from '@rrweb/types';
import type { RecorderDb } from '../shared/db';
import { customEvent, type KeystrokePayload, Source } from '../shared/events';
import type { StreamHeader } from '../shared/protocol';
import { FieldIndex } from './field-index';
import type { Redactor } from './redact/index';
import { hasChunk, type RowAdmission, writeChunk } from './store';
import { TypingGroups } from './typing-groups';
import { redactEvent } from './walker';

export const GROUP_IDLE_MS = 4000;

interface Pending {
  seq: number;
  events: eventWithTime[];
}

export interface SessionRedaction {
  redactor: Redactor;
  countDrop(): void;
  /** Counts not yet added to the session row. */
  takeCounts(): Record<string, number>;
}

export class StreamWriter {
  private readonly fields = new FieldIndex();
  private readonly groups: TypingGroups;
  private readonly pending: Pending[] = [];
  private readonly seen = new Set<number>();
  private readonly header: StreamHeader;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    raw: StreamHeader,
    private readonly db: RecorderDb,
    private readonly session: SessionRedaction,
    private readonly onAck: (streamId: string, seqs: number[]) => void,
    /** Asked in each write's transaction; a refusal throws `RefusedError` and nothing is written. */
    private readonly admission: RowAdmission,
  ) {
    const r = session.redactor;
    this.header = { ...raw, url: r.url(raw.url), title: r.text(raw.title) };
    this.groups = new TypingGroups(this.fields, () => this.session.redactor);
  }

  get id(): string {
    return this.header.streamId;
  }

  get sessionId(): string {
    return this.header.sessionId;
  }

  /** Takes one batch; resolves once it is stored or held. Throws on malformed input. */
  async accept(seq: number, events: eventWithTime[], now: number): Promise<void> {
    if (this.seen.has(seq)) return; // re-sent while held: acked when written
    if (await hasChunk(this.db, this.header.sessionId, this.header.streamId, seq)) {
      this.onAck(this.header.streamId, [seq]);
      return;
    }
    this.seen.add(seq);
    for (const event of events) this.redactOne(event, seq, now);
    this.pending.push({ seq, events });
    await this.drain();
  }

  /** Commits every field being typed and writes everything held. */
  async flush(): Promise<void> {
    this.groups.closeAll();
    await this.drain();
  }

  async tick(now: number): Promise<void> {
    if (this.groups.size === 0 && this.pending.length === 0) return;
    this.groups.closeIdle(now, GROUP_IDLE_MS);
    await this.drain();
  }

  get held(): number {
    return this.pending.length;
  }

  private redactOne(event: eventWithTime, seq: number, now: number): void {
    try {
      this.commitBefore(event);
      redactEvent(event, {
        redactor: this.session.redactor,
        fields: this.fields,
        defer: (nodeId, slot) => {
          this.groups.add(nodeId, slot, seq, now);
          return true;
        },
      });
    } catch (e) {
      // Fail closed: an event we cannot redact is replaced by a marker, never stored raw.
      dropEvent(event, e instanceof Error ? e.message : String(e));
      this.session.countDrop();
    }
  }

  /** Signals that a field being typed has committed. */
  private commitBefore(event: eventWithTime): void {
    if (event.type === 3) {
      const d = event.data;
      if (d.source === Source.Input) this.groups.closeOthers(d.id);
      // MouseInteraction Blur (6) of a field, or a click elsewhere.
      else if (d.source === Source.MouseInteraction && (d.type === 6 || d.type === 2)) {
        if (d.type === 6) this.groups.close(d.id);
        else this.groups.closeOthers(d.id);
      }
    } else if (event.type === 5) {
      const { tag, payload } = event.data as { tag: string; payload: unknown };
      if (tag === 'rec/focus') this.groups.closeOthers((payload as { targetId: number }).targetId);
      else if (tag === 'rec/keystroke') {
        const k = payload as KeystrokePayload;
        if (k.kind === 'named' && (k.key === 'Enter' || k.key === 'Tab')) this.groups.close(k.targetId);
      }
    }
  }

  /** Writes held batches from the head while none of them waits for a field to commit. */
  private drain(): Promise<void> {
    const run = this.writing.then(async () => {
      while (this.pending.length > 0) {
        const head = this.pending[0]!;
        if (this.groups.isHeld(head.seq)) return;
        await writeChunk(
          this.db,
          this.header,
          head.seq,
          head.events,
          this.session.takeCounts(),
          this.admission,
        );
        this.pending.shift();
        this.seen.delete(head.seq);
        this.onAck(this.header.streamId, [head.seq]);
      }
    });
    // A failed write surfaces to this caller; later drains retry from the same head.
    this.writing = run.catch(() => {});
    return run;
  }
}

function dropEvent(event: eventWithTime, reason: string): void {
  const marker = customEvent(
    'rec/degraded',
    { reason: 'redaction-failed', detail: reason.slice(0, 80) },
    event.timestamp,
  );
  for (const key of Object.keys(event)) delete (event as unknown as Record<string, unknown>)[key];
  Object.assign(event, marker);
}
