/**
 * The offscreen document hosts the worker and ends the content scripts' stream ports. It keeps no
 * recording data of its own: batches go straight to the worker, acks come back when durable.
 */
import { proxy, type Remote, wrap } from 'comlink';
import { type Admission, admit, type BatchContext, type CoordinatorState } from '../../shared/admission';
import { isContentScript, listen, send } from '../../shared/messaging';
import { originEnabled } from '../../shared/origins';
import { STREAM_PORT, type StreamDown, type StreamUp } from '../../shared/protocol';
import type { OriginRule } from '../../shared/session';
import { parseStreamUp } from '../../shared/stream-schema';
import type { WorkerApi } from '../../worker/recording/api';
import { CaptureCounter } from './capture-stats';

const TICK_MS = 1000;
/** How long a stream message waits for the service worker's state before it is rejected (retried). */
const STATE_WAIT_MS = 10_000;

let worker: Worker;
let api: Remote<WorkerApi>;
const portsByStream = new Map<string, chrome.runtime.Port>();
/** Streams whose port was closed because their site was turned off: never heard again. */
const closedStreams = new Set<string>();
/** What each open stream is admitted as (checked again for every batch: the state may change). */
const contexts = new Map<string, BatchContext>();
/** Capture health for the popup (counts and times only). */
const stats = new CaptureCounter(Date.now());

/** The service worker's latest word (highest epoch); undefined until it has spoken. */
let coordinator: CoordinatorState | undefined;
const coordinatorWaiters = new Set<() => void>();

function setCoordinator(c: CoordinatorState): void {
  if (coordinator && c.epoch < coordinator.epoch) return; // an older answer arriving late
  coordinator = c;
  void api.setCoordinator(c).catch((e: unknown) => console.error('[offscreen] state not forwarded', e));
  for (const w of [...coordinatorWaiters]) w();
}

