import { describe, expect, it } from 'vitest';
import { deletionRequest, isContributorId, newContributorId } from './contributor';

describe('contributor ids', () => {
  it('are random, pseudonymous and well formed', () => {
    const a = newContributorId();
    const b = newContributorId();
    expect(a).not.toBe(b);
    expect(isContributorId(a)).toBe(true);
    expect(a).toMatch(/^c_[0-9a-v]{26}$/);
    expect(newContributorId(new Uint8Array(16))).toBe(`c_${'0'.repeat(26)}`);
  });

  it('make deletion requests naming the contributor or the bundles', () => {
    const id = newContributorId();
    const r = deletionRequest({
      contributorId: id,
      scope: 'contributor',
      bundles: [
        { sha256: 'b'.repeat(64), sessionIds: ['s2'], endpoint: 'https://store.example/api', uploadedAt: 2 },
        { sha256: 'a'.repeat(64), sessionIds: ['s1'], endpoint: null, uploadedAt: null },
      ],
      reason: 'consent_withdrawn',
      now: 0,
    });
    expect(r.contributorId).toBe(id);
    expect(r.bundles.map((b) => b.sha256[0])).toEqual(['a', 'b']);
    expect(r.requestedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(() =>
      deletionRequest({
        contributorId: 'jane@example.com',
        scope: 'contributor',
        bundles: [],
        reason: 'contributor_request',
        now: 0,
      }),
    ).toThrow();
  });
});
