/** Session-level records shared by the service worker, the worker and the review page. */

export const CONSENT_TEXT_VERSION = '2026-11-21.1';

export interface ConsentRecord {
  version: string;
  acceptedAt: number;
}

export interface OriginRule {
  /** `https://app.example.com` or a wildcard domain `*.example.com` (admin). */
  pattern: string;
  source: 'user' | 'policy';
}

export type SessionStatus = 'recording' | 'stopped' | 'in_review' | 'approved' | 'rejected' | 'uploaded';

export interface SessionSummary {
  id: string;
  startedAt: number;
  endedAt: number | null;
  status: SessionStatus;
  intent: string | null;
  origins: string[];
  eventCount: number;
  /** Compressed bytes stored. */
  bytes: number;
  /** Uncompressed JSON bytes received (after redaction). */
  rawBytes: number;
  redactions: Record<string, number>;
  consent: ConsentRecord;
  /** Set by the reviewer. */
  review?: ReviewDecision;
}

export interface ReviewDecision {
  decision: 'approved' | 'rejected';
  reviewer: string;
  at: number;
  note: string | null;
}
