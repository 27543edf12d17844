/**
 * Names a page chooses (attribute names, CSS property names, tag names) are stored as keys, not
 * values, so the redactor never sees them as text. A crafted page can name an attribute like an
 * e-mail address. The walker keeps a name only if it is plausible as a name and the redactor leaves
 * it unchanged; see docs/decisions.md ("Walker: strict per-type schemas").
 */
import type { Redactor } from '../redact/index';

/**
 * HTML/SVG/ARIA/`data-*` names and framework syntaxes (`@click`, `:class`, `#default`, `x-on:click.outside`,
 * `v-bind:[key]`, `(click)`, `[attr]`, `*ngIf`, `xlink:href`, rrweb's `_cssText`, `rr_*`): a leading
 * sigil, then identifier characters. No `@` after the start (e-mail), no space, `/`, `+` or `=`.
 */
const ATTRIBUTE_NAME = /^[A-Za-z_:@#*[(][A-Za-z0-9_.:\-[\]()*]{0,79}$/;
/** Standard properties (with vendor prefix) and custom properties. */
const CSS_PROPERTY = /^(?:--[A-Za-z0-9_-]{1,80}|-?[A-Za-z][A-Za-z0-9-]{0,60})$/;
/** HTML, SVG and custom element names (ASCII only). */
const TAG_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,79}$/;
/** Nine or more digits in a row read as a phone, card or account number, not as a name. */
const DIGIT_RUN = /\d{9}/;

export type NameKind = 'attribute' | 'css' | 'tag';
const PATTERNS: Record<NameKind, RegExp> = { attribute: ATTRIBUTE_NAME, css: CSS_PROPERTY, tag: TAG_NAME };

/** Verdicts per redactor (admin rules differ per session) and kind; names repeat, so this is cheap. */
const cache = new WeakMap<Redactor, Record<NameKind, Map<string, boolean>>>();
const CACHE_MAX = 20_000;

export function plausibleName(kind: NameKind, name: string, r: Redactor): boolean {
  let byKind = cache.get(r);
  if (!byKind) {
    byKind = { attribute: new Map(), css: new Map(), tag: new Map() };
    cache.set(r, byKind);
  }
  const verdicts = byKind[kind];
  let ok = verdicts.get(name);
  if (ok === undefined) {
    ok = PATTERNS[kind].test(name) && name !== '__proto__' && !DIGIT_RUN.test(name) && r.text(name) === name;
    if (verdicts.size >= CACHE_MAX) verdicts.clear();
    verdicts.set(name, ok);
  }
  return ok;
}
