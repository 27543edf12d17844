/**
 * Admin policy (chrome.storage.managed, schema in managed_schema.json) merged over user settings.
 * Where the policy sets a value it wins; what the user added stays where the policy is silent.
 * Policy origins cannot be disabled by the user.
 */
import type { OriginRule } from './session';

export interface ManagedPolicy {
  allowedOrigins?: string[];
  blockSelectors?: string[];
  maskSelectors?: string[];
  uploadEndpoint?: string;
  reviewer?: string;
  /** When true, only policy origins may be recorded (the user cannot add sites). */
  restrictToAllowedOrigins?: boolean;
}

export interface UserSettings {
  origins: OriginRule[];
  blockSelectors: string[];
  maskSelectors: string[];
  uploadEndpoint: string | null;
  reviewer: string | null;
}

export interface EffectiveSettings extends UserSettings {
  /** Which fields the policy decided (the UI shows them read-only). */
  managed: (keyof UserSettings)[];
}

export const DEFAULT_BLOCK_SELECTORS = ['[data-private]', '.rr-block'];
export const DEFAULT_MASK_SELECTORS = ['.rr-mask', '[data-private]'];

/** Drops what a policy file may hold but we cannot use, instead of failing on it. */
export function parsePolicy(raw: unknown): ManagedPolicy {
  const o = (raw ?? {}) as Record<string, unknown>;
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : undefined;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const policy: ManagedPolicy = {};
  const allowedOrigins = strings(o.allowedOrigins);
  if (allowedOrigins) policy.allowedOrigins = allowedOrigins;
  const blockSelectors = strings(o.blockSelectors);
  if (blockSelectors) policy.blockSelectors = blockSelectors;
  const maskSelectors = strings(o.maskSelectors);
  if (maskSelectors) policy.maskSelectors = maskSelectors;
  const uploadEndpoint = text(o.uploadEndpoint);
  if (uploadEndpoint) policy.uploadEndpoint = uploadEndpoint;
  const reviewer = text(o.reviewer);
  if (reviewer) policy.reviewer = reviewer;
  if (typeof o.restrictToAllowedOrigins === 'boolean')
    policy.restrictToAllowedOrigins = o.restrictToAllowedOrigins;
  return policy;
}

export function mergePolicy(user: UserSettings, policy: ManagedPolicy): EffectiveSettings {
  const managed: (keyof UserSettings)[] = [];
  let origins = user.origins.filter((o) => o.source === 'user');
  if (policy.allowedOrigins) {
    managed.push('origins');
    const fromPolicy = policy.allowedOrigins.map((pattern) => ({ pattern, source: 'policy' as const }));
    const own = policy.restrictToAllowedOrigins
      ? []
      : origins.filter((o) => !policy.allowedOrigins?.includes(o.pattern));
    origins = [...fromPolicy, ...own];
  }
  const pick = <K extends 'blockSelectors' | 'maskSelectors'>(key: K, defaults: string[]): string[] => {
    const extra = policy[key];
    if (!extra) return user[key];
    managed.push(key);
    // Defaults are a floor: a policy adds selectors, it never removes the built-in masking.
    return [...new Set([...defaults, ...extra])];
  };
  const blockSelectors = pick('blockSelectors', DEFAULT_BLOCK_SELECTORS);
  const maskSelectors = pick('maskSelectors', DEFAULT_MASK_SELECTORS);
  if (policy.uploadEndpoint) managed.push('uploadEndpoint');
  if (policy.reviewer) managed.push('reviewer');
  return {
    origins,
    blockSelectors,
    maskSelectors,
    uploadEndpoint: policy.uploadEndpoint ?? user.uploadEndpoint,
    reviewer: policy.reviewer ?? user.reviewer,
    managed,
  };
}
