/**
 * Typed send/receive over chrome.runtime messaging, inferred from the protocol maps. Receivers
 * check the sender before dispatch and reject by default.
 */
import type {
  Envelope,
  Handlers,
  MessageType,
  Protocols,
  Receiver,
  Reply,
  RequestOf,
  ResponseOf,
} from './protocol';

export type Sender = chrome.runtime.MessageSender;

export async function send<R extends Receiver, K extends MessageType<R>>(
  to: R,
  type: K,
  data: RequestOf<R, K>,
): Promise<Awaited<ResponseOf<R, K>>> {
  const reply = (await chrome.runtime.sendMessage({ to, type, data } satisfies Envelope)) as Reply<
    Awaited<ResponseOf<R, K>>
  > | null;
  return unwrap(reply, type);
}

export async function sendToFrame<K extends MessageType<'content'>>(
  tabId: number,
  frameId: number,
  type: K,
  data: RequestOf<'content', K>,
): Promise<Awaited<ResponseOf<'content', K>>> {
  const reply = (await chrome.tabs.sendMessage(tabId, { to: 'content', type, data } satisfies Envelope, {
    frameId,
  })) as Reply<Awaited<ResponseOf<'content', K>>> | null;
  return unwrap(reply, type);
}

function unwrap<T>(reply: Reply<T> | null | undefined, type: string): T {
  if (!reply) throw new Error(`no receiver answered ${type}`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/**
 * Installs a receiver. `accept` decides whether a sender may talk to it at all; envelopes for other
 * receivers are left for them (returning false keeps the channel free).
 */
export function listen<R extends Receiver>(
  to: R,
  handlers: Handlers<R, Sender>,
  accept: (sender: Sender, type: MessageType<R>) => boolean,
): () => void {
  const listener = (message: unknown, sender: Sender, sendResponse: (r: Reply<unknown>) => void): boolean => {
    if (!isEnvelope(message) || message.to !== to) return false;
    const type = message.type as MessageType<R>;
    const handler = (handlers as Record<string, ((d: unknown, s: Sender) => unknown) | undefined>)[type];
    if (!Object.hasOwn(handlers, type) || !handler) {
      sendResponse({ ok: false, error: `unknown message ${String(type)}` });
      return false;
    }
    if (sender.id !== chrome.runtime.id || !accept(sender, type)) {
      console.warn(`rejected ${String(type)} from`, sender.url);
      sendResponse({ ok: false, error: 'sender not allowed' });
      return false;
    }
    Promise.resolve()
      .then(() => handler(message.data, sender))
      .then(
        (value) => sendResponse({ ok: true, value }),
        (e: unknown) => sendResponse({ ok: false, error: e instanceof Error ? e.message : String(e) }),
      );
    return true;
  };
  chrome.runtime.onMessage.addListener(listener);
  return () => chrome.runtime.onMessage.removeListener(listener);
}

function isEnvelope(m: unknown): m is Envelope {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as Envelope).to === 'string' &&
    typeof (m as Envelope).type === 'string'
  );
}

export function isExtensionPage(sender: Sender): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
}

export function isContentScript(sender: Sender): boolean {
  return sender.tab !== undefined && typeof sender.frameId === 'number' && !isExtensionPage(sender);
}

export type { Protocols };
