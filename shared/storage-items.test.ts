import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSettings, readPolicy } from './settings';
import { read, remove, write } from './storage';
import {
  consentItem,
  originsItem,
  outboxItem,
  policyCacheItem,
  policyItem,
  recordingItem,
  uploadChunkSizeItem,
  uploadHeadersItem,
  uploadsItem,
} from './storage-items';
import { type FakeChromeStorage, fakeChromeStorage } from './testing/chrome-storage';

let storage: FakeChromeStorage;

beforeEach(() => {
  storage = fakeChromeStorage();
  vi.stubGlobal('chrome', { storage });
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const upload = {
  sha256: 'a'.repeat(64),
  size: 10,
  chunkSize: 1024,
  endpoint: 'https://receiver.test',
  sessionIds: ['s1'],
  exportedAt: 1,
  contributorId: 'c',
  contributors: {},
  extension: { name: 'x', version: '1' },
  name: 'bundle.zip',
  status: 'done',
  bytesSent: 10,
  uploadUrl: null,
  error: null,
  nextRetryAt: null,
  duplicate: false,
  startedAt: 1,
  updatedAt: 2,
  completedAt: 3,
  deleteAfter: false,
} as const;

describe('fail closed: what decides recording', () => {
  it('reads a malformed origins list as no site enabled', async () => {
    storage.local.data.set('origins', [{ pattern: 'https://a.test', source: 'user' }, { pattern: 5 }]);
    expect(await read(originsItem)).toEqual([]);
  });

  it('reads malformed consent as no consent', async () => {
    storage.local.data.set('consent', { version: 'v', acceptedAt: 'yesterday' });
    expect(await read(consentItem)).toBeNull();
    storage.local.data.set('consent', true);
    expect(await read(consentItem)).toBeNull();
  });

  it('reads a malformed recording record as idle with no span, at an epoch above the one it replaces', async () => {
    storage.session.data.set('recording', { state: 'recording', sessionId: 's1', epoch: 'x', spans: [] });
    const rec = await read(recordingItem);
    expect(rec.state).toBe('idle');
    expect(rec.sessionId).toBeNull();
    expect(rec.spans).toEqual([]);
    expect(rec.epoch).toBeGreaterThan(1_000_000);
  });

  it('reads an unknown recording state (e.g. a pause flag of another shape) as idle', async () => {
    storage.session.data.set('recording', { state: 'PAUSED', epoch: 3, spans: [] });
    expect((await read(recordingItem)).state).toBe('idle');
  });

  it('keeps a cached policy that refused its redaction rules refusing them', async () => {
    const refused = { allowedOrigins: ['https://a.test'], redactionRulesError: 'redactionRules.terms: bad' };
    await write(policyCacheItem, refused);
    expect(await read(policyCacheItem)).toEqual(refused);
  });

  it('turns malformed admin redaction rules into an error that refuses recording', async () => {
    storage.managed.data.set('redactionRules', { terms: 'not a list' });
    expect((await read(policyItem)).redactionRulesError).toMatch(/^redactionRules/);
  });

  it('enables only the policy sites when the user origins are malformed', async () => {
    storage.local.data.set('origins', 'https://a.test');
    storage.managed.data.set('allowedOrigins', ['https://policy.test']);
    const s = await getSettings();
    expect(s.origins).toEqual([{ pattern: 'https://policy.test', source: 'policy' }]);
    expect(s.consent).toBeNull();
  });
});

describe('older shapes', () => {
  it('reads a recording record stored before epochs and spans as epoch 0 with no span', async () => {
    const old = { state: 'paused', sessionId: 's1', windowId: 1, startedAt: 5, task: null, error: null };
    storage.session.data.set('recording', old);
    expect(await read(recordingItem)).toEqual({ ...old, epoch: 0, spans: [] });
  });

  it('keeps epoch and spans of an unmarked record written by the build before items', async () => {
    const rec = {
      state: 'recording',
      sessionId: 's1',
      windowId: 1,
      startedAt: 5,
      task: null,
      error: null,
      epoch: 9,
      spans: [{ sessionId: 's1', from: 8, to: null }],
    };
    storage.session.data.set('recording', rec);
    expect(await read(recordingItem)).toEqual(rec);
  });

  it('gives upload records stored before tus the tus fields (they start over)', async () => {
    const { bytesSent, uploadUrl, nextRetryAt, duplicate, ...old } = upload;
    storage.local.data.set('uploads', { [upload.sha256]: { ...old, status: 'paused' } });
    expect(await read(uploadsItem)).toEqual({
      [upload.sha256]: {
        ...old,
        status: 'paused',
        bytesSent: 0,
        uploadUrl: null,
        nextRetryAt: null,
        duplicate: false,
      },
    });
  });

  it('drops one malformed upload record and keeps the others', async () => {
    storage.local.data.set('uploads', { good: upload, bad: { ...upload, size: 'big' } });
    storage.local.data.set('uploads$v', 2);
    expect(Object.keys(await read(uploadsItem))).toEqual(['good']);
  });
});

describe('values as the e2e specs and the settings pages store them', () => {
  it('reads the chunk size upload.spec seeds (1024), and a too-small one as the default', async () => {
    await chrome.storage.local.set({ uploadChunkSize: 1024 });
    expect(await read(uploadChunkSizeItem)).toBe(1024);
    await chrome.storage.local.set({ uploadChunkSize: 100 });
    expect(await read(uploadChunkSizeItem)).toBeNull();
  });

  it('keeps only string headers with a valid name, never authorization', async () => {
    storage.local.data.set('uploadHeaders', { 'X-Key': 'k', Authorization: 'x', 'bad name': 'y', 'X-N': 5 });
    expect(await read(uploadHeadersItem)).toEqual({ 'X-Key': 'k' });
  });

  it('leaves no outbox key behind once the outbox is removed', async () => {
    await write(outboxItem, [{ key: 'k', sessionId: 's', events: '[]' }]);
    await remove(outboxItem);
    expect([...storage.session.data.keys()]).toEqual([]);
  });
});

describe('policy read', () => {
  it('uses the cached policy when managed storage is slow, and stores a fresh one when it answers', async () => {
    vi.useFakeTimers();
    try {
      await write(policyCacheItem, { reviewer: 'cached' });
      let answer: (v: Record<string, unknown>) => void = () => {};
      storage.managed.get = () => new Promise((r) => (answer = r));
      const policy = readPolicy();
      await vi.advanceTimersByTimeAsync(600);
      expect(await policy).toEqual({ reviewer: 'cached' });
      answer({ reviewer: 'fresh' });
      await vi.advanceTimersByTimeAsync(0);
      expect(await read(policyCacheItem)).toEqual({ reviewer: 'fresh' });
    } finally {
      vi.useRealTimers();
    }
  });
});
