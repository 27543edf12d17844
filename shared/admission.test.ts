import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Admission,
  admit,
  type BatchContext,
  type CoordinatorState,
  type KnownState,
  LATE_GRACE_MS,
} from './admission';
import type { SessionStatus } from './session';

const now = 1_700_000_000_000;
const origins = [
  { pattern: 'https://app.test', source: 'user' as const },
  { pattern: '*.corp.test', source: 'policy' as const },
];
const recordingS1: CoordinatorState = { epoch: 4, state: 'recording', sessionId: 's1', origins };

const frame = (over: Partial<BatchContext> = {}): BatchContext => ({
  source: 'frame',
  sessionId: 's1',
  madeUnder: { sessionId: 's1', epoch: 4 },
  sender: { origin: 'https://app.test', headerUrl: 'https://app.test/page?x=1', opening: true },
  ...over,
});
const row = (status: SessionStatus, endedAt: number | null = null) => ({ status, endedAt });
const reason = (a: Admission) => (a.ok ? 'ok' : a.reason);

describe('admit: what the offscreen document checks (sender and coordinator)', () => {
  it('admits a frame of an enabled origin whose header matches it, for the recording session', () => {
    expect(admit(frame(), { now, coordinator: recordingS1 })).toEqual({ ok: true });
  });

  it('admits a subdomain enabled by a wildcard rule', () => {
    const sender = { origin: 'https://eu.corp.test', headerUrl: 'https://eu.corp.test/x', opening: true };
    expect(reason(admit(frame({ sender }), { now, coordinator: recordingS1 }))).toBe('ok');
  });

  it('refuses a header URL of another origin than the sending frame', () => {
    const sender = { origin: 'https://app.test', headerUrl: 'https://evil.test/', opening: true };
    expect(reason(admit(frame({ sender }), { now, coordinator: recordingS1 }))).toBe('url-origin-mismatch');
  });

  it('refuses a header URL that is not a URL, or of an opaque origin', () => {
    for (const headerUrl of ['not a url', 'about:blank', 'data:text/html,x']) {
      const sender = { origin: 'https://app.test', headerUrl, opening: true };
      expect(reason(admit(frame({ sender }), { now }))).toBe('url-origin-mismatch');
    }
  });

  it('refuses a frame whose origin is not enabled, even when its header agrees with it', () => {
    const sender = { origin: 'https://other.test', headerUrl: 'https://other.test/', opening: true };
    expect(reason(admit(frame({ sender }), { now, coordinator: recordingS1 }))).toBe('origin-not-enabled');
  });

  it('checks the enabled sites when a stream opens, not for each batch (batches drained after a site was turned off are kept)', () => {
    const turnedOff: CoordinatorState = { ...recordingS1, epoch: 5, origins: [] };
    const sender = { origin: 'https://app.test', headerUrl: 'https://app.test/', opening: true };
    expect(reason(admit(frame({ sender }), { now, coordinator: turnedOff }))).toBe('origin-not-enabled');
    expect(
      reason(admit(frame({ sender: { ...sender, opening: false } }), { now, coordinator: turnedOff })),
    ).toBe('ok');
  });

  it('checks the header URL against the sender for every batch too', () => {
    const sender = { origin: 'https://app.test', headerUrl: 'https://evil.test/', opening: false };
    expect(reason(admit(frame({ sender }), { now, coordinator: recordingS1 }))).toBe('url-origin-mismatch');
  });

  it('refuses a sandboxed (opaque origin) frame', () => {
    const sender = { origin: 'null', headerUrl: 'https://app.test/', opening: true };
    expect(reason(admit(frame({ sender }), { now, coordinator: recordingS1 }))).toBe('url-origin-mismatch');
  });

  it('refuses a stream whose header names another session than the directive it was made under', () => {
    const ctx = frame({ madeUnder: { sessionId: 's0', epoch: 1 } });
    expect(reason(admit(ctx, { now, coordinator: recordingS1 }))).toBe('stamp-mismatch');
  });

  it('leaves the origin rule to later when the coordinator has not spoken yet, and never decides sessions without the row', () => {
    const sender = { origin: 'https://other.test', headerUrl: 'https://other.test/', opening: true };
    expect(reason(admit(frame({ sender }), { now }))).toBe('ok');
    expect(
      reason(admit(frame({ sessionId: 'gone', madeUnder: { sessionId: 'gone', epoch: 1 } }), { now })),
    ).toBe('ok');
  });

  it('every refusal is stream-scoped (no rule stops the recording session)', () => {
    const a = admit(
      frame({ sender: { origin: 'https://x.test', headerUrl: 'https://x.test/', opening: true } }),
      {
        now,
        coordinator: recordingS1,
      },
    );
    expect(a).toMatchObject({ ok: false, scope: 'stream' });
  });
});

