/**
 * Admin policy (chrome.storage.managed, schema in managed_schema.json) merged over user settings.
 * Where the policy sets a value it wins; what the user added stays where the policy is silent.
 * Policy origins cannot be disabled by the user.
 */
import * as v from 'valibot';
import type { AdminRules } from '../worker/redact/types';
import { validateRules } from './redaction-rules';
import type { OriginRule } from './session';

export interface ManagedPolicy {
  allowedOrigins?: string[];
  blockSelectors?: string[];
  maskSelectors?: string[];
  uploadEndpoint?: string;
  reviewer?: string;
  /** When true, only policy origins may be recorded (the user cannot add sites). */
  restrictToAllowedOrigins?: boolean;
  /**
   * Always-redact terms and patterns, applied by the worker to everything it stores, from the
   * first event of a session on (the same rules "Redact more" takes afterwards).
   */
  redactionRules?: AdminRules;
  /**
   * Why the policy's redactionRules were refused. Set, recording cannot start: the admin asked
   * for these terms to be redacted, and recording without them would store what they named.
   */
  redactionRulesError?: string;
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
  if (o.redactionRules !== undefined) {
    const rules = parseRedactionRules(o.redactionRules);
    if (typeof rules === 'string') policy.redactionRulesError = rules;
    else if (rules) policy.redactionRules = rules;
  }
  return policy;
}

const RedactionRulesSchema = v.strictObject({
  terms: v.optional(v.array(v.string())),
  patterns: v.optional(
    v.array(v.strictObject({ name: v.string(), regex: v.string(), flags: v.optional(v.string()) })),
  ),
});

/**
 * The policy's redactionRules, null when they hold no rule, or the reason they are refused.
 * Unlike the other keys, a malformed value is not dropped quietly: dropping it would record what
 * the admin asked to redact.
 */
export function parseRedactionRules(raw: unknown): AdminRules | null | string {
  const parsed = v.safeParse(RedactionRulesSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = (issue.path ?? []).map((p) =>
      typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`,
    );
    return `redactionRules${path.join('')}: ${issue.message}`;
  }
  const rules: AdminRules = {};
  const terms = parsed.output.terms?.map((t) => t.trim()).filter((t) => t !== '');
  if (terms && terms.length > 0) rules.terms = terms;
  if (parsed.output.patterns && parsed.output.patterns.length > 0) rules.patterns = parsed.output.patterns;
  if (!rules.terms && !rules.patterns) return null;
  const valid = validateRules(rules);
  return valid.ok ? rules : `redactionRules: ${valid.error}`;
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
