/**
 * Form submission (capture's `submit` layout event): Enter then submit becomes `submit` via
 * `enter`; a click (or double click) that submitted gets `effects.submit`; a submit no user
 * action explains is its own `submit` via `script`.
 */
import type { LayoutPayload } from '../../../shared/events';
import type { MNode } from '../mirror';
import type { Page } from '../pages';
import { last, newDraft, touch } from './drafts';
import { withLayout } from './layout';
import type { EventRef, SegState } from './state';
import { closeType } from './typing';

export function onSubmit(
  s: SegState,
  page: Page,
  form: MNode,
  t: number,
  ref: EventRef,
  layout: LayoutPayload,
): void {
  const prev = last(s);
  if (prev && prev.page === page && t - prev.endedAt < 1500) {
    if (prev.action.type === 'keypress' && prev.action.key === 'Enter') {
      prev.action = { type: 'submit', via: 'enter' };
      touch(s, prev, t, ref);
      return;
    }
    if (prev.action.type === 'click' || prev.action.type === 'dblclick') {
      prev.action.effects = { ...prev.action.effects, submit: true };
      touch(s, prev, t, ref);
      return;
    }
    if (prev.action.type === 'submit') {
      touch(s, prev, t, ref);
      return;
    }
  }
  if (s.open) closeType(s, 'other_action');
  const d = newDraft(s, page, { type: 'submit', via: 'script' }, form, t, ref);
  withLayout(s, d, layout);
}
