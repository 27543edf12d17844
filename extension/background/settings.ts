/**
 * What the service worker must remember: user settings in chrome.storage.local, the recording
 * state in chrome.storage.session. Nothing lives only in the worker's memory, which Chrome may
 * drop at any time.
 */
import type { RecordingState } from '../../shared/protocol';
import type { ConsentRecord, OriginRule } from '../../shared/session';

export interface Settings {
  consent: ConsentRecord | null;
  origins: OriginRule[];
}

export interface RecordingRecord {
  state: RecordingState;
  sessionId: string | null;
  windowId: number | null;
  startedAt: number | null;
  task: { taskId: string; intent: string } | null;
  error: string | null;
}

const IDLE: RecordingRecord = {
  state: 'idle',
  sessionId: null,
  windowId: null,
  startedAt: null,
  task: null,
  error: null,
};

export async function getSettings(): Promise<Settings> {
  const s = (await chrome.storage.local.get(['consent', 'origins'])) as Partial<Settings>;
  return { consent: s.consent ?? null, origins: s.origins ?? [] };
}

export async function setSettings(patch: Partial<Settings>): Promise<void> {
  await chrome.storage.local.set(patch);
}

export async function getRecording(): Promise<RecordingRecord> {
  const { recording } = (await chrome.storage.session.get('recording')) as { recording?: RecordingRecord };
  return recording ?? IDLE;
}

export async function setRecording(patch: Partial<RecordingRecord>): Promise<RecordingRecord> {
  const next = { ...(await getRecording()), ...patch };
  await chrome.storage.session.set({ recording: next });
  return next;
}

export async function resetRecording(): Promise<RecordingRecord> {
  await chrome.storage.session.set({ recording: IDLE });
  return IDLE;
}
