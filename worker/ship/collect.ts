/**
 * Loads sessions for a bundle from IndexedDB, always through shippableSession: what the reviewer
 * saw is what is exported, and an unapproved session throws NotApprovedError (invariant 6).
 */

import { shippableSession } from '../review/shippable';
import type { RecorderDb } from '../store/schema';
import type { BundleSession } from './bundle';

export function sessionLoader(
  db: RecorderDb,
  contributorOf: (sessionId: string) => string,
): (id: string) => Promise<BundleSession> {
  return async (id) => {
    const s = await shippableSession(db, id, { requireApproved: true });
    return { ...s, contributorId: contributorOf(id) };
  };
}
