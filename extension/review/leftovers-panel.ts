/**
 * "Possible personal data left": what the detectors were not sure enough about (computed by the
 * review worker, never stored), one row per candidate with its kind, how often and where it
 * occurs. Hovering or focusing a row marks it in the step list and in the replay; the row's main
 * button moves the replay to its first occurrence; "Redact" removes it everywhere in the session
 * through "Redact more" (Undo reverts it).
 *
 * Keyboard: the list is one Tab stop (roving tabindex) with ↑/↓/Home/End between rows and ←/→
 * between a row's two buttons; Enter or Space press the focused button.
 */
import type { LeftoverItem } from '../../worker/review/leftover-texts';
import { h } from '../ui/dom';
import { plural } from './session-head';

export interface LeftoverHandlers {
  /** Candidates can be redacted (the session is editable and still has its key). */
  canRedact: boolean;
  /** Marks where a candidate occurs (null: clear the marks); `scroll` brings the first into view. */
  mark(item: LeftoverItem | null, scroll: boolean): void;
  /** Moves the replay to the candidate's first occurrence. */
  show(item: LeftoverItem): void;
  redact(item: LeftoverItem, index: number): void;
}

export interface LeftoversPanel {
  el: HTMLElement;
  /** Focuses row `index` (clamped), or the panel's heading when the list is empty. */
  focus(index: number): void;
}

const KIND_LABEL: Record<LeftoverItem['kind'], string> = {
  name: 'name',
  account: 'account name',
  address: 'address',
  number: 'id or phone number',
};

/** A loading or error state, before the worker has answered. */
export function leftoversPlaceholder(text: string): HTMLElement {
  return section(h('p', { class: 'muted', role: 'status' }, text));
}

export function leftoversPanel(items: readonly LeftoverItem[], on: LeftoverHandlers): LeftoversPanel {
  if (items.length === 0) {
    const el = section(
      h(
        'p',
        { class: 'muted' },
        'Nothing left that looks like a name, an address or an id. Still check the replay.',
      ),
    );
    return { el, focus: () => el.querySelector<HTMLElement>('h3')?.focus() };
  }
  const rows: { li: HTMLElement; buttons: HTMLButtonElement[] }[] = [];
  let active = 0;
  let col = 0;

  const setActive = (r: number, c: number, focus: boolean) => {
    active = Math.max(0, Math.min(r, rows.length - 1));
    const row = rows[active];
    if (!row) return;
    col = Math.max(0, Math.min(c, row.buttons.length - 1));
    for (const [i, x] of rows.entries())
      x.buttons.forEach((b) => {
        b.tabIndex = i === active ? 0 : -1;
      });
    if (focus) row.buttons[col]?.focus();
  };

  const list = h('ul', { class: 'leftover-items', 'aria-labelledby': 'leftovers-title' });
  items.forEach((item, i) => {
    const label = `${item.term}, ${KIND_LABEL[item.kind]}, ${plural(item.count, 'occurrence')}`;
    const whereId = `leftover-where-${i}`;
    const show = h(
      'button',
      {
        type: 'button',
        class: 'leftover-show',
        'aria-label': label,
        'aria-describedby': whereId,
        title: 'Show it in the replay',
      },
      h('span', { class: 'term' }, item.term),
      h('span', { class: `kind kind-${item.kind}` }, KIND_LABEL[item.kind]),
      h('span', { class: 'count' }, `${item.count}×`),
      h('span', { class: 'where', id: whereId }, where(item)),
    );
    show.addEventListener('click', () => on.show(item));
    const buttons = [show];
    if (on.canRedact) {
      const redact = h(
        'button',
        { type: 'button', class: 'danger', 'aria-label': `Redact ${item.term} everywhere` },
        'Redact',
      );
      redact.addEventListener('click', () => on.redact(item, i));
      buttons.push(redact);
    }
    const li = h('li', { class: 'leftover', 'data-kind': item.kind }, ...buttons);
    li.addEventListener('mouseenter', () => on.mark(item, false));
    li.addEventListener('focusin', (e) => {
      const c = buttons.indexOf(e.target as HTMLButtonElement);
      setActive(i, Math.max(c, 0), false);
      li.classList.add('active');
      on.mark(item, true);
    });
    li.addEventListener('focusout', () => li.classList.remove('active'));
    rows.push({ li, buttons });
    list.append(li);
  });
  list.addEventListener('mouseleave', () => {
    const focused = rows.findIndex((r) => r.li.contains(document.activeElement));
    on.mark(items[focused] ?? null, false);
  });
  list.addEventListener('focusout', (e) => {
    if (!list.contains(e.relatedTarget as Node | null)) on.mark(null, false);
  });
  list.addEventListener('keydown', (e) => {
    const moves: Record<string, () => void> = {
      ArrowDown: () => setActive(active + 1, col, true),
      ArrowUp: () => setActive(active - 1, col, true),
      Home: () => setActive(0, col, true),
      End: () => setActive(rows.length - 1, col, true),
      ArrowRight: () => setActive(active, col + 1, true),
      ArrowLeft: () => setActive(active, col - 1, true),
    };
    const move = moves[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    move();
  });
  setActive(0, 0, false);

  const el = section(
    h(
      'p',
      { class: 'muted' },
      `${plural(items.length, 'candidate')} the detectors were not sure about. Check each in the replay; `,
      on.canRedact
        ? 'Redact removes it everywhere in this session (Undo reverts it).'
        : 'This session can no longer be re-redacted.',
    ),
    list,
  );
  return { el, focus: (index) => setActive(index, 0, true) };
}

function section(...body: HTMLElement[]): HTMLElement {
  return h(
    'section',
    { class: 'leftovers', 'aria-labelledby': 'leftovers-title' },
    h('h3', { id: 'leftovers-title', class: 'leftovers-title', tabindex: -1 }, 'Possible personal data left'),
    ...body,
  );
}

function where(item: LeftoverItem): string {
  if (item.steps.length === 0) return 'in no step';
  const byTask = new Map<number, number[]>();
  for (const [t, s] of item.steps) byTask.set(t, [...(byTask.get(t) ?? []), s + 1]);
  const parts = [...byTask].slice(0, 3).map(([t, steps]) => {
    const shown = steps.length > 4 ? `${steps.slice(0, 4).join(', ')}…` : steps.join(', ');
    return `task ${t + 1}, ${steps.length === 1 ? 'step' : 'steps'} ${shown}`;
  });
  return `${parts.join('; ')}${byTask.size > 3 ? '; …' : ''}`;
}
