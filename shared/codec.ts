/** Stored chunk encoding: gzip (fflate) of the events' JSON array. */

import type { eventWithTime } from '@rrweb/types';
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';

export function encodeEvents(events: eventWithTime[]): { data: Uint8Array; rawBytes: number } {
  const json = strToU8(JSON.stringify(events));
  return { data: gzipSync(json, { level: 6 }), rawBytes: json.length };
}

export function decodeEvents(data: Uint8Array): eventWithTime[] {
  return JSON.parse(strFromU8(gunzipSync(data))) as eventWithTime[];
}