/** This document may start after a change it did not hear: ask until the service worker answers. */
async function askCoordinator(): Promise<void> {
  for (let delay = 100; coordinator === undefined; delay = Math.min(delay * 2, 2000)) {
    try {
      setCoordinator(await send('sw', 'offscreen/hello', {}));
    } catch {
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function knownCoordinator(): Promise<CoordinatorState> {
  if (coordinator) return Promise.resolve(coordinator);
  return new Promise((resolve, reject) => {
    const done = () => {
      coordinatorWaiters.delete(done);
      clearTimeout(timer);
      if (coordinator) resolve(coordinator);
    };
    const timer = setTimeout(() => {
      coordinatorWaiters.delete(done);
      reject(new Error('the service worker has not said what is recording yet'));
    }, STATE_WAIT_MS);
    coordinatorWaiters.add(done);
  });
}

function startWorker(): void {
  worker = new Worker(new URL('../../worker/entries/recording.ts', import.meta.url), { type: 'module' });
  api = wrap<WorkerApi>(worker);
  if (coordinator) void api.setCoordinator(coordinator);
  void api.setAckListener(
    proxy((streamId: string, seqs: number[]) => {
      stats.ackedSeqs(streamId, seqs, Date.now());
      post(streamId, { type: 'ack', streamId, seqs });
    }),
  );
  worker.addEventListener('error', (e) => {
    // The worker died: start another. Unacked batches are re-sent by their content scripts.
    console.error('[offscreen] worker error', e.message);
    worker.terminate();
    startWorker();
    for (const port of new Set(portsByStream.values())) port.disconnect();
    portsByStream.clear();
  });
}

function post(streamId: string, msg: StreamDown): void {
  try {
    portsByStream.get(streamId)?.postMessage(msg);
  } catch {
    portsByStream.delete(streamId);
  }
}

chrome.runtime.onConnect.addListener((port) => {
  const sender = port.sender;
  if (port.name !== STREAM_PORT || !sender || sender.id !== chrome.runtime.id || !isContentScript(sender)) {
    port.disconnect();
    return;
  }
  const streams = new Set<string>();
  const refused = new Set<string>();
  let queue = Promise.resolve();
  port.onMessage.addListener((raw: unknown) => {
    const parsed = parseStreamUp(raw);
    if (!parsed.ok) {
      console.warn('[offscreen] malformed stream message rejected:', parsed.error);
      return;
    }
    const msg = parsed.value;
    // One port's messages are handled in order: seqs reach the worker as they were sent (and terms
    // typed while paused reach it before the stream that opens at resume).
    queue = queue.then(() =>
      msg.type === 'terms'
        ? api.sessionTerms(msg.directive.sessionId, msg.terms).then(
            () => {},
            (e: unknown) => console.error('[offscreen] terms not forwarded', e),
          )
        : handle(msg, port, sender, streams, refused),
    );
  });
  port.onDisconnect.addListener(() => {
    for (const streamId of streams) {
      if (portsByStream.get(streamId) === port) portsByStream.delete(streamId);
      contexts.delete(streamId);
      void api.closeStream(streamId).catch((e: unknown) => console.error('[offscreen] close failed', e));
    }
  });
});

async function handle(
  msg: Exclude<StreamUp, { type: 'terms' }>,
  port: chrome.runtime.Port,
  sender: chrome.runtime.MessageSender,
  streams: Set<string>,
  refused: Set<string>,
): Promise<void> {
  const streamId = msg.type === 'open' ? msg.stream.streamId : msg.streamId;
  /** Admission said no: the sender drops the stream and stops re-sending; we forget it. */
  const refuse = (a: Exclude<Admission, { ok: true }>, seqs: number[]) => {
    console.info(`[offscreen] stream ${streamId} refused: ${a.reason} (${a.detail})`);
    if (a.scope === 'stream') {
      refused.add(streamId);
      streams.delete(streamId);
      contexts.delete(streamId);
      if (portsByStream.get(streamId) === port) portsByStream.delete(streamId);
      void api.closeStream(streamId).catch(() => {});
    }
    const down: StreamDown = { type: 'refused', streamId, scope: a.scope, seqs, reason: a.reason };
    port.postMessage(down);
  };
  if (refused.has(streamId)) {
    // Sent before the sender heard the refusal: say it again, store nothing.
    port.postMessage({
      type: 'refused',
      streamId,
      scope: 'stream',
      seqs: [],
      reason: 'refused',
    } satisfies StreamDown);
    return;
  }
  if (closedStreams.has(streamId)) {
    // Its site was turned off and its port closed (closeDisabled): the reconnecting sender is told
    // to drop the stream, and nothing of it is stored.
    refuse(
      { ok: false, reason: 'origin-not-enabled', detail: 'its site was turned off', scope: 'stream' },
      [],
    );
    return;
  }
  try {
    switch (msg.type) {
      case 'open': {
        if (msg.stream.tabId !== sender.tab?.id || msg.stream.frameId !== sender.frameId) {
          throw new Error('stream header does not match its sender');
        }
        const ctx: BatchContext = {
          source: 'frame',
          sessionId: msg.stream.sessionId,
          madeUnder: msg.directive,
          // Chrome's word for the frame's origin; an opaque one ("null") is never enabled.
          sender: { origin: sender.origin ?? 'null', headerUrl: msg.stream.url, opening: true },
        };
        const here = admit(ctx, { now: Date.now(), coordinator: await knownCoordinator() });
        if (!here.ok) return refuse(here, []);
        streams.add(msg.stream.streamId);
        contexts.set(msg.stream.streamId, ctx);
        portsByStream.set(msg.stream.streamId, port);
        const there = await api.openStream(msg.stream, msg.directive, msg.terms ?? []);
        if (!there.ok) refuse(there, []);
        return;
      }
      case 'batch': {
        const ctx = contexts.get(msg.streamId);
        if (!streams.has(msg.streamId) || !ctx) throw new Error('batch for a stream this port did not open');
        // Again per batch: the site may have been turned off, the session stopped, since the open.
        const here = admit(
          { ...ctx, sender: ctx.sender && { ...ctx.sender, opening: false } },
          { now: Date.now(), coordinator: await knownCoordinator() },
        );
        if (!here.ok) return refuse(here, [msg.seq]);
        stats.received(msg.streamId, msg.seq, msg.count, Date.now());
        const there = await api.batch(msg.streamId, msg.seq, msg.events).catch((e: unknown) => {
          stats.dropped(msg.streamId, msg.seq);
          throw e;
        });
        if (!there.ok) {
          stats.dropped(msg.streamId, msg.seq);
          refuse(there, [msg.seq]);
        }
        return;
      }
      case 'flush':
        if (!streams.has(msg.streamId)) return;
        await api.flush(msg.streamId);
        port.postMessage({ type: 'flushed', streamId: msg.streamId, id: msg.id } satisfies StreamDown);
        return;
      default:
        msg satisfies never;
    }
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    console.warn('[offscreen] stream message failed:', reason);
    port.postMessage({
      type: 'rejected',
      streamId,
      reason,
      fatal: isFatal(reason),
      sessionFatal: /quota/i.test(reason), // storage full: no frame can go on
    } satisfies StreamDown);
  }
}

/** A batch or header we can never accept: retrying cannot help, so that frame stops visibly. */
function isFatal(reason: string): boolean {
  return /quota|malformed|not an array|not JSON|too large|does not match/i.test(reason);
}

/**
 * A site was turned off: closes the ports of frames on sites not in `origins`. Frames that got their
 * stop directive have closed theirs already; this catches one that did not. What its stream holds
 * is written (as on any disconnect); nothing it sends later is heard.
 */
function closeDisabled(origins: OriginRule[]): { closed: number } {
  let closed = 0;
  for (const port of new Set(portsByStream.values())) {
    const url = port.sender?.url;
    if (url !== undefined && originEnabled(url, origins)) continue;
    for (const [streamId, p] of [...portsByStream]) {
      if (p !== port) continue;
      closedStreams.add(streamId);
      portsByStream.delete(streamId);
      void api.closeStream(streamId).catch((e: unknown) => console.error('[offscreen] close failed', e));
    }
    port.disconnect(); // our own disconnect fires no onDisconnect here: the loop above is its cleanup
    closed++;
  }
  return { closed };
}

listen(
  'offscreen',
  {
    'offscreen/ping': () => ({ ok: true as const }),
    'offscreen/stats': () => stats.snapshot(),
    'offscreen/state': (req) => setCoordinator(req),
    'offscreen/sessionStart': (req) => {
      stats.session(req.sessionId, Date.now());
      return api.sessionStart(req);
    },
    'offscreen/sessionEnd': (req) => api.sessionEnd(req.sessionId, req.endedAt),
    'offscreen/forget': (req) => api.forget(req.sessionId, req.from, req.to),
    'offscreen/sessionEvents': (req) => api.sessionEvents(req.sessionId, req.key, req.events),
    'offscreen/closeDisabled': (req) => closeDisabled(req.origins),
  },
  (sender) => sender.tab === undefined && sender.url === chrome.runtime.getURL('sw.js'),
);

startWorker();
void askCoordinator();
setInterval(
  () => void api.tick().catch((e: unknown) => console.error('[offscreen] tick failed', e)),
  TICK_MS,
);
