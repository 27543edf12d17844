/**
 * The tus upload client against the reference receiver (a real @tus/server with its file store,
 * in this process): upload, resume from the server's offset, the receiver's checks, auth,
 * Retry-After, duplicates.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../e2e/receiver/server';
import * as scenarios from '../trajectory/fixtures/scenarios';
import { buildBundle } from './bundle';
import { approvedSession, OPTIONS } from './testing';
import { newUploadRecord, retryAfterMs, type UploadDeps, type UploadRecord, uploadBundle } from './upload';

const TOKEN = 'test-token';
const auth = { token: TOKEN, headers: {} };
let bytes: Uint8Array;
let sha256: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  const source = approvedSession('s1', scenarios.customerForm().s.stored());
  const bundle = await buildBundle(['s1'], async () => source, OPTIONS);
  bytes = bundle.bytes;
  sha256 = bundle.sha256;
  expect(bytes.length).toBeGreaterThan(8 * 1024); // several chunks to interrupt
});

afterEach(async () => {
  for (const r of receivers.splice(0)) await r.kill();
});

async function receiver(opts: Partial<Parameters<typeof startReceiver>[0]> = {}) {
  const r = await startReceiver({ token: TOKEN, ...opts });
  receivers.push(r);
  return r;
}

function record(endpoint: string, over: Partial<UploadRecord> = {}): UploadRecord {
  return {
    ...newUploadRecord({
      sha256,
      size: bytes.length,
      chunkSize: 1024,
      endpoint,
      sessionIds: ['s1'],
      exportedAt: 0,
      contributorId: OPTIONS.contributorId,
      contributors: {},
      extension: OPTIONS.extension,
      name: 'b.zip',
      startedAt: 0,
      deleteAfter: false,
    }),
    ...over,
  };
}

function deps(over: Partial<UploadDeps> = {}) {
  const saved: UploadRecord[] = [];
  const sleeps: number[] = [];
  const d: UploadDeps = {
    fetch: (input, init) => fetch(input, init),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => 1_000_000,
    random: () => 1,
    save: async (r) => {
      saved.push(r);
    },
    allowLoopbackHttp: true,
    ...over,
  };
  return { d, saved, sleeps };
}

const creates = (r: Receiver) => r.events.filter((e) => e.type === 'create');
const patchOffsets = (r: Receiver) => r.events.flatMap((e) => (e.type === 'patch' ? [e.offset] : []));

describe('uploadBundle (tus)', () => {
  it('uploads in chunks; the receiver verifies and files the bundle under its contributor', async () => {
    const r = await receiver();
    const { d, saved } = deps();
    const done = await uploadBundle(bytes, record(r.url), auth, d);
    expect(done.status).toBe('done');
    expect(done.bytesSent).toBe(bytes.length);
    expect(done.uploadUrl).toMatch(new RegExp(`^${r.url}/files/[0-9a-f]+$`));
    expect(r.bundle(sha256)?.equals(Buffer.from(bytes))).toBe(true);
    expect(r.events).toContainEqual(
      expect.objectContaining({ type: 'filed', sha256, contributorId: OPTIONS.contributorId }),
    );
    expect(patchOffsets(r).length).toBe(Math.ceil(bytes.length / 1024));
    // Progress in bytes, persisted as the server confirmed them.
    const progress = saved.map((s) => s.bytesSent).filter((n) => n > 0 && n < bytes.length);
    expect(progress.length).toBeGreaterThan(2);
  });

  it('resumes from the server offset with the persisted upload URL, without creating a second upload', async () => {
    const r = await receiver({ patchDelayMs: 20 });
    const controller = new AbortController();
    const { d, saved } = deps({ signal: controller.signal });
    d.save = async (rec) => {
      saved.push(rec);
      if (rec.bytesSent >= 3 * 1024) controller.abort(); // "the browser closes"
    };
    const paused = await uploadBundle(bytes, record(r.url), auth, d);
    expect(paused.status).toBe('paused');
    expect(paused.uploadUrl).not.toBeNull();
    const had = paused.bytesSent;
    expect(had).toBeGreaterThanOrEqual(3 * 1024);
    expect(had).toBeLessThan(bytes.length);

    const again = deps();
    const done = await uploadBundle(bytes, { ...saved.at(-1)!, status: 'uploading' }, auth, again.d);
    expect(done.status).toBe('done');
    expect(creates(r)).toHaveLength(1);
    const resumedAt = patchOffsets(r).filter((o) => o > had);
    expect(resumedAt.length).toBeGreaterThan(0);
    expect(r.bundle(sha256)?.equals(Buffer.from(bytes))).toBe(true);
  });

  it('a receiver restarted mid-upload on the same directory: retries, resumes and completes', async () => {
    const first = await receiver({ patchDelayMs: 20 });
    let second: Receiver | null = null;
    const { d, saved } = deps();
    d.sleep = async () => {
      if (!second) {
        second = await startReceiver({ token: TOKEN, port: first.port, dir: first.dir });
        receivers.push(second);
      }
    };
    d.save = async (rec) => {
      saved.push(rec);
      if (rec.bytesSent >= 2 * 1024 && !second && receivers.includes(first)) {
        receivers.splice(receivers.indexOf(first), 1);
        await first.kill();
      }
    };
    const done = await uploadBundle(bytes, record(first.url), auth, d);
    expect(done.status).toBe('done');
    expect(saved.some((s) => s.status === 'retrying' && s.error && s.nextRetryAt)).toBe(true);
    expect(second).not.toBeNull();
    expect(creates(second!)).toHaveLength(0); // the same upload, resumed
    expect(second!.bundle(sha256)?.equals(Buffer.from(bytes))).toBe(true);
  });

  it('a refused token stops at once as needs-auth (no retry)', async () => {
    const r = await receiver();
    const { d, sleeps } = deps();
    const out = await uploadBundle(bytes, record(r.url), { token: 'wrong', headers: {} }, d);
    expect(out.status).toBe('needs-auth');
    expect(out.error).toMatch(/401/);
    expect(sleeps).toEqual([]);
    expect(creates(r)).toHaveLength(0);
  });

  it('bytes that do not hash to the metadata sha256 are rejected (460) and the upload fails', async () => {
    const r = await receiver();
    const wrong = createHash('sha256').update('other').digest('hex');
    const { d } = deps();
    const out = await uploadBundle(bytes, record(r.url, { sha256: wrong }), auth, d);
    expect(out.status).toBe('failed');
    expect(out.error).toMatch(/460.*bundle rejected/);
    expect(out.uploadUrl).toBeNull();
    expect(r.bundle(wrong)).toBeNull();
  });

  it('a zip that is not a valid bundle is rejected (422), read from the bytes not the client', async () => {
    const r = await receiver();
    const junk = new Uint8Array(bytes.length).fill(7);
    const sha = createHash('sha256').update(junk).digest('hex');
    const out = await uploadBundle(junk, record(r.url, { sha256: sha }), auth, deps().d);
    expect(out.status).toBe('failed');
    expect(out.error).toMatch(/422.*not a recorder bundle/);
  });

  it('a second upload of a filed bundle is answered as a duplicate and counts as done', async () => {
    const r = await receiver();
    await uploadBundle(bytes, record(r.url), auth, deps().d);
    const out = await uploadBundle(bytes, record(r.url), auth, deps().d);
    expect(out).toMatchObject({ status: 'done', duplicate: true });
    expect(creates(r)).toHaveLength(1);
  });

  it('honours Retry-After on 429/503 and shows the next retry time', async () => {
    const r = await receiver();
    let calls = 0;
    const { d, saved, sleeps } = deps({
      fetch: async (input, init) => {
        if (calls++ === 0) return new Response('busy', { status: 429, headers: { 'Retry-After': '7' } });
        return fetch(input, init);
      },
    });
    const out = await uploadBundle(bytes, record(r.url), auth, d);
    expect(out.status).toBe('done');
    expect(sleeps[0]).toBe(7000);
    expect(saved).toContainEqual(
      expect.objectContaining({ status: 'retrying', nextRetryAt: 1_007_000, error: 'HTTP 429: busy' }),
    );
  });

  it('never follows a redirect (fetch with redirect: error)', async () => {
    const inits: RequestInit[] = [];
    const { d } = deps({
      maxAttempts: 1,
      fetch: async (_input, init) => {
        inits.push(init ?? {});
        throw new TypeError('Failed to fetch');
      },
    });
    const out = await uploadBundle(bytes, record('https://store.example'), auth, d);
    expect(out.status).toBe('paused');
    expect(inits[0]).toMatchObject({ redirect: 'error', method: 'POST' });
    expect(new Headers(inits[0]!.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses plain http unless loopback is allowed (the test build), and never a remote http host', async () => {
    const { d } = deps({ allowLoopbackHttp: false });
    expect((await uploadBundle(bytes, record('http://127.0.0.1:9'), auth, d)).error).toMatch(/https/);
    const t = deps({ allowLoopbackHttp: true }).d;
    expect((await uploadBundle(bytes, record('http://store.example'), auth, t)).error).toMatch(/https/);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon', 0)).toBeNull();
  });
});
