import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../e2e/receiver/server';
import type { Manifest } from './manifest';
import { type UploadDeps, UploadError, type UploadRecord, uploadBundle } from './upload';

const TOKEN = 'test-token';
const bytes = new Uint8Array(randomBytes(100_000));
const sha256 = createHash('sha256').update(bytes).digest('hex');
const manifest = { format: 'consent-recorder-bundle' } as unknown as Manifest;
const receivers: Receiver[] = [];

afterEach(async () => {
  for (const r of receivers.splice(0)) await r.kill();
});

async function receiver(opts: Partial<Parameters<typeof startReceiver>[0]> = {}) {
  const r = await startReceiver({ token: TOKEN, ...opts });
  receivers.push(r);
  return r;
}

function record(endpoint: string, chunkSize = 16 * 1024): UploadRecord {
  return {
    sha256,
    size: bytes.length,
    chunkSize,
    endpoint,
    sessionIds: ['s1'],
    exportedAt: 0,
    contributorId: 'c_0123456789abcdef',
    contributors: {},
    extension: { name: 'x', version: '0.1.0' },
    name: 'b.zip',
    status: 'uploading',
    chunksDone: 0,
    chunks: Math.ceil(bytes.length / chunkSize),
    error: null,
    startedAt: 0,
    updatedAt: 0,
    completedAt: null,
    deleteAfter: false,
  };
}

function deps(saved: UploadRecord[], extra: Partial<UploadDeps> = {}): UploadDeps {
  return {
    fetch,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: () => Date.now(),
    random: () => 0.5,
    save: async (r) => {
      saved.push(r);
    },
    baseDelayMs: 50,
    maxDelayMs: 400,
    maxAttempts: 30,
    ...extra,
  };
}

const puts = (r: Receiver) =>
  r.log.filter((l) => l.method === 'PUT' && l.status === 201).map((l) => Number(l.path.split('/').at(-1)));

describe('uploadBundle', () => {
  it('sends the bundle in chunks; the receiver assembles the same bytes', async () => {
    const r = await receiver();
    const saved: UploadRecord[] = [];
    const done = await uploadBundle(bytes, manifest, record(r.url), TOKEN, deps(saved));
    expect(done.status).toBe('done');
    expect(done.chunksDone).toBe(7);
    expect(r.bundle(sha256)?.equals(Buffer.from(bytes))).toBe(true);
    expect(r.manifest(sha256)).toEqual(manifest);
    expect(puts(r)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(saved.map((s) => s.chunksDone)).toContain(3); // progress persisted chunk by chunk
  });

  it('resumes after the receiver is killed mid-upload and restarted, without resending what it has', async () => {
    let first: Receiver | null = null;
    let restarted: Promise<Receiver> | null = null;
    first = await receiver({
      onChunk: (_sha, n) => {
        if (n === 2 && first && !restarted) {
          const { port, dir } = first;
          restarted = first.kill().then(async () => {
            await new Promise((res) => setTimeout(res, 300));
            return receiver({ port, dir });
          });
        }
      },
    });
    const saved: UploadRecord[] = [];
    const done = await uploadBundle(bytes, manifest, record(first.url), TOKEN, deps(saved));
    const second = await restarted!;
    expect(done.status).toBe('done');
    expect(saved.some((s) => s.status === 'retrying')).toBe(true);
    expect(second.bundle(sha256)?.equals(Buffer.from(bytes))).toBe(true);
    expect(puts(first)).toEqual([0, 1, 2]);
    // Chunk 2 was stored but its answer was lost with the connection: only it may be sent again.
    expect(puts(second).filter((n) => n !== 2)).toEqual([3, 4, 5, 6]);
  });

  it('resumes from the persisted record in a new run (browser restart)', async () => {
    const r = await receiver({ chunkDelayMs: 30 });
    const abort = new AbortController();
    const saved: UploadRecord[] = [];
    const run = uploadBundle(bytes, manifest, record(r.url), TOKEN, {
      ...deps(saved),
      save: async (s) => {
        saved.push(s);
        if (s.chunksDone === 3) abort.abort();
      },
      signal: abort.signal,
    });
    await expect(run).rejects.toBeInstanceOf(UploadError);
    const paused = saved.at(-1)!;
    expect(paused.status).toBe('paused');
    const done = await uploadBundle(bytes, manifest, paused, TOKEN, deps([]));
    expect(done.status).toBe('done');
    expect(r.bundle(sha256)?.equals(Buffer.from(bytes))).toBe(true);
    const sent = puts(r);
    expect(new Set(sent).size).toBe(7);
    expect(sent.length).toBeLessThanOrEqual(8); // at most the chunk in flight at the abort is sent twice
  });

  it('is idempotent: a bundle the server has is not sent again', async () => {
    const r = await receiver();
    await uploadBundle(bytes, manifest, record(r.url), TOKEN, deps([]));
    const before = r.log.length;
    const again = await uploadBundle(bytes, manifest, record(r.url), TOKEN, deps([]));
    expect(again.status).toBe('done');
    expect(r.log.slice(before).map((l) => l.method)).toEqual(['GET']);
  });

  it('follows the chunk size the server already has for the bundle', async () => {
    const r = await receiver();
    const abort = new AbortController();
    await uploadBundle(bytes, manifest, record(r.url, 10_000), TOKEN, {
      ...deps([]),
      save: async (s) => {
        if (s.chunksDone === 2) abort.abort();
      },
      signal: abort.signal,
    }).catch(() => {});
    const done = await uploadBundle(bytes, manifest, record(r.url, 16 * 1024), TOKEN, deps([]));
    expect(done.chunkSize).toBe(10_000);
    expect(r.bundle(sha256)?.equals(Buffer.from(bytes))).toBe(true);
  });

  it('fails at once, without retrying, when the token is refused', async () => {
    const r = await receiver();
    const saved: UploadRecord[] = [];
    const run = uploadBundle(bytes, manifest, record(r.url), 'wrong', deps(saved));
    await expect(run).rejects.toThrow(/refused the token/);
    expect(saved.at(-1)?.status).toBe('failed');
    expect(r.log.length).toBe(1);
  });

  it('pauses with a message when the server stays unreachable', async () => {
    const r = await receiver();
    await r.kill();
    const saved: UploadRecord[] = [];
    const run = uploadBundle(
      bytes,
      manifest,
      record(r.url),
      TOKEN,
      deps(saved, { maxAttempts: 3, baseDelayMs: 1 }),
    );
    await expect(run).rejects.toThrow(/could not be reached after 3 tries/);
    expect(saved.at(-1)?.status).toBe('paused');
  });

  it('backs off exponentially with jitter and honours Retry-After', async () => {
    const waits: number[] = [];
    let calls = 0;
    const fake: typeof fetch = async () => {
      calls++;
      if (calls <= 3)
        return new Response('busy', { status: 503, headers: calls === 3 ? { 'retry-after': '2' } : {} });
      return new Response(JSON.stringify({ complete: true, received: [] }), { status: 200 });
    };
    const done = await uploadBundle(bytes, manifest, record('https://store.invalid/api/'), TOKEN, {
      ...deps([]),
      fetch: fake,
      sleep: async (ms) => {
        waits.push(ms);
      },
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      random: () => 1,
    });
    expect(done.status).toBe('done');
    expect(waits).toEqual([500, 1000, 2000]);
  });
});
