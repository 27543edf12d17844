/** Test helpers: approved sessions built from the segmentation fixtures (not used by product code). */
import type { SessionRow } from '../../shared/db';
import type { StoredSession } from '../../shared/read-session';
import { CONSENT_TEXT_VERSION } from '../../shared/session';
import { segmentSession } from '../trajectory/index';
import type { BundleOptions, BundleSession } from './bundle';

export const CONTRIBUTOR = 'c_0123456789abcdef0123';

export function approvedSession(id: string, stored: StoredSession, approved = true): BundleSession {
  const { trajectories, refinements } = segmentSession({ sessionId: id, stored });
  const firstTs = stored.tabs[0]?.events[0]?.timestamp ?? 1_767_000_000_000;
  const review = {
    decision: 'approved' as const,
    reviewer: 'reviewer-1',
    at: firstTs + 3_600_000,
    note: null,
  };
  const session: SessionRow = {
    id,
    startedAt: firstTs,
    endedAt: firstTs + 60_000,
    status: approved ? 'approved' : 'stopped',
    intent: trajectories[0]?.intent ?? null,
    origins: ['http://127.0.0.1:4173'],
    eventCount: 0,
    bytes: 0,
    rawBytes: 0,
    redactions: { EMAIL: 1 },
    consent: { version: CONSENT_TEXT_VERSION, acceptedAt: firstTs - 1000 },
    ...(approved ? { review } : {}),
  };
  return {
    session,
    stored,
    trajectories,
    refinements,
    approval: approved ? review : null,
    contributorId: CONTRIBUTOR,
  };
}

export const OPTIONS: BundleOptions = {
  exportedAt: Date.UTC(2026, 10, 21, 12, 0, 0),
  extension: { name: 'Consent-first Work Recorder', version: '0.1.0' },
  contributorId: CONTRIBUTOR,
  notCovered: ['PERSON_NAME: names in free text without a cue'],
};
