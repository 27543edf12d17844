/**
 * The recording controls. The popup, the keyboard commands and the tests all call these same
 * functions; state lives in chrome.storage, never only in memory.
 */

import type { CoordinatorState } from '../../shared/admission';
import { customEvent } from '../../shared/events';
import { send, sendToFrame } from '../../shared/messaging';
import type { FrameDirective, TaskRef, UiState } from '../../shared/protocol';
import { CONSENT_TEXT_VERSION } from '../../shared/session';
import { showBadge } from './badge';
import { ensureOffscreen } from './offscreen-host';
import { originEnabled } from './origins';
import { emitSessionEvents } from './session-events';
import { getRecording, getSettings, type RecordingRecord, resetRecording, setRecording } from './settings';

export async function directiveFor(
  tab: chrome.tabs.Tab,
  frameId: number,
  url: string,
): Promise<FrameDirective> {
  const [rec, settings] = await Promise.all([getRecording(), getSettings()]);
  const inSession =
    (rec.state === 'recording' || rec.state === 'paused') &&
    rec.sessionId !== null &&
    tab.windowId === rec.windowId;
  const allowed = settings.consent !== null && !tab.incognito && originEnabled(url, settings.origins);
  return {
    record: inSession && allowed,
    sessionId: inSession && allowed ? rec.sessionId : null,
    paused: rec.state === 'paused',
    tabId: tab.id ?? -1,
    frameId,
    blockSelectors: settings.blockSelectors,
    maskSelectors: settings.maskSelectors,
    origins: settings.origins,
    epoch: rec.epoch,
  };
}

/** What the offscreen document admits stream messages against (shared/admission.ts). */
export async function coordinatorState(): Promise<CoordinatorState> {
  const [rec, settings] = await Promise.all([getRecording(), getSettings()]);
  return {
    epoch: rec.epoch,
    state: rec.state,
    sessionId: rec.sessionId,
    origins: settings.origins,
    spans: rec.spans,
  };
}

/**
 * Tells the offscreen document the coordinator's state. Called after each change, before the
 * frames hear of it (so their streams are admitted), and when the service worker starts. Without an
 * offscreen document there is nobody to tell: it asks (`offscreen/hello`) when it starts.
 */
export async function tellOffscreen(): Promise<void> {
  await send('offscreen', 'offscreen/state', await coordinatorState()).catch(() => {});
}

/**
 * Tells every frame of one tab what to do now: a tab moved into or out of the recorded window
 * (the window decides whether it is in the session), so it starts or stops recording at once.
 */
export async function directTab(tabId: number): Promise<void> {
  const tab = await chrome.tabs.get(tabId).catch(() => null);
  if (!tab) return;
  const frames = (await chrome.webNavigation.getAllFrames({ tabId }).catch(() => null)) ?? [];
  await Promise.all(
    frames.map(async (f) =>
      sendToFrame(tabId, f.frameId, 'content/directive', await directiveFor(tab, f.frameId, f.url)).catch(
        () => {},
      ),
    ),
  );
}

/** Tells every frame of every tab what to do now. Frames without our script are skipped. */
async function broadcast(windowId: number | null): Promise<void> {
  const tabs = await chrome.tabs.query(windowId === null ? {} : { windowId });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      const frames = (await chrome.webNavigation.getAllFrames({ tabId: tab.id }).catch(() => null)) ?? [];
      await Promise.all(
        frames.map(async (f) =>
          sendToFrame(
            tab.id!,
            f.frameId,
            'content/directive',
            await directiveFor(tab, f.frameId, f.url),
          ).catch(() => {}),
        ),
      );
    }),
  );
}

/**
 * The allowlist shrank (the user disabled a site, or a policy change removed one). Every frame of
 * every tab gets its directive again; each frame on a site no longer enabled stops capturing on
 * arrival and has delivered what it captured before, by the time its answer comes back. Then the
 * offscreen document closes stream ports still open from such sites (a frame that missed the
 * directive). Callers await this before answering, so the switch has taken effect when the UI
 * shows it.
 */
