/**
 * The offscreen document hosts the worker and ends the content scripts' stream ports. It keeps no
 * recording data of its own: batches go straight to the worker, acks come back when durable.
 */
import { proxy, type Remote, wrap } from 'comlink';
import { isContentScript, listen } from '../../shared/messaging';
import { STREAM_PORT, type StreamDown, type StreamUp } from '../../shared/protocol';
import type { WorkerApi } from '../../worker/api';
import { parseStreamUp } from './stream-schema';

const TICK_MS = 1000;

let worker: Worker;
let api: Remote<WorkerApi>;
const portsByStream = new Map<string, chrome.runtime.Port>();

function startWorker(): void {
  worker = new Worker(new URL('../../worker/index.ts', import.meta.url), { type: 'module' });
  api = wrap<WorkerApi>(worker);
  void api.setAckListener(
    proxy((streamId: string, seqs: number[]) => post(streamId, { type: 'ack', streamId, seqs })),
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
  let queue = Promise.resolve();
  port.onMessage.addListener((raw: unknown) => {
    const parsed = parseStreamUp(raw);
    if (!parsed.ok) {
      console.warn('[offscreen] malformed stream message rejected:', parsed.error);
      return;
    }
    // One port's messages are handled in order: seqs reach the worker as they were sent.
    queue = queue.then(() => handle(parsed.value, port, sender, streams));
  });
  port.onDisconnect.addListener(() => {
    for (const streamId of streams) {
      if (portsByStream.get(streamId) === port) portsByStream.delete(streamId);
      void api.closeStream(streamId).catch((e: unknown) => console.error('[offscreen] close failed', e));
    }
  });
});

async function handle(
  msg: StreamUp,
  port: chrome.runtime.Port,
  sender: chrome.runtime.MessageSender,
  streams: Set<string>,
): Promise<void> {
  try {
    switch (msg.type) {
      case 'open':
        if (msg.stream.tabId !== sender.tab?.id || msg.stream.frameId !== sender.frameId) {
          throw new Error('stream header does not match its sender');
        }
        streams.add(msg.stream.streamId);
        portsByStream.set(msg.stream.streamId, port);
        await api.openStream(msg.stream);
        return;
      case 'batch':
        if (!streams.has(msg.streamId)) throw new Error('batch for a stream this port did not open');
        await api.batch(msg.streamId, msg.seq, msg.events);
        return;
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
    const streamId = msg.type === 'open' ? msg.stream.streamId : msg.streamId;
    port.postMessage({ type: 'rejected', streamId, reason, fatal: isFatal(reason) } satisfies StreamDown);
  }
}

/** Storage full or a batch we can never accept: retrying cannot help, so recording stops visibly. */
function isFatal(reason: string): boolean {
  return /quota|malformed|not an array|not JSON|too large|does not match|unknown session/i.test(reason);
}

listen(
  'offscreen',
  {
    'offscreen/ping': () => ({ ok: true as const }),
    'offscreen/sessionStart': (req) => api.sessionStart(req),
    'offscreen/sessionEnd': (req) => api.sessionEnd(req.sessionId, req.endedAt),
    'offscreen/forget': (req) => api.forget(req.sessionId, req.from, req.to),
    'offscreen/sessionEvents': (req) => api.sessionEvents(req.sessionId, req.key, req.events),
  },
  (sender) => sender.tab === undefined && sender.url === chrome.runtime.getURL('sw.js'),
);

startWorker();
setInterval(
  () => void api.tick().catch((e: unknown) => console.error('[offscreen] tick failed', e)),
  TICK_MS,
);
