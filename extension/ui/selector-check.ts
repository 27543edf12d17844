/**
 * The mask and block selectors in effect (user settings merged with the admin policy), checked in
 * this page's DOM. The service worker cannot parse selectors; the content script drops invalid ones
 * before recording. These pages say so, so a dropped selector is never a silent gap in the masking.
 */
import { checkSelectors, type SelectorProblem } from '../../shared/selectors';
import { getSettings } from '../../shared/settings';
import { h } from './dom';

export type SelectorKind = 'mask' | 'block';

export interface InvalidSelector extends SelectorProblem {
  kind: SelectorKind;
  /** Set by the admin policy (the user cannot fix it here). */
  fromPolicy: boolean;
}

export interface SelectorReport {
  mask: string[];
  block: string[];
  managed: { mask: boolean; block: boolean };
  invalid: InvalidSelector[];
}

export async function selectorReport(): Promise<SelectorReport> {
  const s = await getSettings();
  const invalid: InvalidSelector[] = [];
  for (const [kind, list, policy] of [
    ['mask', s.maskSelectors, s.policy.maskSelectors ?? []],
    ['block', s.blockSelectors, s.policy.blockSelectors ?? []],
  ] as const) {
    for (const p of checkSelectors(list).invalid)
      invalid.push({ ...p, kind, fromPolicy: policy.includes(p.selector) });
  }
  return {
    mask: s.maskSelectors,
    block: s.blockSelectors,
    managed: { mask: s.managed.includes('maskSelectors'), block: s.managed.includes('blockSelectors') },
    invalid,
  };
}

/** A visible warning naming each ignored selector; null when all are valid. */
export function selectorWarning(invalid: readonly InvalidSelector[], compact = false): HTMLElement | null {
  if (invalid.length === 0) return null;
  const what = (p: InvalidSelector) =>
    `${p.kind === 'mask' ? 'Mask' : 'Block'} selector ${JSON.stringify(p.selector)}${p.fromPolicy ? ' (set by your admin)' : ''}`;
  return h(
    'div',
    { class: 'warning', 'data-testid': 'selector-warning', 'aria-live': 'polite' },
    h(
      'strong',
      {},
      invalid.length === 1
        ? 'One masking selector is invalid and ignored'
        : `${invalid.length} masking selectors are invalid and ignored`,
    ),
    h('ul', {}, ...invalid.map((p) => h('li', {}, compact ? what(p) : `${what(p)}: ${p.reason}`))),
    h(
      'p',
      {},
      'What it should have hidden is recorded like other text (and redacted). ',
      invalid.some((p) => p.fromPolicy) ? 'Ask your admin to fix the policy; ' : '',
      invalid.some((p) => !p.fromPolicy) ? 'Fix it under Masking in the settings.' : '',
    ),
  );
}
