/**
 * What the service worker must remember: the recording record in chrome.storage.session (the
 * settings in effect are read through shared/settings.ts). Nothing lives only in the worker's
 * memory, which Chrome may drop at any time.
 */
import { nextSpans } from '../../shared/admission';
import { read, write } from '../../shared/storage';
import { IDLE_RECORDING, type RecordingRecord, recordingItem } from '../../shared/storage-items';

export { getSettings, readPolicy, refreshPolicy, type Settings } from '../../shared/settings';
export type { RecordingRecord } from '../../shared/storage-items';

/** A record stored before `epoch` existed reads as epoch 0 (the item's migration). */
export function getRecording(): Promise<RecordingRecord> {
  return read(recordingItem);
}

export async function setRecording(
  patch: Partial<Omit<RecordingRecord, 'epoch' | 'spans'>>,
): Promise<RecordingRecord> {
  const current = await getRecording();
  const next = { ...current, ...patch, epoch: current.epoch + 1 };
  next.spans = nextSpans(current.spans, next);
  await write(recordingItem, next);
  return next;
}

export async function resetRecording(): Promise<RecordingRecord> {
  const current = await getRecording();
  const next = { ...IDLE_RECORDING, epoch: current.epoch + 1 };
  next.spans = nextSpans(current.spans, next); // the stopped session's spans stay, closed
  await write(recordingItem, next);
  return next;
}
