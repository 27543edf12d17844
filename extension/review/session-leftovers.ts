/**
 * The "Possible personal data left" panel of a session page: asks the review worker for the
 * candidates detection may have missed, and wires each row to the page (mark its steps and its
 * words in the replay, show its first place, redact it).
 */

import type { LeftoverItem } from '../../worker/review/leftover-texts';
import { put } from '../ui/dom';
import { actor, worker } from './client';
import { leftoversPanel, leftoversPlaceholder } from './leftovers-panel';
import type { SessionActions } from './session-actions';
import { plural } from './session-head';
import { editable, type SessionPageState } from './session-state';
import { switchTab, tabIndexOf } from './session-tabs';

/** Rebuilds the panel for the current view; a view replaced meanwhile wins. */
export async function renderLeftovers(state: SessionPageState, actions: SessionActions): Promise<void> {
  const { leftoversSlot } = state.slots;
  const v = state.view;
  if (!v) return;
  put(leftoversSlot, leftoversPlaceholder('Looking for what detection may have missed…'));
  const items = await worker.leftovers(state.sessionId).catch((e: unknown) => {
    put(
      leftoversSlot,
      leftoversPlaceholder(
        `Could not look for personal data left: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
    return null;
  });
  if (!items || state.disposed || state.view !== v) return;
  const panel = leftoversPanel(items, {
    canRedact: editable(state) && v.canRedact,
    mark: (item, scroll) => markLeftover(state, item, scroll),
    show: (item) => showLeftover(state, item),
    redact: (item, index) => {
      void actions.run(
        async () => {
          const { counts } = await worker.redactLeftover(state.sessionId, item.term, item.kind, actor());
          state.leftoverFocus = index; // the rebuilt panel focuses the row now at this index
          const n = Object.values(counts).reduce((a, b) => a + b, 0);
          return `Redacted ${plural(n, 'more value')} (a listed candidate).`;
        },
        { events: true },
      );
    },
  });
  put(leftoversSlot, panel.el);
  performance.mark('review:leftovers');
  if (state.leftoverFocus !== null) {
    panel.focus(state.leftoverFocus);
    state.leftoverFocus = null;
  }
}

function markLeftover(state: SessionPageState, item: LeftoverItem | null, scroll: boolean): void {
  state.steps?.mark(item?.steps ?? null, scroll);
  state.player?.markText(item?.term ?? null);
}

/** Seeks the replay to the candidate's first place, preferring the tab that plays now. */
function showLeftover(state: SessionPageState, item: LeftoverItem): void {
  const { stored } = state;
  if (!stored) return;
  const here = stored.tabs[state.tabIndex]?.tabId;
  // The current tab's first occurrence, else the first one in a tab that has a replay.
  const place =
    item.places.find((p) => p.tabId === here) ?? item.places.find((p) => p.tabId !== null) ?? item.places[0];
  if (!place) return;
  switchTab(state, tabIndexOf(state, place.tabId));
  const p = state.player;
  if (!p) return;
  const go = () => {
    p.pause();
    p.seekTo(place.at);
    state.steps?.mark(item.steps, true);
    requestAnimationFrame(() => p.markText(item.term));
  };
  void p.ready.then(go);
}