export async function enforceOrigins(): Promise<void> {
  await broadcast(null);
  const { origins } = await getSettings();
  // No offscreen document means no stream port to close.
  await send('offscreen', 'offscreen/closeDisabled', { origins }).catch(() => {});
}

export async function flushAll(): Promise<{ frames: number }> {
  const rec = await getRecording();
  if (rec.windowId === null) return { frames: 0 };
  const tabs = await chrome.tabs.query({ windowId: rec.windowId });
  let frames = 0;
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      const all = (await chrome.webNavigation.getAllFrames({ tabId: tab.id }).catch(() => null)) ?? [];
      await Promise.all(
        all.map(async (f) => {
          const r = await sendToFrame(tab.id!, f.frameId, 'content/flush', {}).catch(() => null);
          if (r === null) return;
          if (r.pending > 0)
            throw new Error(`frame ${f.frameId} of tab ${tab.id} still has ${r.pending} batches unstored`);
          frames++;
        }),
      );
    }),
  );
  return { frames };
}

export async function startRecording(tabId: number, intent: string | null): Promise<void> {
  const settings = await getSettings();
  if (!settings.consent) throw new Error('consent is needed before recording');
  const tab = await chrome.tabs.get(tabId);
  if (tab.incognito) throw new Error('recording is never done in incognito windows');
  if (!tab.url || !originEnabled(tab.url, settings.origins))
    throw new Error('recording is not enabled on this site');
  const current = await getRecording();
  if (current.state === 'recording' || current.state === 'paused') throw new Error('already recording');
  // Recording without the admin's rules would store what they name: fail closed, and say why.
  if (settings.policy.redactionRulesError)
    throw new Error(`your admin's redaction rules are invalid: ${settings.policy.redactionRulesError}`);
  const sessionId = crypto.randomUUID();
  const startedAt = Date.now();
  await ensureOffscreen();
  await send('offscreen', 'offscreen/sessionStart', {
    sessionId,
    startedAt,
    consent: settings.consent,
    intent,
    redactionRules: settings.policy.redactionRules ?? null,
  });
  const task = intent ? { taskId: crypto.randomUUID(), key: crypto.randomUUID() } : null;
  await setRecording({ state: 'recording', sessionId, windowId: tab.windowId, startedAt, task, error: null });
  await tellOffscreen();
  if (task && intent) await emitTaskStart(sessionId, task, intent);
  await showBadge('recording');
  await broadcast(tab.windowId);
}

export async function stopRecording(): Promise<void> {
  const rec = await getRecording();
  if (!rec.sessionId) {
    await resetRecording();
    await showBadge('idle');
    return;
  }
  if (rec.task) {
    await emitSessionEvents(rec.sessionId, [
      customEvent('rec/task', { op: 'end', taskId: rec.task.taskId, outcome: 'done' }),
    ]);
  }
  await flushAll().catch((e: unknown) => console.warn('[sw] flush before stop incomplete', e));
  await resetRecording();
  await broadcast(rec.windowId);
  await ensureOffscreen();
  await send('offscreen', 'offscreen/sessionEnd', { sessionId: rec.sessionId, endedAt: Date.now() });
  // Only now: while the frames drained above, their session was still the current one.
  await tellOffscreen();
  await showBadge('idle');
}

export async function setPaused(paused: boolean): Promise<void> {
  const rec = await getRecording();
  if (rec.state !== (paused ? 'recording' : 'paused'))
    throw new Error(paused ? 'not recording' : 'not paused');
  // `rec/paused` marks the gap for the replay: after every frame stopped, before anything resumed.
  if (!paused) await markPause(rec.sessionId, 'resumed');
  await setRecording({ state: paused ? 'paused' : 'recording' });
  await tellOffscreen();
  await showBadge(paused ? 'paused' : 'recording');
  await broadcast(rec.windowId);
  if (paused) await markPause(rec.sessionId, 'paused');
}

async function markPause(sessionId: string | null, phase: 'paused' | 'resumed'): Promise<void> {
  if (sessionId !== null) await emitSessionEvents(sessionId, [customEvent('rec/paused', { phase })]);
}

