/**
 * The two data-free signals the main-world hook (main-world-signal.ts) dispatches, shared with the
 * isolated world that listens for them (freshness.ts). An event of one of these types says only
 * "some field (or style sheet) at this node changed"; it carries no value.
 */
export const FIELD_CHANGED = 'recorder-field-changed';
export const STYLE_CHANGED = 'recorder-style-changed';
