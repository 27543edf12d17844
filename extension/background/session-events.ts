/**
 * Session-level events the service worker observes (tab switches, navigations, task markers). They
 * wait in an outbox in chrome.storage.session until the worker has stored them, so a service
 * worker killed in between loses none; storage deduplicates by key.
 *
 * The outbox holds raw, unredacted strings (navigation URLs, task intents): each item is deleted as
 * soon as the worker has acked it, and nothing else in chrome.storage.session keeps such strings.
 * Whoever needs one later reads the redacted copy the worker stored (stream `sw:<key>`).
 */
import type { CustomEvent } from '../../shared/events';
import { send } from '../../shared/messaging';
import { read, remove, write } from '../../shared/storage';
import { type OutboxItem, outboxItem } from '../../shared/storage-items';
import { ensureOffscreen } from './offscreen-host';

let chain: Promise<void> = Promise.resolve();

function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = chain.then(fn);
  chain = run.then(
    () => {},
    () => {},
  );
  return run;
}

function readOutbox(): Promise<OutboxItem[]> {
  return read(outboxItem);
}

/**
 * Queues the events and delivers the outbox. Resolves (to the item's key, which names the stored
 * stream `sw:<key>`) once delivered, or once delivery failed and the item waits for the next try.
 */
export function emitSessionEvents(
  sessionId: string,
  events: CustomEvent[],
  key: string = crypto.randomUUID(),
): Promise<string> {
  return serial(async () => {
    const item = { key, sessionId, events: JSON.stringify(events) };
    await write(outboxItem, [...(await readOutbox()), item]);
  })
    .then(deliverOutbox)
    .then(() => key);
}

export function deliverOutbox(): Promise<void> {
  return serial(async () => {
    const items = await readOutbox();
    if (items.length === 0) return;
    await ensureOffscreen();
    const delivered = new Set<string>();
    for (const item of items) {
      try {
        await send('offscreen', 'offscreen/sessionEvents', item);
        delivered.add(item.key);
      } catch (e) {
        console.warn('[sw] session events not delivered yet', e);
        break;
      }
    }
    const rest = (await readOutbox()).filter((i) => !delivered.has(i.key));
    // An empty outbox is removed, not kept as [], so nothing of it lingers in session storage.
    if (rest.length === 0) await remove(outboxItem);
    else await write(outboxItem, rest);
  });
}
