/**
 * One stream (a recorder in one frame of one page load): redacts its batches in order, holds those
 * with a field still being typed, and writes them durably, acking each seq only once stored.
 */
import type { eventWithTime } from '@rrweb/types';
import { customEvent, EventType, Interaction, type KeystrokePayload, Source } from '../../shared/events';
import type { StreamHeader } from '../../shared/protocol';
import type { EchoGuard } from '../events/echo-guard';
import { FieldIndex } from '../events/field-index';
import { TypingGroups } from '../events/typing-groups';
import { redactEvent, type Slot } from '../events/walker';
import type { Redactor } from '../redact/index';
import { hasChunk, type RowAdmission, writeChunk } from '../store/chunks';
import type { RecorderDb } from '../store/schema';

export const GROUP_IDLE_MS = 4000;

interface Pending {
  seq: number;
  events: eventWithTime[];
}

export interface SessionRedaction {
  redactor: Redactor;
  /** The session's echo guard, shared by all its streams (frames and the service worker's). */
  echo?: EchoGuard;
  countDrop(): void;
  /** Counts not yet added to the session row. */
  takeCounts(): Record<string, number>;
}

export class StreamWriter {
  private readonly fields = new FieldIndex();
  private readonly groups: TypingGroups;
  private readonly pending: Pending[] = [];
  private readonly seen = new Set<number>();
  /** Fields whose last value was set by the page (rrweb Input with `userTriggered: false`). */
  private readonly pageFilled = new Set<number>();
  private readonly header: StreamHeader;
  private writing: Promise<void> = Promise.resolve();
  /** Callers of `written()`, settled when nothing is pending or a write fails. */
  private waiters: { resolve(): void; reject(e: unknown): void }[] = [];

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
    this.groups = new TypingGroups(
      this.fields,
      () => this.session.redactor,
      session.echo ?? null,
      raw.streamId,
    );
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

  /**
   * Commits every field being typed and writes everything held, unless it echoes a group still
   * open in another stream (then `closeGroups` on every writer first, see api.ts).
   */
  async flush(): Promise<void> {
    this.closeGroups();
    await this.drain();
  }

  /**
   * Commits every field being typed here. Echoes these groups held, in this stream or another one
   * of the session, are released (and their streams start draining) synchronously.
   */
  closeGroups(): void {
    this.groups.closeAll();
  }

  /**
   * Writes, in seq order, every pending batch that no open group holds. A held batch does not hold
   * back the batches after it: they are redacted already (at `accept`, in order), chunks are keyed
   * by seq (readers order them, storage dedups by seq) and acks are per seq, so only the held
   * batch itself waits for its commit (issue 13: a typing group used to delay every later batch
   * of its stream by up to the 4 s idle commit).
   */
  drain(): Promise<void> {
    const run = this.writing.then(async () => {
      for (let i = 0; i < this.pending.length; ) {
        const batch = this.pending[i]!;
        if (this.groups.isHeld(batch.seq)) {
          i++;
          continue;
        }
        await writeChunk(
          this.db,
          this.header,
          batch.seq,
          batch.events,
          this.session.takeCounts(),
          this.admission,
        );
        this.pending.splice(i, 1);
        this.seen.delete(batch.seq);
        this.onAck(this.header.streamId, [batch.seq]);
      }
      this.settleWaiters(null);
    });
    // A failed write surfaces to this caller (and to `written()`); later drains retry from the head.
    this.writing = run.catch((error: unknown) => this.settleWaiters({ error }));
    return run;
  }

  /**
   * Resolves once every batch taken so far is written, however long a group in another stream
   * holds one of them; rejects when a write fails (a refusal, storage full).
   */
  written(): Promise<void> {
    if (this.pending.length === 0) return this.writing;
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
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
        hold: (slot, finish) => this.holdEcho(slot, finish, seq),
      });
      // Snapshots of the editing hosts this event changed, before the next event's strings are
      // checked against what was typed so far.
      this.groups.settle();
    } catch (e) {
      // Fail closed: an event we cannot redact is replaced by a marker, never stored raw.
      dropEvent(event, e instanceof Error ? e.message : String(e));
      this.session.countDrop();
    }
  }

  /** Signals that a field being typed has committed. */
  private commitBefore(event: eventWithTime): void {
    if (event.type === EventType.IncrementalSnapshot) {
      const d = event.data;
      // Values the page sets (freshness.ts re-reads a field as soon as the page sets it: a preview
      // mirroring the field being typed changes on every key) are not the user moving on, and the
      // user's typing elsewhere does not end the page's filling: neither commits the other's
      // group, whose prefixes would then be redacted one by one (focus, blur, Enter, idle do). A
      // page-set value in a field the user is typing in (an input mask) joins the user's group;
      // the user typing over what the page filled in commits the page's values first, on their
      // own, so the proposal and the user's final value stay two values (refinements).
      if (d.source === Source.Input) {
        if (d.userTriggered === false) {
          if (!this.groups.isOpen(d.id)) this.pageFilled.add(d.id);
        } else {
          if (this.pageFilled.delete(d.id)) this.groups.close(d.id);
          this.groups.closeOthers(d.id, (id) => this.pageFilled.has(id));
        }
      }
      // MouseInteraction Blur (6) of a field, or a click elsewhere.
      else if (
        d.source === Source.MouseInteraction &&
        (d.type === Interaction.Blur || d.type === Interaction.Click)
      ) {
        if (d.type === Interaction.Blur) this.groups.close(d.id);
        else this.groups.closeOthers(d.id);
      }
    } else if (event.type === EventType.Custom) {
      const { tag, payload } = event.data as { tag: string; payload: unknown };
      if (tag === 'rec/focus') this.groups.closeOthers((payload as { targetId: number }).targetId);
      else if (tag === 'rec/keystroke') {
        const k = payload as KeystrokePayload;
        // Enter commits a form field or a single-line editing host; in an editor it is a new line.
        if (k.kind === 'named' && k.key === 'Enter') this.groups.enter(k.targetId);
        else if (k.kind === 'named' && k.key === 'Tab') this.groups.close(k.targetId);
      }
    }
  }

  /**
   * A string that repeats what is being typed in an open group (of any stream of the session) is
   * held, and its batch with it, until every such group has committed.
   */
  private holdEcho(slot: Slot, finish: (s: string) => string, seq: number): boolean {
    const echo = this.session.echo;
    // Nothing is being typed (most strings): no allocation, the walker redacts the string now.
    if (!echo || echo.size === 0) return false;
    const held = echo.hold({
      ...slot,
      finish,
      released: () => {
        this.groups.release(seq);
        // Released by another stream's commit: nobody awaits this drain, `written()` and the
        // next drain surface its failure.
        this.drain().catch(() => {});
      },
    });
    if (held) this.groups.hold(seq);
    return held;
  }

  private settleWaiters(failed: { error: unknown } | null): void {
    if (failed === null && this.pending.length > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (failed === null) w.resolve();
      else w.reject(failed.error);
    }
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
