/**
 * Content script entry (isolated world, every frame of an enabled origin). It records only what the
 * service worker's directive allows, and listens only to messages from its own extension: the
 * page has no channel to it.
 */
import { listen, send } from '../../shared/messaging';
import type { FrameDirective } from '../../shared/protocol';
import { checkSelectors, joinSelectors } from '../../shared/selectors';
import { isSecretField } from './masking';
import { showStoppedNotice } from './notice';
import { PauseWatch } from './pause-watch';
import { Recorder } from './recorder';
import { SessionFatalError, StreamRefusedError } from './stream-link';
import { TermsPort } from './terms-port';

declare global {
  // Isolated-world global: invisible to the page, guards against double injection.
  var __recorderContentLoaded: boolean | undefined;
}

let recorder: Recorder | null = null;
let sessionId: string | null = null;
/** What was typed here while the session was paused (memory only; content/pause-watch.ts). */
let pause: { sessionId: string; watch: PauseWatch; port: TermsPort } | null = null;

/**
 * Paused: watch what the user types (every frame, also one its parent records). Resumed: stop
 * watching, keep the terms for the session's next streams. Another session or none: forget them.
 */
function followPause(d: FrameDirective): void {
  if (pause && pause.sessionId !== d.sessionId) {
    pause.watch.stop();
    pause.port.close();
    pause = null;
  }
  if (d.record && d.paused && d.sessionId !== null) {
    if (!pause) {
      const mask = joinSelectors(checkSelectors(d.maskSelectors).valid);
      const port = new TermsPort({ sessionId: d.sessionId, epoch: d.epoch });
      const watch = new PauseWatch(
        (el) => isSecretField(el, mask),
        (terms) => port.send(terms),
      );
      pause = { sessionId: d.sessionId, watch, port };
    }
    pause.watch.start();
  } else if (pause?.watch.watching) {
    pause.watch.stop();
  }
}

function pauseTerms(forSession: string | null): string[] {
  return pause && pause.sessionId === forSession ? pause.watch.all() : [];
}

async function apply(d: FrameDirective): Promise<void> {
  followPause(d);
  const shouldRecord = d.record && !d.paused && d.sessionId !== null && !coveredByParent();
  if (recorder && (!shouldRecord || d.sessionId !== sessionId)) {
    const old = recorder;
    recorder = null;
    await old.stop();
  }
  if (shouldRecord && !recorder) {
    sessionId = d.sessionId;
    const r: Recorder = new Recorder(
      d,
      (e) => {
        if (recorder === r) recorder = null;
        if (e instanceof StreamRefusedError) {
          console.info('[recorder]', e.message);
          void recheck(d.sessionId);
          return;
        }
        showStoppedNotice(e.message);
        // Only storage or buffer full ends the session; anything else ends this frame's stream.
        const scope = e instanceof SessionFatalError ? 'session' : 'frame';
        void send('sw', 'content/failed', { reason: e.message, scope }).catch(() => {});
      },
      () => pauseTerms(d.sessionId),
    );
    recorder = r;
  }
}

/**
 * Our stream was refused: this frame recorded under a directive that no longer holds (it missed
 * Stop, e.g. its tab moved to another window). Ask what to do now; a directive for the refused
 * session again is not followed, so a refusal can never loop.
 */
async function recheck(refused: string | null): Promise<void> {
  const d = await send('sw', 'content/hello', { url: location.href }).catch(() => null);
  if (d && d.sessionId !== refused) await apply(d);
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
