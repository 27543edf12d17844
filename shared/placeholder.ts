/**
 * The placeholder format the redactor writes (`[TYPE:abc123]`, a keyed pseudonym per value, or
 * `[REDACTED]` where redaction failed closed): a contract read by the review page (to highlight
 * what was redacted), exports and the renderer (to swap in surrogates).
 */

/** Matches any placeholder the redactor emits, plus the fail-closed mask. */
export const PLACEHOLDER_RE = /\[(?:[A-Z][A-Z0-9_]{0,39}:[0-9A-Za-z]{6}|REDACTED)\]/g;
export const FULL_MASK = '[REDACTED]';
