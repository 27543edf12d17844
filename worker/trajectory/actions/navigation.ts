/**
 * Navigations (the service worker's `rec/navigation`, or page loads when a session has none).
 *
 * Decisions:
 * - Navigations caused by the previous action (link, form_submit, history_state within 2.5 s, in
 *   the same tab or a tab that action just opened) become `effects.navigation` of that action; a
 *   step `navigate` is made only for navigations the user made directly (typed, reload, back and
 *   forward, bookmarks) or that follow no action. Redirects and script route changes make none.
 * - Back is recognised from each tab's own history (a `forward_back` to the entry before the
 *   current one), a `back_navigation` backtrack.
 */
import type { CustomPayloads } from '../../../shared/events';
import type { Page } from '../pages';
import { newDraft, touch } from './drafts';
import type { Draft, EventRef, SegState } from './state';
import { closeType } from './typing';

const NAV_CAUSE_MS = 2500;
const USER_TRANSITIONS = new Set([
  'typed',
  'auto_bookmark',
  'generated',
  'keyword',
  'keyword_generated',
  'reload',
  'start_page',
  'auto_toplevel',
]);

/** Meta of a new page load (used as navigation only when the session has no navigation events). */
export function onPageLoad(s: SegState, page: Page, href: string, t: number, ref: EventRef): void {
  if (s.hasNavEvents || page.isFrame || page.tabId === null) return;
  if (page.url === null || page.url === href) return;
  navigation(s, page.tabId, href, 'unknown', [], t, ref);
}

export function onNavigation(
  s: SegState,
  p: CustomPayloads['rec/navigation'],
  t: number,
  ref: EventRef,
): void {
  if (p.frameId !== 0) return;
  const page = s.pages.tabs.get(p.tabId);
  if (page && p.transition === 'history_state') page.url = p.url;
  navigation(s, p.tabId, p.url, p.transition, p.qualifiers, t, ref);
}

function navigation(
  s: SegState,
  tabId: number,
  url: string,
  transition: string,
  qualifiers: string[],
  t: number,
  ref: EventRef,
): void {
  const back = noteHistory(s, tabId, url, qualifiers);
  const redirect = qualifiers.includes('client_redirect') || qualifiers.includes('server_redirect');
  const userMade =
    USER_TRANSITIONS.has(transition) ||
    qualifiers.includes('forward_back') ||
    qualifiers.includes('from_address_bar');
  if (!userMade) {
    const cause = navigationCause(s, tabId, t);
    if (cause) {
      cause.action.effects = { ...cause.action.effects, navigation: { url, transition } };
      if (cause.action.type === 'submit' || cause.action.effects.submit) cause.submitNavigation = true;
      touch(s, cause, cause.endedAt, ref);
      return;
    }
    if (redirect || transition === 'history_state') return;
  }
  const page = s.pages.tabs.get(tabId);
  if (!page) return;
  if (s.open) closeType(s, 'other_action');
  const d = newDraft(
    s,
    page,
    { type: 'navigate', url, transition, qualifiers: [...qualifiers] },
    null,
    t,
    ref,
  );
  if (back) d.backtrack = 'back_navigation';
}

/** Records the navigation in the tab's history; true when it went back to the previous entry. */
function noteHistory(s: SegState, tabId: number, url: string, qualifiers: string[]): boolean {
  const history = s.tabHistory.get(tabId) ?? [];
  s.tabHistory.set(tabId, history);
  const current = s.pages.tabs.get(tabId)?.url;
  if (history.length === 0 && current && current !== url) history.push(current);
  const back =
    qualifiers.includes('forward_back') && history.length >= 2 && history[history.length - 2] === url;
  if (back) history.pop();
  else if (history[history.length - 1] !== url) history.push(url);
  return back;
}

/** The recent action in this tab (or the one that just opened it) that caused a navigation. */
function navigationCause(s: SegState, tabId: number, t: number): Draft | null {
  const created = s.tabCreatedAt.get(tabId);
  for (let i = s.drafts.length - 1; i >= 0; i--) {
    const d = s.drafts[i]!;
    if (d.dropped) continue;
    if (t - d.endedAt > NAV_CAUSE_MS) return null;
    if (d.action.type === 'navigate' || d.action.type === 'tab_switch' || d.action.type === 'scroll')
      continue;
    if (d.tabId === tabId) return d;
    if (created !== undefined && t - created < NAV_CAUSE_MS) return d;
  }
  return null;
}
