import { describe, expect, it } from 'vitest';
import { storageText } from './storage-meter';

describe('storageText', () => {
  it('says what the recordings take and the bytes used and left, not a tiny percentage', () => {
    const t = storageText(12_300, 3, 2 * 1024 * 1024, 77.7 * 1024 ** 3);
    expect(t).toBe(
      "Recordings take 12.0 KB (3 sessions); the extension uses 2.0 MB in all, 77.7 GB left before the browser's limit.",
    );
    expect(t).not.toMatch(/%/);
  });
});
