/** Deletion requests to the reference receiver's `/deletion-requests`, and the endpoint rules. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver, tokenCheck } from '../../e2e/receiver/server';
import { deletionRequest } from '../../shared/contributor';
import { checkEndpoint, deletionEndpoint, tusEndpoint } from '../../shared/upload-endpoint';
import { CONTRIBUTOR } from './testing';
import { sendDeletionRequest } from './upload-deletion';

const TOKEN = 't0ken';
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.kill();
});

const request = deletionRequest({
  contributorId: CONTRIBUTOR,
  scope: 'contributor',
  bundles: [{ sha256: 'a'.repeat(64), sessionIds: ['s1'], endpoint: 'https://x.example', uploadedAt: 1 }],
  reason: 'contributor_request',
  now: Date.UTC(2026, 11, 4),
});
const deps = {
  fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init),
  now: () => 0,
  allowLoopbackHttp: true,
};

describe('sendDeletionRequest', () => {
  it('the receiver records the request once, however often it is retried', async () => {
    const r = await startReceiver({ token: TOKEN });
    receivers.push(r);
    const auth = { token: TOKEN, headers: {} };
    expect(await sendDeletionRequest(r.url, request, auth, deps)).toEqual({ kind: 'sent' });
    expect(await sendDeletionRequest(r.url, request, auth, deps)).toEqual({ kind: 'sent' });
    const files = readdirSync(join(r.dir, 'deletion-requests'));
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(r.dir, 'deletion-requests', files[0]!), 'utf8'))).toMatchObject({
      request: { contributorId: CONTRIBUTOR, scope: 'contributor' },
    });
  });

  it('a wrong token is needs-auth, a malformed request is refused, a 503 is retried with Retry-After', async () => {
    const r = await startReceiver({ token: TOKEN });
    receivers.push(r);
    expect((await sendDeletionRequest(r.url, request, { token: 'no', headers: {} }, deps)).kind).toBe(
      'needs-auth',
    );
    const bad = { ...request, contributorId: 'someone@example.org' };
    expect(await sendDeletionRequest(r.url, bad, { token: TOKEN, headers: {} }, deps)).toMatchObject({
      kind: 'failed',
      error: expect.stringMatching(/^HTTP 400/),
    });
    const busy = async () => new Response('', { status: 503, headers: { 'Retry-After': '30' } });
    expect(
      await sendDeletionRequest(
        'https://x.example',
        request,
        { token: TOKEN, headers: {} },
        { ...deps, fetch: busy },
      ),
    ).toEqual({ kind: 'retry', error: 'HTTP 503', retryAfterMs: 30_000 });
  });
});

describe('endpoints', () => {
  it('tus at <base>/files/, deletion requests beside it', () => {
    expect(tusEndpoint('https://s.example/rec/')).toBe('https://s.example/rec/files/');
    expect(deletionEndpoint('https://s.example/rec')).toBe('https://s.example/rec/deletion-requests');
  });

  it('https only; plain http to loopback only when allowed (the test build); no credentials in the URL', () => {
    expect(checkEndpoint('https://s.example/rec/', false)).toBe('https://s.example/rec');
    expect(() => checkEndpoint('http://127.0.0.1:4180', false)).toThrow(/https/);
    expect(checkEndpoint('http://127.0.0.1:4180', true)).toBe('http://127.0.0.1:4180');
    expect(() => checkEndpoint('http://store.example', true)).toThrow(/https/);
    expect(() => checkEndpoint('https://u:p@s.example', false)).toThrow(/user name/);
    expect(() => checkEndpoint('ftp://s.example', true)).toThrow(/https/);
  });

  it('the receiver compares tokens as whole values', () => {
    const ok = tokenCheck('abc');
    expect(ok('Bearer abc')).toBe(true);
    expect(ok('Bearer ab')).toBe(false);
    expect(ok('Bearer abcd')).toBe(false);
    expect(ok(null)).toBe(false);
  });
});
