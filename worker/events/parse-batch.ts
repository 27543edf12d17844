/**
 * Batches arrive as JSON text from a content script, which runs in pages we do not trust. A batch
 * that is not an array of well-formed events is rejected whole, with a reason, before anything
 * is stored.
 */

import type { eventWithTime } from '@rrweb/types';
import { EventType } from '../../shared/events';

export const MAX_BATCH_CHARS = 64 * 1024 * 1024;

export class MalformedBatchError extends Error {}

export function parseEventBatch(json: string): eventWithTime[] {
  if (typeof json !== 'string') throw new MalformedBatchError('batch is not text');
  if (json.length > MAX_BATCH_CHARS)
    throw new MalformedBatchError(`batch of ${json.length} chars is too large`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new MalformedBatchError(`batch is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(value)) throw new MalformedBatchError('batch is not an array');
  value.forEach((e, i) => {
    const reason = checkEvent(e);
    if (reason) throw new MalformedBatchError(`event ${i}: ${reason}`);
  });
  return value as eventWithTime[];
}

function checkEvent(e: unknown): string | null {
  if (e === null || typeof e !== 'object') return 'not an object';
  const { type, timestamp, data } = e as { type?: unknown; timestamp?: unknown; data?: unknown };
  if (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > 7)
    return `bad type ${String(type)}`;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return 'bad timestamp';
  if (data === null || typeof data !== 'object') return 'no data';
  if (type === EventType.FullSnapshot) {
    const node = (data as { node?: { type?: unknown } }).node;
    if (!node || typeof node !== 'object' || typeof node.type !== 'number')
      return 'full snapshot without node';
  }
  if (type === EventType.IncrementalSnapshot) {
    const source = (data as { source?: unknown }).source;
    if (typeof source !== 'number' || !Number.isInteger(source) || source < 0 || source > 16)
      return 'bad source';
  }
  if (type === EventType.Custom && typeof (data as { tag?: unknown }).tag !== 'string')
    return 'custom event without tag';
  return null;
}
