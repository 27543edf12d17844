/**
 * Import runs every event through the strict walker: keys smuggled into a tampered bundle (where a
 * page cannot put them, but an edited file can) are not written to IndexedDB.
 */
import 'fake-indexeddb/auto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvents } from '../../shared/codec';
import { buildBundle } from '../ship/bundle';
import { MANIFEST_PATH } from '../ship/format';
import { sha256Hex } from '../ship/hash';
import { importBundle } from '../ship/import';
import { readBundle } from '../ship/read-bundle';
import { approvedSession, OPTIONS } from '../ship/testing';
import { RecorderDb } from '../store/schema';
import * as scenarios from '../trajectory/fixtures/scenarios';

const SECRET = 'jane.doe@mail.test';
const EVENTS = 'events/session-a.json';

let db: RecorderDb;
let n = 0;
beforeEach(() => {
  db = new RecorderDb(`walker-import-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

/** Edits every object of the events file but attribute records, and fixes the manifest's hashes. */
async function smuggle(bytes: Uint8Array, edit: (o: Record<string, unknown>) => void): Promise<Uint8Array> {
  const files = unzipSync(bytes);
  const visit = (x: unknown, key: string): void => {
    if (Array.isArray(x)) for (const item of x) visit(item, key);
    else if (x !== null && typeof x === 'object') {
      if (key !== 'attributes') edit(x as Record<string, unknown>);
      for (const [k, v] of Object.entries(x)) visit(v, k);
    }
  };
  const events = JSON.parse(strFromU8(files[EVENTS]!)) as unknown;
  visit(events, '');
  files[EVENTS] = strToU8(JSON.stringify(events));
  const manifest = JSON.parse(strFromU8(files[MANIFEST_PATH]!));
  for (const f of manifest.files) {
    f.size = files[f.path]!.length;
    f.sha256 = await sha256Hex(files[f.path]!);
  }
  files[MANIFEST_PATH] = strToU8(JSON.stringify(manifest));
  return zipSync(files);
}

async function storedText(bytes: Uint8Array): Promise<string> {
  const [imported] = await importBundle(db, await readBundle(bytes), { now: 5, actor: 'reviewer' });
  const chunks = await db.chunks.where('sessionId').equals(imported!.sessionId).toArray();
  return chunks.map((c) => JSON.stringify(decodeEvents(c.data))).join('\n');
}

describe('import through the strict walker', () => {
  it('writes no smuggled key or attribute name to IndexedDB', async () => {
    const source = approvedSession('session-a', scenarios.customerForm().s.stored());
    const bundle = await buildBundle(['session-a'], async () => source, OPTIONS);
    const tampered = await smuggle(bundle.bytes, (o) => {
      if (o.attributes !== null && typeof o.attributes === 'object')
        (o.attributes as Record<string, unknown>)[SECRET] = 'x'; // an attribute named like an e-mail
      else o.smuggled = SECRET; // an extra key on every other object
    });
    expect(strFromU8(unzipSync(tampered)[EVENTS]!).split(SECRET).length).toBeGreaterThan(100);
    const text = await storedText(tampered);
    expect(text.length).toBeGreaterThan(1000);
    expect(text).not.toContain('smuggled');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('jane.doe');
  });
});