/**
 * "Forget the last N minutes": pause (every frame flushes and stops), delete the window, and resume
 * if we were recording; resumed recorders start fresh streams with new full snapshots.
 */
export async function forgetRecent(minutes: number): Promise<{ removed: number }> {
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error('minutes must be between 1 and 1440');
  const rec = await activeSession();
  const wasRecording = rec.state === 'recording';
  if (wasRecording) await setPaused(true);
  await flushAll();
  const to = Date.now();
  await ensureOffscreen();
  const r = await send('offscreen', 'offscreen/forget', {
    sessionId: rec.sessionId,
    from: to - minutes * 60_000,
    to,
  });
  if (wasRecording) await setPaused(false);
  return r;
}

export async function togglePause(): Promise<void> {
  const rec = await getRecording();
  if (rec.state === 'recording' || rec.state === 'paused') await setPaused(rec.state === 'recording');
}

export async function startTask(intent: string): Promise<void> {
  const rec = await activeSession();
  if (rec.task) await endTask('done');
  const task = { taskId: crypto.randomUUID(), key: crypto.randomUUID() };
  await setRecording({ task });
  await emitTaskStart(rec.sessionId, task, intent);
}

/** The raw intent goes only into the outbox, which drops it once the worker has it. */
async function emitTaskStart(sessionId: string, task: TaskRef, intent: string): Promise<void> {
  await emitSessionEvents(
    sessionId,
    [customEvent('rec/task', { op: 'start', taskId: task.taskId, intent })],
    task.key,
  );
}

export async function endTask(outcome: 'done' | 'abandoned'): Promise<void> {
  const rec = await activeSession();
  if (!rec.task) throw new Error('no task in progress');
  await emitSessionEvents(rec.sessionId, [
    customEvent('rec/task', { op: 'end', taskId: rec.task.taskId, outcome }),
  ]);
  await setRecording({ task: null });
}

/**
 * A failure no frame can go on after (storage full, a send buffer full): the session stops with
 * the visible error. A frame's own failure stops only that frame (see sw.ts `content/failed`).
 */
export async function recordingFailed(reason: string): Promise<void> {
  const rec = await getRecording();
  if (rec.state !== 'recording' && rec.state !== 'paused') return;
  await setRecording({ state: 'error', error: reason });
  await showBadge('error', reason);
  await broadcast(rec.windowId); // every frame stops: no silent gap in one tab while others go on
  if (rec.sessionId === null) return;
  // The session is over (there is no resume from an error): end it, so it can be reviewed and
  // late batches get the grace period, not an open session. Stop later only resets the state.
  try {
    await ensureOffscreen();
    await send('offscreen', 'offscreen/sessionEnd', { sessionId: rec.sessionId, endedAt: Date.now() });
  } catch (e) {
    console.warn('[sw] failed session not ended (Stop ends it)', e); // storage may be what failed
  }
  await tellOffscreen();
}

async function activeSession(): Promise<RecordingRecord & { sessionId: string }> {
  const rec = await getRecording();
  if ((rec.state !== 'recording' && rec.state !== 'paused') || rec.sessionId === null)
    throw new Error('not recording');
  return rec as RecordingRecord & { sessionId: string };
}

export async function uiState(tabId: number | null): Promise<UiState> {
  const [rec, settings] = await Promise.all([getRecording(), getSettings()]);
  let tab: UiState['tab'] = null;
  if (tabId !== null) {
    const t = await chrome.tabs.get(tabId).catch(() => null);
    if (t?.url) {
      let origin: string | null = null;
      try {
        const u = new URL(t.url);
        origin = u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
      } catch {}
      tab = {
        id: tabId,
        url: t.url,
        origin,
        enabled: originEnabled(t.url, settings.origins),
        recordable: origin !== null && !t.incognito,
      };
    }
  }
  return {
    consent: settings.consent?.version === CONSENT_TEXT_VERSION ? settings.consent : null,
    state: rec.state,
    error: rec.error,
    sessionId: rec.sessionId,
    windowId: rec.windowId,
    startedAt: rec.startedAt,
    task: rec.task,
    origins: settings.origins,
    tab,
  };
}
