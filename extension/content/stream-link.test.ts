/** StreamLink against a fake chrome.runtime: ordering, re-send after disconnect, bounded buffer. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamDown, StreamHeader, StreamUp } from '../../shared/protocol';
import {
  BufferFullError,
  MAX_UNACKED_CHARS,
  SessionFatalError,
  StreamLink,
  StreamRefusedError,
} from './stream-link';

interface FakePort {
  posted: StreamUp[];
  deliver(msg: StreamDown): void;
  disconnect(): void;
}

let ports: FakePort[];

function installFakeChrome() {
  ports = [];
  const runtime = {
    id: 'ext',
    lastError: undefined,
    connect: () => {
      const onMessage: ((m: StreamDown) => void)[] = [];
      const onDisconnect: (() => void)[] = [];
      const port = {
        posted: [] as StreamUp[],
        postMessage: (m: StreamUp) => port.posted.push(structuredClone(m)),
        disconnect: () => {},
        onMessage: { addListener: (f: (m: StreamDown) => void) => onMessage.push(f) },
        onDisconnect: { addListener: (f: () => void) => onDisconnect.push(f) },
        deliver: (m: StreamDown) => {
          for (const f of onMessage) f(m);
        },
        kill: () => {
          for (const f of onDisconnect) f();
        },
      };
      ports.push({ posted: port.posted, deliver: port.deliver, disconnect: port.kill });
      return port;
    },
    // content/ensureStore: the service worker answers ok
    sendMessage: async () => ({ ok: true, value: undefined }),
  };
  vi.stubGlobal('chrome', { runtime });
}

const header: StreamHeader = {
  sessionId: 's',
  streamId: 'st',
  tabId: 1,
  frameId: 0,
  url: 'https://a.test',
  title: '',
  startedAt: 0,
};
const stamp = { sessionId: 's', epoch: 7 };
const batches = (p: FakePort) =>
  p.posted.filter((m) => m.type === 'batch').map((m) => (m.type === 'batch' ? m.seq : -1));

beforeEach(() => {
  vi.useFakeTimers();
  installFakeChrome();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('StreamLink', () => {
  it('numbers batches, keeps them until acked, re-sends the unacked in order after a disconnect', async () => {
    const fatal = vi.fn();
    const link = new StreamLink(header, stamp, fatal);
    link.start();
    for (let i = 0; i < 4; i++) link.sendBatch('[]', 0);
    const first = ports[0]!;
    expect(first.posted[0]).toEqual({ type: 'open', stream: header, directive: stamp });
    expect(batches(first)).toEqual([0, 1, 2, 3]);
    first.deliver({ type: 'ack', streamId: 'st', seqs: [0, 1] });
    expect(link.pending).toBe(2);
    first.disconnect(); // the offscreen document went away
    await vi.advanceTimersByTimeAsync(100);
    const second = ports[1]!;
    expect(second.posted[0]?.type).toBe('open');
    expect(batches(second)).toEqual([2, 3]);
    link.sendBatch('[]', 0);
    expect(batches(second)).toEqual([2, 3, 4]);
    expect(fatal).not.toHaveBeenCalled();
    link.close();
  });

  it('drained() resolves once everything sent is acked', async () => {
    const link = new StreamLink(header, stamp, vi.fn());
    link.start();
    link.sendBatch('[]', 0);
    let done = false;
    void link.drained().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    ports[0]!.deliver({ type: 'ack', streamId: 'st', seqs: [0] });
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(true);
    link.close();
  });

  it('stops with a visible reason when the buffer of unacked batches is full', () => {
    const link = new StreamLink(header, stamp, vi.fn());
    link.start();
    const big = 'x'.repeat(8 * 1024 * 1024);
    const sent = () => {
      for (let i = 0; i < 10; i++) link.sendBatch(big, 1);
    };
    expect(sent).toThrow(BufferFullError);
    expect(link.pending).toBe(Math.floor(MAX_UNACKED_CHARS / big.length));
    link.close();
  });

  it('reports the extension context as gone instead of buffering forever', async () => {
    const fatal = vi.fn();
    const link = new StreamLink(header, stamp, fatal);
    link.start();
    (globalThis as unknown as { chrome: { runtime: { id?: string } } }).chrome.runtime.id = undefined;
    link.sendBatch('[]', 0);
    expect(fatal).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(/reloaded or removed/) }),
    );
    link.close();
  });

  it('a refused stream drops every unacked batch, stops, and never reconnects or re-sends', async () => {
    const fatal = vi.fn();
    const link = new StreamLink(header, stamp, fatal);
    link.start();
    for (let i = 0; i < 3; i++) link.sendBatch('[]', 0);
    ports[0]!.deliver({
      type: 'refused',
      streamId: 'st',
      scope: 'stream',
      seqs: [1],
      reason: 'session-ended',
    });
    expect(link.pending).toBe(0);
    expect(fatal).toHaveBeenCalledTimes(1);
    expect(fatal.mock.calls[0]?.[0]).toBeInstanceOf(StreamRefusedError);
    // A repeat of the refusal (for batches that were in flight) and later sends change nothing.
    ports[0]!.deliver({ type: 'refused', streamId: 'st', scope: 'stream', seqs: [2], reason: 'refused' });
    link.sendBatch('[]', 0);
    ports[0]!.disconnect();
    await vi.advanceTimersByTimeAsync(40_000); // past the ack watchdog and every reconnect backoff
    expect(ports).toHaveLength(1);
    expect(batches(ports[0]!)).toEqual([0, 1, 2]);
    expect(fatal).toHaveBeenCalledTimes(1);
    expect(link.pending).toBe(0);
  });

  it('drained() resolves when the stream is refused instead of waiting for acks that never come', async () => {
    const link = new StreamLink(header, stamp, vi.fn());
    link.start();
    link.sendBatch('[]', 0);
    let done = false;
    void link.drained().then(() => {
      done = true;
    });
    ports[0]!.deliver({
      type: 'refused',
      streamId: 'st',
      scope: 'stream',
      seqs: [],
      reason: 'session-closed',
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(true);
  });

  it('a batch-scoped refusal drops only the named batches; the stream goes on', () => {
    const fatal = vi.fn();
    const link = new StreamLink(header, stamp, fatal);
    link.start();
    for (let i = 0; i < 3; i++) link.sendBatch('[]', 0);
    ports[0]!.deliver({ type: 'refused', streamId: 'st', scope: 'batch', seqs: [1], reason: 'paused' });
    expect(link.pending).toBe(2);
    link.sendBatch('[]', 0);
    expect(batches(ports[0]!)).toEqual([0, 1, 2, 3]);
    expect(fatal).not.toHaveBeenCalled();
    link.close();
  });

  it('tells a failure of the whole session (storage full) from one of this stream', () => {
    const fatal = vi.fn();
    const link = new StreamLink(header, stamp, fatal);
    link.start();
    ports[0]!.deliver({
      type: 'rejected',
      streamId: 'st',
      reason: 'QuotaExceededError',
      fatal: true,
      sessionFatal: true,
    });
    ports[0]!.deliver({
      type: 'rejected',
      streamId: 'st',
      reason: 'batch is not JSON',
      fatal: true,
      sessionFatal: false,
    });
    expect(fatal.mock.calls[0]?.[0]).toBeInstanceOf(SessionFatalError);
    expect(fatal.mock.calls[1]?.[0]).not.toBeInstanceOf(SessionFatalError);
    expect(new BufferFullError('x')).toBeInstanceOf(SessionFatalError);
    link.close();
  });
});
