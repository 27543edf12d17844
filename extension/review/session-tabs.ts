/**
 * The replay of a session page: which recorded tab plays (the tab picker), the markers on its
 * timeline (tasks, steps, pauses), and the remote images the reviewer may choose to load.
 */

import { EventType } from '../../shared/events';
import { neutralizeRemoteAssets } from '../../shared/replay-assets';
import { h, put } from '../ui/dom';
import { createPlayer } from './player';
import { loadRemoteImages, remoteImagesBar } from './remote-images';
import type { SessionPageState } from './session-state';
import { describeStep } from './step-text';
import type { Marker } from './timeline';

/** Replays tab `index`, seeking to `at` once the first frame is up (null: from the start). */
export function showTab(state: SessionPageState, index: number, at: number | null): void {
  const { stage, assetSlot } = state.slots;
  state.player?.destroy();
  state.player = null;
  state.tabIndex = index;
  const tab = state.stored?.tabs[index];
  if (!tab || tab.events.length < 2) {
    stage.replaceChildren(h('p', { class: 'muted' }, 'Nothing to replay in this tab.'));
    return;
  }
  // The replay contacts no one: remote references become placeholders unless chosen below.
  const replay = neutralizeRemoteAssets(tab.events, { images: state.remote?.map });
  put(
    assetSlot,
    remoteImagesBar(replay.remoteImages.length, state.remote, () => void loadRemote(state)),
  );
  const p = createPlayer(replay.events, stage, {
    origin: state.session?.startedAt,
    onTime: (t, playing) => state.steps?.follow(t, tab.tabId, playing),
  });
  state.player = p;
  performance.mark('review:replayer-built');
  void p.ready.then(() => {
    performance.mark('review:first-frame');
    if (at !== null && state.player === p) p.seekTo(at);
  });
  applyMarkers(state);
}

/**
 * Switches the replay to tab `index` when another one plays, keeping the picker in step.
 * Returns whether it switched (the new player is then not ready yet).
 */
export function switchTab(state: SessionPageState, index: number): boolean {
  if (index < 0 || index === state.tabIndex) return false;
  const picker = state.slots.tabSlot.querySelector('select');
  if (picker) picker.value = String(index);
  showTab(state, index, null);
  return true;
}

/** The index of the stored tab with this id; -1 for none (events outside any tab). */
export function tabIndexOf(state: SessionPageState, tabId: number | null): number {
  if (tabId === null || !state.stored) return -1;
  return state.stored.tabs.findIndex((t) => t.tabId === tabId);
}

async function loadRemote(state: SessionPageState): Promise<void> {
  const { stored } = state;
  if (!stored || state.remote) return;
  const urls = new Set(stored.tabs.flatMap((t) => neutralizeRemoteAssets(t.events).remoteImages));
  put(state.slots.assetSlot, h('p', { class: 'muted', role: 'status' }, 'Loading remote images…'));
  const loaded = await loadRemoteImages([...urls]);
  if (state.disposed) return loaded.release();
  state.remote = loaded;
  showTab(state, state.tabIndex, state.player?.now() ?? null);
}

/** Puts the tasks, the steps of the playing tab and the pauses on the replay's timeline. */
export function applyMarkers(state: SessionPageState): void {
  const { player, view, stored } = state;
  const tab = stored?.tabs[state.tabIndex];
  if (!player || !view || !tab) return;
  const markers: Marker[] = [];
  for (const t of view.trajectories) {
    markers.push({
      at: t.startedAt,
      kind: 'task',
      label: `Task ${t.index + 1}: ${t.intent ?? 'no intent'}`,
    });
    for (const s of t.steps) {
      if (s.tabId === null || s.tabId === tab.tabId) {
        markers.push({
          at: s.startedAt,
          kind: 'step',
          label: `Step ${s.index + 1}: ${describeStep(s.action, s.target)}`,
        });
      }
    }
  }
  // Pauses are holes in the record: marked so the replay's jump over them is not mistaken for data.
  for (const e of stored?.sessionEvents ?? []) {
    const data = e.data as { tag?: unknown; payload?: { phase?: unknown } };
    if (e.type !== EventType.Custom || data.tag !== 'rec/paused') continue;
    const resumed = data.payload?.phase === 'resumed';
    markers.push({
      at: e.timestamp,
      kind: 'gap',
      label: resumed ? 'Recording resumed after a pause' : 'Paused: nothing recorded until resumed',
    });
  }
  player.setMarkers(markers);
}

/** The tab picker, or null when the session has a single tab. */
export function tabPicker(state: SessionPageState): HTMLElement | null {
  const { stored } = state;
  if (!stored || stored.tabs.length < 2) return null;
  const picker = h(
    'select',
    { 'aria-label': 'Tab to replay' },
    ...stored.tabs.map((t, i) =>
      h(
        'option',
        { value: i, selected: i === state.tabIndex },
        `Tab ${i + 1} (${t.streams.length} page loads)`,
      ),
    ),
  );
  picker.addEventListener('change', () => showTab(state, Number(picker.value), null));
  return h('p', { class: 'row' }, picker);
}