describe('admit: what the worker checks (the session row, inside the write transaction)', () => {
  const worker = (over: Partial<BatchContext> = {}) => frame({ sender: undefined, ...over });

  it('admits batches of a recording session the coordinator still has (recording, paused, failed)', () => {
    for (const state of ['recording', 'paused', 'error'] as const) {
      const coordinator = { ...recordingS1, state };
      expect(reason(admit(worker(), { now, coordinator, session: row('recording') }))).toBe('ok');
    }
  });

  it('refuses a recording row the coordinator no longer has (left by a service worker killed mid-stop, or another session is on)', () => {
    const idle: CoordinatorState = { epoch: 9, state: 'idle', sessionId: null, origins };
    const other: CoordinatorState = { ...recordingS1, sessionId: 's2' };
    for (const coordinator of [idle, other]) {
      expect(reason(admit(worker(), { now, coordinator, session: row('recording') }))).toBe(
        'not-current-session',
      );
    }
  });

  it('admits a stopped session within the grace period after its end, and refuses it after', () => {
    const coordinator: CoordinatorState = { epoch: 9, state: 'idle', sessionId: null, origins };
    const endedAt = now - LATE_GRACE_MS;
    expect(reason(admit(worker(), { now, coordinator, session: row('stopped', endedAt) }))).toBe('ok');
    expect(reason(admit(worker(), { now: now + 1, coordinator, session: row('stopped', endedAt) }))).toBe(
      'session-ended',
    );
  });

  it('keeps the grace period for a stopped session while another session records', () => {
    const coordinator: CoordinatorState = { ...recordingS1, sessionId: 's2' };
    expect(reason(admit(worker(), { now, coordinator, session: row('stopped', now - 1000) }))).toBe('ok');
  });

  it('refuses every reviewed or shipped session, however recent', () => {
    for (const status of ['in_review', 'approved', 'rejected', 'uploaded'] as const) {
      expect(reason(admit(worker(), { now, coordinator: recordingS1, session: row(status, now) }))).toBe(
        'session-closed',
      );
    }
  });

  it('refuses a session that does not exist (deleted, or never started)', () => {
    expect(reason(admit(worker(), { now, coordinator: recordingS1, session: null }))).toBe('unknown-session');
  });

  it("takes the service worker's own events for a stopped session at any time, but never for a closed or deleted one", () => {
    const sw = worker({ source: 'coordinator' });
    expect(reason(admit(sw, { now, session: row('stopped', now - 3_600_000) }))).toBe('ok');
    expect(reason(admit(sw, { now, coordinator: recordingS1, session: row('recording') }))).toBe('ok');
    expect(reason(admit(sw, { now, session: row('approved', now) }))).toBe('session-closed');
    expect(reason(admit(sw, { now, session: null }))).toBe('unknown-session');
  });
});

describe('admit: properties', () => {
  const statuses = fc.constantFrom<SessionStatus>(
    'recording',
    'stopped',
    'in_review',
    'approved',
    'rejected',
    'uploaded',
  );
  const coordinators = fc.option(
    fc.record({
      epoch: fc.nat(),
      state: fc.constantFrom('idle', 'recording', 'paused', 'error' as const),
      sessionId: fc.constantFrom('s1', 's2', null),
      origins: fc.constant(origins),
    }),
    { nil: undefined },
  );

  it('nothing is admitted for a closed session or past the grace period of a stopped one', () => {
    fc.assert(
      fc.property(statuses, coordinators, fc.integer({ min: -60_000, max: 60_000 }), (status, c, age) => {
        const known: KnownState = { now, coordinator: c, session: row(status, now - age) };
        const a = admit(frame(), known);
        if (status !== 'recording' && status !== 'stopped') return !a.ok;
        if (status === 'stopped' && age > LATE_GRACE_MS) return !a.ok;
        return true;
      }),
    );
  });

  it('a recording row is admitted exactly when the coordinator is unknown or still names it', () => {
    fc.assert(
      fc.property(coordinators, (c) => {
        const a = admit(frame({ sender: undefined }), { now, coordinator: c, session: row('recording') });
        return a.ok === (c === undefined || c.sessionId === 's1');
      }),
    );
  });

  it('the same context is decided the same way (pure)', () => {
    fc.assert(
      fc.property(statuses, coordinators, fc.integer({ min: 0, max: 20_000 }), (status, c, age) => {
        const known: KnownState = { now, coordinator: c, session: row(status, now - age) };
        expect(admit(frame(), known)).toEqual(admit(frame(), structuredClone(known)));
      }),
    );
  });
});
