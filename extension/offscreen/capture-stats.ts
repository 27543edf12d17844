/**
 * Counts for the popup's capture health, kept where every batch passes: received by this document,
 * handed to the writer, acked once durable. Only counts and times, never recorded data. A batch
 * re-sent after its ack (the sender missed the ack) is not counted twice.
 */
import type { CaptureStats } from '../../shared/protocol';

export class CaptureCounter {
  private since: number;
  private sessionId: string | null = null;
  private saved = 0;
  private lastSaveAt: number | null = null;
  /** `${streamId}:${seq}` -> [event count, received at]. */
  private readonly pending = new Map<string, readonly [number, number]>();
  private readonly acked = new Set<string>();

  constructor(now: number) {
    this.since = now;
  }

  /** A new session: counts start again. */
  session(sessionId: string, now: number): void {
    this.sessionId = sessionId;
    this.since = now;
    this.saved = 0;
    this.lastSaveAt = null;
    this.pending.clear();
    this.acked.clear();
  }

  received(streamId: string, seq: number, count: number, now: number): void {
    const key = `${streamId}:${seq}`;
    if (this.acked.has(key) || this.pending.has(key)) return;
    this.pending.set(key, [count, now]);
  }

  ackedSeqs(streamId: string, seqs: readonly number[], now: number): void {
    for (const seq of seqs) {
      const key = `${streamId}:${seq}`;
      const p = this.pending.get(key);
      if (!p) continue;
      this.pending.delete(key);
      this.acked.add(key);
      this.saved += p[0];
      this.lastSaveAt = now;
    }
  }

  /** A refused or rejected batch is not pending here any more (its sender re-sends or drops it). */
  dropped(streamId: string, seq: number): void {
    this.pending.delete(`${streamId}:${seq}`);
  }

  snapshot(): CaptureStats {
    let oldest: number | null = null;
    for (const [, at] of this.pending.values()) oldest = oldest === null ? at : Math.min(oldest, at);
    return {
      since: this.since,
      sessionId: this.sessionId,
      eventsSaved: this.saved,
      lastSaveAt: this.lastSaveAt,
      pending: this.pending.size,
      oldestPendingAt: oldest,
    };
  }
}
