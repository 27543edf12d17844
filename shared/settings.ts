/**
 * The settings in effect, as every context reads them: the user's own (storage items in
 * chrome.storage.local) merged with the admin policy (chrome.storage.managed). The service worker
 * decides directives by them; the options, export and review pages show them.
 */
import { type EffectiveSettings, type ManagedPolicy, mergePolicy } from './policy';
import type { ConsentRecord } from './session';
import { read, write } from './storage';
import {
  blockSelectorsItem,
  consentItem,
  maskSelectorsItem,
  originsItem,
  policyCacheItem,
  policyItem,
  reviewerItem,
  uploadEndpointItem,
} from './storage-items';

export interface Settings extends EffectiveSettings {
  consent: ConsentRecord | null;
  policy: ManagedPolicy;
}

const POLICY_WAIT_MS = 500;

/**
 * The admin policy. `chrome.storage.managed.get` can take many seconds to answer right after the
 * browser starts, and every frame's hello needs settings: the last policy read is kept in
 * chrome.storage.session and used when a fresh read is slow; the fresh one replaces it on arrival.
 */
export async function readPolicy(): Promise<ManagedPolicy> {
  const fresh = read(policyItem).then(async (policy) => {
    await write(policyCacheItem, policy);
    return policy;
  });
  const cached = new Promise<ManagedPolicy | null>((resolve) =>
    setTimeout(() => void read(policyCacheItem).then(resolve, () => resolve(null)), POLICY_WAIT_MS),
  );
  const first = await Promise.race([fresh, cached]);
  return first ?? fresh;
}

/** Reads the policy now and replaces the cached one (after chrome.storage.managed changed). */
export async function refreshPolicy(): Promise<void> {
  await write(policyCacheItem, await read(policyItem));
}

export async function getSettings(): Promise<Settings> {
  const [origins, blockSelectors, maskSelectors, uploadEndpoint, reviewer, consent, policy] =
    await Promise.all([
      read(originsItem),
      read(blockSelectorsItem),
      read(maskSelectorsItem),
      read(uploadEndpointItem),
      read(reviewerItem),
      read(consentItem),
      readPolicy(),
    ]);
  const user = { origins, blockSelectors, maskSelectors, uploadEndpoint, reviewer };
  return { consent, policy, ...mergePolicy(user, policy) };
}
