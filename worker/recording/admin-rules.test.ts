/**
 * The admin policy's redaction rules at capture time, through the worker api against
 * fake-indexeddb: applied before anything is stored, counted in the session's redactions, kept
 * with the session key so a restarted worker applies them too, refused up front when invalid.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvents } from '../../shared/codec';
import type { StreamHeader } from '../../shared/protocol';
import type { AdminRules } from '../redact/index';
import { RecorderDb } from '../store/schema';
import { api } from './api';

const TERM = 'Project Nightjar';
const RULES: AdminRules = {
  terms: [TERM],
  patterns: [{ name: 'Employee ID', regex: 'EMP-\\d{6}' }],
};
const consent = { version: 'v', acceptedAt: 1 };
let name: string;
let n = 0;

const header = (sessionId: string, streamId: string): StreamHeader => ({
  sessionId,
  streamId,
  tabId: 1,
  frameId: 0,
  url: 'https://app.test/page',
  title: 'page',
  startedAt: Date.now(),
});

/** A full snapshot whose text, attribute and stylesheet name the term and an employee id. */
const snapshot = () =>
  JSON.stringify([
    { type: 4, timestamp: Date.now(), data: { href: 'https://app.test/', width: 1, height: 1 } },
    {
      type: 2,
      timestamp: Date.now(),
      data: {
        initialOffset: { top: 0, left: 0 },
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              id: 2,
              tagName: 'div',
              attributes: { title: `Owner of project nightjar: EMP-123456` },
              childNodes: [{ type: 3, id: 3, textContent: `Status of ${TERM} for EMP-654321` }],
            },
          ],
        },
      },
    },
  ]);

async function record(sessionId: string, streamId: string): Promise<void> {
  api.setCoordinator({
    epoch: 1,
    state: 'recording',
    sessionId,
    origins: [{ pattern: 'https://app.test', source: 'user' }],
  });
  expect(await api.openStream(header(sessionId, streamId), { sessionId, epoch: 1 })).toEqual({ ok: true });
  expect(await api.batch(streamId, 0, snapshot())).toEqual({ ok: true });
  await api.flush(streamId);
}

async function stored(sessionId: string): Promise<string> {
  const chunks = await new RecorderDb(name).chunks.where('sessionId').equals(sessionId).toArray();
  expect(chunks.length).toBeGreaterThan(0);
  return chunks.map((c) => JSON.stringify(decodeEvents(c.data))).join('\n');
}

beforeEach(() => {
  name = `admin-rules-${n++}`;
  api.useDatabase(name);
  api.setAckListener(() => {});
});
afterEach(async () => {
  await new RecorderDb(name).delete();
});

describe('admin redaction rules at capture time', () => {
  it('redacts policy terms and patterns before the events are stored, and counts them', async () => {
    await api.sessionStart({
      sessionId: 's1',
      startedAt: Date.now(),
      consent,
      intent: `Check ${TERM}`,
      redactionRules: RULES,
    });
    await record('s1', 's1-st');
    const json = await stored('s1');
    expect(json.toLowerCase()).not.toContain('nightjar');
    expect(json).not.toMatch(/EMP-\d/);
    expect(json).toMatch(/\[CUSTOM_TERM:\w{6}\]/);
    expect(json).toMatch(/\[EMPLOYEE_ID:\w{6}\]/);
    const session = await new RecorderDb(name).sessions.get('s1');
    expect(session?.intent).toMatch(/^Check \[CUSTOM_TERM:\w{6}\]$/);
    expect(session?.redactions).toMatchObject({ CUSTOM_TERM: 3, 'Employee ID': 2 });
  });

  it('still applies them after the worker restarts mid-session (rules kept with the key)', async () => {
    await api.sessionStart({
      sessionId: 's2',
      startedAt: Date.now(),
      consent,
      intent: null,
      redactionRules: RULES,
    });
    // A fresh worker: no session or stream in memory, only what IndexedDB holds.
    api.useDatabase(name);
    await record('s2', 's2-after-restart');
    const json = await stored('s2');
    expect(json.toLowerCase()).not.toContain('nightjar');
    expect(json).toMatch(/\[CUSTOM_TERM:\w{6}\]/);
    expect((await new RecorderDb(name).keys.get('s2'))?.rules).toEqual(RULES);
  });

  it('refuses invalid rules before creating the session', async () => {
    await expect(
      api.sessionStart({
        sessionId: 's3',
        startedAt: Date.now(),
        consent,
        intent: null,
        redactionRules: { patterns: [{ name: 'slow', regex: '(a+)+$' }] },
      }),
    ).rejects.toThrow(/admin's redaction rules are invalid: pattern 1 "slow": nested quantifiers/);
    expect(await new RecorderDb(name).sessions.get('s3')).toBeUndefined();
    expect(await new RecorderDb(name).keys.get('s3')).toBeUndefined();
  });

  it('stores no rules for a session started without a policy', async () => {
    await api.sessionStart({
      sessionId: 's4',
      startedAt: Date.now(),
      consent,
      intent: null,
      redactionRules: null,
    });
    await record('s4', 's4-st');
    expect((await new RecorderDb(name).keys.get('s4'))?.rules).toBeUndefined();
    expect((await stored('s4')).toLowerCase()).toContain('nightjar');
  });
});
