/**
 * Content script entry (isolated world, every frame of an enabled origin). It records only what the
 * service worker's directive allows, and listens only to messages from its own extension: the
 * page has no channel to it.
 */
import { listen, send } from '../../shared/messaging';
import type { FrameDirective } from '../../shared/protocol';
import { showStoppedNotice } from './notice';
import { Recorder } from './recorder';

declare global {
  // Isolated-world global: invisible to the page, guards against double injection.
  var __recorderContentLoaded: boolean | undefined;
}

let recorder: Recorder | null = null;
let sessionId: string | null = null;

async function apply(d: FrameDirective): Promise<void> {
  const shouldRecord = d.record && !d.paused && d.sessionId !== null && !coveredByParent();
  if (recorder && (!shouldRecord || d.sessionId !== sessionId)) {
    const old = recorder;
    recorder = null;
    await old.stop();
  }
  if (shouldRecord && !recorder) {
    sessionId = d.sessionId;
    recorder = new Recorder(d, (e) => {
      recorder = null;
      showStoppedNotice(e.message);
      void send('sw', 'content/failed', { reason: e.message }).catch(() => {});
    });
  }
}

/** A same-origin child frame is recorded by its parent's rrweb (it serializes the iframe). */
function coveredByParent(): boolean {
  if (window === window.top) return false;
  try {
    return window.parent.document !== null;
  } catch {
    return false;
  }
}

function main(): void {
  if (globalThis.__recorderContentLoaded) return;
  globalThis.__recorderContentLoaded = true;
  listen(
    'content',
    {
      'content/directive': (d) => apply(d),
      'content/flush': async () => ({ pending: recorder ? await recorder.flush() : 0 }),
    },
    (sender) => sender.tab === undefined, // only the extension itself (service worker), never another tab
  );
  send('sw', 'content/hello', { url: location.href }).then(apply, (e: unknown) =>
    console.debug('[recorder] not recording here:', e),
  );
}

main();
