/**
 * Loss-free delivery of one stream to the offscreen document (invariant 4). Batches are numbered
 * and kept until acked as durably stored; after any disconnect (service worker, offscreen
 * document or worker gone) the link reconnects and re-sends every unacked batch in order. Storage
 * ignores a (stream, seq) it already has.
 */
import type { DirectiveStamp } from '../../shared/admission';
import { send } from '../../shared/messaging';
import { STREAM_PORT, type StreamDown, type StreamHeader, type StreamUp } from '../../shared/protocol';

export const MAX_UNACKED_CHARS = 48 * 1024 * 1024;
const ACK_TIMEOUT_MS = 30_000;

/** No frame can go on (storage full, a send buffer full): the whole session stops, visibly. */
export class SessionFatalError extends Error {}
export class BufferFullError extends SessionFatalError {}
export class ContextInvalidatedError extends Error {}
/**
 * Admission refused the stream (its session stopped, was reviewed or deleted; its site is off):
 * what it held is dropped, never re-sent. Not a failure of the session that records now.
 */
export class StreamRefusedError extends Error {}

interface Unacked {
  seq: number;
  count: number;
  events: string;
}

export class StreamLink {
  private port: chrome.runtime.Port | null = null;
  private readonly unacked = new Map<number, Unacked>();
  private unackedChars = 0;
  private nextSeq = 0;
  private flushId = 0;
  private readonly waiters = new Set<() => void>();
  private reconnecting: Promise<void> | null = null;
  private closed = false;
  /** Grows while reconnects fail to get an ack through; reset by any ack. */
  private backoff = 0;
  private lastAckAt = Date.now();
  private watchdog: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly header: StreamHeader,
    /** The directive this stream records under; admission decides by it (shared/admission.ts). */
    private readonly madeUnder: DirectiveStamp,
    private readonly onFatal: (error: Error) => void,
    /** Text this page saw typed while paused (content/pause-watch.ts), handed with every open. */
    private readonly terms: () => string[] = () => [],
  ) {}

  start(): void {
    this.connect();
    // A port can die silently: after an extension reload posts just vanish. Notice that the
    // context is gone even when the page is idle; and if batches wait unacked for very long
    // (longer than any typing group is held), reconnect, which re-sends them.
    this.watchdog = setInterval(() => {
      if (!chrome.runtime?.id)
        this.fail(new ContextInvalidatedError('the extension was reloaded or removed'));
      else if (this.unacked.size > 0 && Date.now() - this.lastAckAt > ACK_TIMEOUT_MS) {
        this.lastAckAt = Date.now();
        this.dropPort();
      }
    }, 2000);
  }

  get pending(): number {
    return this.unacked.size;
  }

  /** Queues one batch (a JSON array text of `count` events). Throws when the buffer is full. */
  sendBatch(events: string, count: number): void {
    if (this.closed) return; // refused or stopped: nothing more is sent on this stream
    if (this.unackedChars + events.length > MAX_UNACKED_CHARS) {
      throw new BufferFullError(`${this.unacked.size} batches (${this.unackedChars} chars) not yet stored`);
    }
    const batch = { seq: this.nextSeq++, count, events };
    this.unacked.set(batch.seq, batch);
    this.unackedChars += events.length;
    this.post({ type: 'batch', streamId: this.header.streamId, ...batch });
  }

  /** Resolves once every batch sent so far is durably stored (or rejects after `timeoutMs`). */
  async drained(timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.unacked.size > 0) {
      this.post({ type: 'flush', streamId: this.header.streamId, id: ++this.flushId });
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.unacked.size} batches still unacked`);
      await new Promise<void>((resolve) => {
        const done = () => {
          this.waiters.delete(done);
          resolve();
        };
        this.waiters.add(done);
        setTimeout(done, Math.min(left, 1000));
      });
    }
  }

  close(): void {
    this.closed = true;
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.port?.disconnect();
    this.port = null;
  }

  private post(msg: StreamUp): void {
    if (!chrome.runtime?.id) {
      this.fail(new ContextInvalidatedError('the extension was reloaded or removed'));
      return;
    }
    if (!this.port) return; // re-sent from `unacked` on reconnect
    try {
      this.port.postMessage(msg);
    } catch {
      this.dropPort();
    }
  }

  private connect(): void {
    if (this.closed) return;
    let port: chrome.runtime.Port;
    try {
      port = chrome.runtime.connect({ name: STREAM_PORT });
    } catch (e) {
      this.fail(e);
      return;
    }
    this.port = port;
    port.onMessage.addListener((msg: StreamDown) => this.onMessage(msg));
    port.onDisconnect.addListener(() => {
      void chrome.runtime?.lastError; // read, so Chrome does not log it; runtime is gone once the context is invalidated
      if (this.port === port) this.dropPort();
    });
    // Every (re)connect: a restarted worker learns the page's pause terms before any batch.
    const terms = this.terms();
    port.postMessage({
      type: 'open',
      stream: this.header,
      directive: this.madeUnder,
      ...(terms.length > 0 ? { terms } : {}),
    } satisfies StreamUp);
    for (const b of [...this.unacked.values()].sort((a, b) => a.seq - b.seq)) {
      port.postMessage({ type: 'batch', streamId: this.header.streamId, ...b } satisfies StreamUp);
    }
  }

  private onMessage(msg: StreamDown): void {
    if (msg.streamId !== this.header.streamId) return;
    if (msg.type === 'ack') {
      this.backoff = 0;
      this.lastAckAt = Date.now();
      for (const seq of msg.seqs) {
        const b = this.unacked.get(seq);
        if (!b) continue;
        this.unacked.delete(seq);
        this.unackedChars -= b.events.length;
      }
      this.wakeIfDrained();
    } else if (msg.type === 'refused') {
      this.refused(msg.scope, msg.seqs, msg.reason);
    } else if (msg.type === 'rejected' && msg.sessionFatal) {
      this.onFatal(new SessionFatalError(`recording stopped: ${msg.reason}`));
    } else if (msg.type === 'rejected' && msg.fatal) {
      this.onFatal(new Error(`recording stopped: ${msg.reason}`));
    } else if (msg.type === 'rejected') {
      console.warn('[recorder] batch rejected, will retry:', msg.reason);
      this.dropPort();
    }
  }

  /** Drops what admission refused; a refused stream is over (no reconnect, no re-send: no loop). */
  private refused(scope: 'stream' | 'batch', seqs: number[], reason: string): void {
    if (this.closed) return;
    const gone = scope === 'stream' ? [...this.unacked.keys()] : seqs;
    for (const seq of gone) {
      const b = this.unacked.get(seq);
      if (!b) continue;
      this.unacked.delete(seq);
      this.unackedChars -= b.events.length;
    }
    this.wakeIfDrained();
    if (scope === 'stream') {
      this.close();
      this.onFatal(new StreamRefusedError(`stream refused: ${reason}`));
    }
  }

  private wakeIfDrained(): void {
    if (this.unacked.size === 0) for (const w of [...this.waiters]) w();
  }

  private dropPort(): void {
    this.port = null;
    if (this.closed || this.reconnecting) return;
    this.reconnecting = this.reconnect().finally(() => {
      this.reconnecting = null;
    });
  }

  private async reconnect(): Promise<void> {
    await sleep(this.backoff);
    this.backoff = Math.min(Math.max(this.backoff * 2, 50), 2000);
    for (let delay = 50; !this.closed; delay = Math.min(delay * 2, 2000)) {
      if (!chrome.runtime?.id) {
        this.fail(new ContextInvalidatedError('the extension was reloaded or removed'));
        return;
      }
      try {
        await send('sw', 'content/ensureStore', {}); // wakes the service worker; it recreates the offscreen document
        this.connect();
        return;
      } catch (e) {
        if (String(e).includes('context invalidated')) {
          this.fail(new ContextInvalidatedError('the extension was reloaded or removed'));
          return;
        }
        await sleep(delay);
      }
    }
  }

  private fail(e: unknown): void {
    const error = e instanceof Error ? e : new Error(String(e));
    if (/context invalidated/i.test(error.message)) this.onFatal(new ContextInvalidatedError(error.message));
    else this.onFatal(error);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
