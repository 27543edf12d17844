import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Admission,
  admit,
  type BatchContext,
  type CoordinatorState,
  type KnownState,
  LATE_GRACE_MS,
  nextSpans,
  type RecordingSpan,
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

describe('admit: the directive a stream was made under (pause, stop)', () => {
  // Recording from epoch 3, paused at 6, resumed at 8 (a task marker bumped the epoch to 9).
  let spans: RecordingSpan[] = [];
  spans = nextSpans(spans, { state: 'recording', sessionId: 's1', epoch: 3 });
  spans = nextSpans(spans, { state: 'recording', sessionId: 's1', epoch: 4 });
  spans = nextSpans(spans, { state: 'paused', sessionId: 's1', epoch: 6 });
  spans = nextSpans(spans, { state: 'recording', sessionId: 's1', epoch: 8 });
  spans = nextSpans(spans, { state: 'recording', sessionId: 's1', epoch: 9 });
  const paused: CoordinatorState = {
    epoch: 7,
    state: 'paused',
    sessionId: 's1',
    origins,
    spans: spans.slice(0, 1),
  };
  const resumed: CoordinatorState = { epoch: 9, state: 'recording', sessionId: 's1', origins, spans };
  const stamped = (epoch: number, sender = true) =>
    frame({ madeUnder: { sessionId: 's1', epoch }, ...(sender ? {} : { sender: undefined }) });

  it('keeps the spans of pauses and resumes as [from, to) epochs of one session', () => {
    expect(spans).toEqual([
      { sessionId: 's1', from: 3, to: 6 },
      { sessionId: 's1', from: 8, to: null },
    ]);
  });

  it('refuses a stream stamped with a directive made while paused, at the offscreen and in the worker', () => {
    for (const epoch of [6, 7]) {
      const a = admit(stamped(epoch), { now, coordinator: resumed });
      expect(a).toMatchObject({ ok: false, reason: 'not-recording-directive', scope: 'stream' });
      expect(
        reason(admit(stamped(epoch, false), { now, coordinator: resumed, session: row('recording') })),
      ).toBe('not-recording-directive');
    }
  });

  it('keeps batches made before a pause when they arrive during the pause or after a restart (decided by the stamp, not the arrival)', () => {
    for (const coordinator of [paused, resumed, { ...paused, epoch: 12 }]) {
      expect(reason(admit(stamped(4), { now, coordinator }))).toBe('ok');
      expect(reason(admit(stamped(5, false), { now, coordinator, session: row('recording') }))).toBe('ok');
    }
  });

  it('admits a stream made after the resume, also one stamped newer than the coordinator state heard so far', () => {
    expect(reason(admit(stamped(8), { now, coordinator: resumed }))).toBe('ok');
    expect(reason(admit(stamped(11), { now, coordinator: resumed }))).toBe('ok');
  });

  it('refuses a stream stamped after Stop; stragglers made before Stop keep the grace period', () => {
    const stopped = nextSpans(spans, { state: 'idle', sessionId: null, epoch: 10 });
    const idle: CoordinatorState = { epoch: 10, state: 'idle', sessionId: null, origins, spans: stopped };
    const session = row('stopped', now - 1000);
    expect(reason(admit(stamped(10, false), { now, coordinator: idle, session }))).toBe(
      'not-recording-directive',
    );
    expect(reason(admit(stamped(9, false), { now, coordinator: idle, session }))).toBe('ok');
  });

  it('skips the rule when the coordinator has no spans for the session (an older session, or no spans kept)', () => {
    expect(reason(admit(stamped(1), { now, coordinator: recordingS1 }))).toBe('ok');
    const s2 = nextSpans([], { state: 'recording', sessionId: 's2', epoch: 20 });
    expect(reason(admit(stamped(1), { now, coordinator: { ...recordingS1, spans: s2 } }))).toBe('ok');
  });

  it("never applies the rule to the service worker's own events", () => {
    const sw = frame({ source: 'coordinator', sender: undefined, madeUnder: { sessionId: 's1', epoch: 7 } });
    expect(reason(admit(sw, { now, coordinator: resumed, session: row('recording') }))).toBe('ok');
  });

  it('starts a new session with only its own spans', () => {
    const next = nextSpans(spans, { state: 'recording', sessionId: 's2', epoch: 30 });
    expect(next).toEqual([{ sessionId: 's2', from: 30, to: null }]);
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
