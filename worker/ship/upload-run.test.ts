import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db';
import type { SessionStatus } from '../../shared/session';
import { RecorderDb } from '../store/schema';
import { newUploadRecord, type UploadRecord } from './upload';
import { afterUpload } from './upload-run';

const row = (id: string, status: SessionStatus): SessionRow => ({
  id,
  startedAt: 1,
  endedAt: 2,
  status,
  intent: null,
  origins: [],
  eventCount: 0,
  bytes: 0,
  rawBytes: 0,
  redactions: {},
  consent: { version: 'v', acceptedAt: 0 },
});

function done(sessionIds: string[], deleteAfter = false): UploadRecord {
  return {
    ...newUploadRecord({
      sha256: 'ab12',
      name: 'bundle.zip',
      size: 10,
      chunkSize: 10,
      endpoint: 'https://store.test/files/',
      sessionIds,
      exportedAt: 1,
      contributorId: 'c',
      contributors: {},
      extension: { name: 'x', version: '1' },
      startedAt: 5,
      deleteAfter,
    }),
    status: 'done',
  };
}

let db: RecorderDb;
let n = 0;
beforeEach(() => {
  db = new RecorderDb(`upload-run-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

describe('after an upload', () => {
  it('moves approved sessions to uploaded and logs the upload for each, uploaded before or not', async () => {
    await db.sessions.bulkAdd([row('a', 'approved'), row('b', 'uploaded')]);
    await afterUpload(db, done(['a', 'b', 'gone']), 1000);
    expect((await db.sessions.get('a'))?.status).toBe('uploaded');
    expect((await db.sessions.get('b'))?.status).toBe('uploaded');
    const audit = await db.audit.toArray();
    expect(audit.map((a) => [a.sessionId, a.action, a.actor, a.at])).toEqual([
      ['a', 'upload', 'uploader', 1000],
      ['b', 'upload', 'uploader', 1000],
    ]);
    expect(audit[0]?.detail).toBe('bundle ab12 uploaded to https://store.test');
  });

  it('deletes the sessions when asked to, after logging the upload', async () => {
    await db.sessions.add(row('a', 'approved'));
    await afterUpload(db, done(['a'], true), 1000);
    expect(await db.sessions.get('a')).toBeUndefined();
    expect((await db.audit.toArray()).map((a) => a.action)).toEqual(['upload', 'delete']);
  });
});
