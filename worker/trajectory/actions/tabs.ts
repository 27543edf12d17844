/**
 * Tabs and windows (the service worker's `rec/tab`): activating another recorded tab is a
 * `tab_switch` step; window focus changes and visits to tabs we do not record are friction
 * (`tabSwitches` of the next step), not steps. A tab's creation time lets a navigation in a new
 * tab be attributed to the action that opened it (navigation.ts).
 */
import type { CustomPayloads } from '../../../shared/events';
import type { Action } from '../../../shared/trajectory';
import { newDraft } from './drafts';
import type { EventRef, SegState } from './state';
import { closeType } from './typing';

export function onTab(s: SegState, p: CustomPayloads['rec/tab'], t: number, ref: EventRef): void {
  if (p.op === 'window-focus') {
    s.switches++;
    return;
  }
  if (p.op === 'created') {
    s.tabCreatedAt.set(p.tabId, t);
    return;
  }
  if (p.op !== 'activated') return;
  const from = s.pages.activeTabId;
  if (from === p.tabId) return;
  const toPage = s.pages.tabs.get(p.tabId);
  if (!toPage) {
    // A tab we do not record (another site, the extension's own page): friction, not a step,
    // and coming back to the recorded tab is no switch of work.
    s.switches++;
    return;
  }
  s.pages.activeTabId = p.tabId;
  if (from === null) return;
  s.switches++;
  if (s.open) closeType(s, 'other_action');
  const fromPage = s.pages.tabs.get(from) ?? toPage;
  const action: Action = { type: 'tab_switch', tabId: p.tabId, fromTabId: from, url: toPage?.url ?? null };
  if (fromPage) newDraft(s, fromPage, action, null, t, ref, p.tabId);
}
