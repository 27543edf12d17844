import 'fake-indexeddb/auto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvents } from '../../shared/codec';
import { readSession } from '../../shared/read-session';
import { RecorderDb } from '../store/schema';
import * as scenarios from '../trajectory/fixtures/scenarios';
import { buildBundle } from './bundle';
import { MANIFEST_PATH, TRAJECTORIES_PATH } from './format';
import { sha256Hex } from './hash';
import { importBundle } from './import';
import { BundleError, readBundle } from './read-bundle';
import { approvedSession, OPTIONS } from './testing';

const source = approvedSession('session-a', scenarios.customerForm().s.stored());
const bundlePromise = buildBundle(['session-a'], async () => source, OPTIONS);

let db: RecorderDb;
let n = 0;
beforeEach(() => {
  db = new RecorderDb(`import-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

/** Rewrites one file of a bundle and, unless told not to, fixes the manifest's hashes. */
async function tamper(bytes: Uint8Array, path: string, edit: (text: string) => string, fixHashes = true) {
  const files = unzipSync(bytes);
  files[path] = strToU8(edit(strFromU8(files[path]!)));
  if (fixHashes) {
    const manifest = JSON.parse(strFromU8(files[MANIFEST_PATH]!));
    for (const f of manifest.files) {
      f.size = files[f.path]!.length;
      f.sha256 = await sha256Hex(files[f.path]!);
    }
    files[MANIFEST_PATH] = strToU8(JSON.stringify(manifest));
  }
  return zipSync(files);
}

async function counts() {
  return {
    sessions: await db.sessions.count(),
    chunks: await db.chunks.count(),
    streams: await db.streams.count(),
    audit: await db.audit.count(),
  };
}

describe('readBundle', () => {
  it('accepts what buildBundle writes', async () => {
    const bundle = await bundlePromise;
    const parsed = await readBundle(bundle.bytes);
    expect(parsed.sha256).toBe(bundle.sha256);
    expect(parsed.trajectories.length).toBe(source.trajectories.length);
    expect(parsed.sessions[0]?.events.tabs[0]?.events.length).toBe(source.stored.tabs[0]?.events.length);
  });

  const bad: [string, () => Promise<Uint8Array>, RegExp][] = [
    ['random bytes', async () => new Uint8Array([1, 2, 3, 4, 5]), /not a readable zip/],
    ['a zip without a manifest', async () => zipSync({ 'hello.txt': strToU8('hi') }), /no manifest/],
    [
      'a truncated bundle',
      async () => (await bundlePromise).bytes.subarray(0, (await bundlePromise).bytes.length - 100),
      /not a readable zip/,
    ],
    [
      'an unknown bundle version',
      async () =>
        tamper((await bundlePromise).bytes, MANIFEST_PATH, (t) =>
          t.replace('"bundleVersion": "1.0.0"', '"bundleVersion": "9.0.0"'),
        ),
      /bundleVersion is a bundle version this extension does not know/,
    ],
    [
      'an unknown schema version',
      async () =>
        tamper((await bundlePromise).bytes, MANIFEST_PATH, (t) =>
          t.replace(/"schemaVersion": "[^"]+"/, '"schemaVersion": "7.0.0"'),
        ),
      /schema version this extension does not know/,
    ],
    [
      'a file that does not match its checksum',
      async () =>
        tamper(
          (await bundlePromise).bytes,
          TRAJECTORIES_PATH,
          (t) => t.replace('"index":0', '"index":1'),
          false,
        ),
      /trajectories\.jsonl does not match the checksum/,
    ],
    [
      'a trajectory that breaks the schema',
      async () =>
        tamper((await bundlePromise).bytes, TRAJECTORIES_PATH, (t) =>
          t.replace('"outcome":"done"', '"outcome":"maybe"'),
        ),
      /trajectories\.jsonl line 1 does not match the trajectory schema: \/outcome must be one of/,
    ],
    [
      'an events file of the wrong shape',
      async () =>
        tamper((await bundlePromise).bytes, 'events/session-a.json', (t) =>
          t.replace('"sessionEvents":[', '"sessionEvents":[1,'),
        ),
      /events\/session-a\.json has an unexpected shape/,
    ],
  ];
  it.each(bad)('refuses %s with a clear error', async (_name, make, message) => {
    const bytes = await make();
    await expect(readBundle(bytes)).rejects.toThrow(message);
    await expect(readBundle(bytes)).rejects.toBeInstanceOf(BundleError);
  });
});

describe('importBundle', () => {
  it('writes each session as a new session in review, redacted again, with an audit line', async () => {
    const bundle = await bundlePromise;
    const [imported] = await importBundle(db, await readBundle(bundle.bytes), { now: 5, actor: 'reviewer' });
    const row = await db.sessions.get(imported!.sessionId);
    expect(row?.status).toBe('in_review');
    expect(row?.review).toBeUndefined();
    expect(imported?.originalId).toBe('session-a');
    const stored = await readSession(db, imported!.sessionId);
    expect(stored.tabs[0]?.events.length).toBe(source.stored.tabs[0]?.events.length);
    expect(stored.sessionEvents.length).toBe(source.stored.sessionEvents.length);
    expect(await db.keys.get(imported!.sessionId)).toBeTruthy();
    const audit = await db.audit.where('sessionId').equals(imported!.sessionId).toArray();
    expect(audit[0]?.detail).toContain(bundle.sha256);
  });

  it('redacts personal data a tampered bundle carries', async () => {
    const bundle = await bundlePromise;
    const email = 'jane.doe@example.com';
    const events = await tamper(bundle.bytes, 'events/session-a.json', (t) =>
      t
        .replaceAll('[EMAIL:k3F9a2]', email)
        .replace('"title":"', `"title":"call +1 415 555 0134 or ${email} `),
    );
    const tampered = await tamper(events, MANIFEST_PATH, (t) => {
      const m = JSON.parse(t);
      m.sessions[0].intent = `Write to ${email}`;
      m.sessions[0].origins = [`https://x.test/?email=${email}`];
      m.sessions[0].consent.version = `v1 ${email}`;
      m.sessions[0].redactions = { EMAIL: 1, [email]: 2 };
      return JSON.stringify(m);
    });
    expect(strFromU8(unzipSync(tampered)['events/session-a.json']!)).toContain(email);
    const [imported] = await importBundle(db, await readBundle(tampered), { now: 5, actor: 'reviewer' });
    const chunks = await db.chunks.where('sessionId').equals(imported!.sessionId).toArray();
    const text = chunks.map((c) => JSON.stringify(decodeEvents(c.data))).join('\n');
    const streams = JSON.stringify([
      await db.streams.toArray(),
      await db.sessions.toArray(),
      await db.audit.toArray(),
    ]);
    expect(text.length).toBeGreaterThan(1000);
    for (const s of [email, 'jane.doe', '415 555 0134']) {
      expect(text).not.toContain(s);
      expect(streams).not.toContain(s);
    }
    expect((await db.sessions.get(imported!.sessionId))?.redactions.EMAIL).toBeGreaterThan(1);
  });

  it('refuses a bundle imported before, changing nothing', async () => {
    const parsed = await readBundle((await bundlePromise).bytes);
    await importBundle(db, parsed, { now: 5, actor: 'reviewer' });
    const before = await counts();
    await expect(importBundle(db, parsed, { now: 6, actor: 'reviewer' })).rejects.toThrow(/imported before/);
    expect(await counts()).toEqual(before);
  });

  it('changes nothing when an event cannot be redacted', async () => {
    const tampered = await tamper((await bundlePromise).bytes, 'events/session-a.json', (t) =>
      t.replace(/"type":2,"data":\{"node":/, '"type":2,"data":{"nodes":'),
    );
    const parsed = await readBundle(tampered);
    await expect(importBundle(db, parsed, { now: 5, actor: 'reviewer' })).rejects.toBeInstanceOf(BundleError);
    expect(await counts()).toEqual({ sessions: 0, chunks: 0, streams: 0, audit: 0 });
  });
});
