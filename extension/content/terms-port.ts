/**
 * Hands the pause terms (content/pause-watch.ts) to the offscreen document while no stream is open
 * (recording is paused): the page may be gone by the time recording resumes. A port kept for the
 * pause; after it drops (offscreen document or worker restarted) the next send reconnects, asks the
 * service worker to recreate the store first, and sends every term again.
 */
import type { DirectiveStamp } from '../../shared/admission';
import { send } from '../../shared/messaging';
import { STREAM_PORT, type StreamUp } from '../../shared/protocol';

export class TermsPort {
  private port: chrome.runtime.Port | null = null;

  constructor(private readonly stamp: DirectiveStamp) {}

  send(terms: string[]): void {
    if (!chrome.runtime?.id || terms.length === 0) return;
    const msg: StreamUp = { type: 'terms', directive: this.stamp, terms };
    try {
      this.connected().postMessage(msg);
    } catch {
      this.port = null;
      // No offscreen document (or it is restarting): wake the store, then try once more.
      void send('sw', 'content/ensureStore', {})
        .then(() => this.connected().postMessage(msg))
        .catch(() => {}); // the resume's open hands them again
    }
  }

  close(): void {
    this.port?.disconnect();
    this.port = null;
  }

  private connected(): chrome.runtime.Port {
    if (this.port) return this.port;
    const port = chrome.runtime.connect({ name: STREAM_PORT });
    port.onDisconnect.addListener(() => {
      void chrome.runtime?.lastError;
      if (this.port === port) this.port = null;
    });
    this.port = port;
    return port;
  }
}
