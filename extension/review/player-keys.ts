/**
 * Keyboard shortcuts for the replay (Space/K play-pause, ←/→ previous/next step, J/L ∓5 s) and the
 * help popover that lists them. Keys typed into a field, a select or the timeline (which has its own
 * arrows) are left alone, and so is Space on a button or link (it activates them), as are keys with
 * modifiers and keys pressed while a modal dialog is open.
 */
import { h } from '../ui/dom';

export interface PlayerKeyActions {
  toggle(): void;
  /** Moves to the previous (-1) or next (+1) step. */
  step(dir: -1 | 1): void;
  /** Moves the playhead by ms (negative: back). */
  jump(ms: number): void;
}

export const SHORTCUTS: ReadonlyArray<readonly [keys: string, what: string]> = [
  ['Space or K', 'Play / pause'],
  ['← / →', 'Previous / next step'],
  ['J / L', 'Back / forward 5 seconds'],
];

const FIELDS = 'input, textarea, select, [contenteditable]';
const ACTIVATED_BY_SPACE = 'button, a[href], summary';

export function playerKeys(actions: PlayerKeyActions): { help: HTMLElement; dispose(): void } {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest(FIELDS) || document.querySelector('dialog[open]')) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === ' ' && target?.closest(ACTIVATED_BY_SPACE)) return;
    if (key === ' ' || key === 'k') actions.toggle();
    else if (key === 'ArrowLeft') actions.step(-1);
    else if (key === 'ArrowRight') actions.step(1);
    else if (key === 'j') actions.jump(-5000);
    else if (key === 'l') actions.jump(5000);
    else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);

  const id = `player-keys-${Math.random().toString(36).slice(2, 8)}`;
  const pop = h(
    'div',
    { id, popover: 'auto', class: 'keys-help', role: 'dialog', 'aria-label': 'Keyboard shortcuts' },
    h('h3', {}, 'Keyboard shortcuts'),
    h('dl', {}, ...SHORTCUTS.flatMap(([keys, what]) => [h('dt', {}, h('kbd', {}, keys)), h('dd', {}, what)])),
    h('p', { class: 'muted' }, 'They work when the focus is not in a field or on the timeline.'),
  );
  const button = h(
    'button',
    { type: 'button', class: 'keys-btn', popovertarget: id, 'aria-label': 'Keyboard shortcuts' },
    '?',
  );
  return {
    help: h('span', { class: 'keys' }, button, pop),
    dispose: () => document.removeEventListener('keydown', onKey),
  };
}
