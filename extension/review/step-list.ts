/**
 * The step list: the session's trajectories (tasks) with their steps, beside the replay. A step is
 * a button that seeks the replay to it; the step under the playhead is marked current, and its
 * actions (what ships, split, delete) appear under it. Task headers edit intent and outcome and
 * merge with the next task. "Find in steps" filters by text, placeholders included.
 */
import type { Outcome, SessionView, StepView, TrajectoryView } from '../../shared/review';
import { formatDuration, h } from '../ui/dom';
import { describeStep } from './step-text';

export interface StepRef {
  t: number;
  s: number;
}

export interface StepListHandlers {
  select(ref: StepRef): void;
  ships(ref: StepRef): void;
  deleteStep(ref: StepRef): void;
  split(ref: StepRef): void;
  merge(t: number): void;
  editIntent(t: number, text: string): void;
  setOutcome(t: number, outcome: Outcome): void;
}

export interface StepList {
  el: HTMLElement;
  /** Marks the step at absolute time `at` (in tab `tabId`) current; scrolls to it when asked. */
  follow(at: number, tabId: number | null, scroll: boolean): StepRef | null;
  setCurrent(ref: StepRef | null, scroll?: boolean): void;
  find(query: string): void;
  /** Marks the steps where a reviewer's candidate occurs (null clears); scrolls to the first if asked. */
  mark(refs: readonly [number, number][] | null, scroll: boolean): void;
}

const OUTCOMES: Outcome[] = ['done', 'abandoned', 'unknown'];

export function stepList(
  view: SessionView,
  sessionStart: number,
  editable: boolean,
  on: StepListHandlers,
): StepList {
  const items = new Map<string, { li: HTMLElement; step: StepView; ref: StepRef; text: string }>();
  const key = (r: StepRef) => `${r.t}:${r.s}`;
  let current: string | null = null;
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const search = h('input', { type: 'search', 'aria-label': 'Find in steps', placeholder: 'Find in steps…' });

  const taskEl = (t: TrajectoryView) => {
    const n = t.index + 1;
    const intent = h('span', { class: 'intent' }, t.intent ?? 'No intent');
    const title = h('h4', {}, `Task ${n}: `, intent);
    const head = h('div', { class: 'task-head' }, title);
    if (editable) {
      const edit = h('button', { type: 'button', 'aria-label': `Edit intent of task ${n}` }, 'Edit intent');
      edit.addEventListener('click', () => {
        const input = h('input', { id: `intent-${n}`, type: 'text', value: t.intent ?? '', maxlength: 500 });
        const form = h(
          'form',
          { class: 'row intent-form' },
          h('label', { for: `intent-${n}`, class: 'sr-only' }, `Intent of task ${n}`),
          input,
          h('button', { type: 'submit', class: 'primary' }, 'Save intent'),
          h('button', { type: 'button', onclick: () => form.replaceWith(title, tools) }, 'Cancel'),
        );
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          on.editIntent(t.index, input.value);
        });
        title.replaceWith(form);
        tools.remove();
        input.focus();
      });
      const outcome = h(
        'select',
        { 'aria-label': `Outcome of task ${n}` },
        ...OUTCOMES.map((o) => h('option', { value: o, selected: o === t.outcome }, o)),
      );
      outcome.addEventListener('change', () => on.setOutcome(t.index, outcome.value as Outcome));
      const tools = h(
        'div',
        { class: 'row task-tools' },
        edit,
        outcome,
        t.index + 1 < view.trajectories.length
          ? h(
              'button',
              {
                type: 'button',
                'aria-label': `Merge task ${n} with task ${n + 1}`,
                onclick: () => on.merge(t.index),
              },
              'Merge with next',
            )
          : null,
      );
      head.append(tools);
    } else {
      head.append(h('span', { class: 'pill' }, t.outcome));
    }
    const list = h('ol', { class: 'step-items' }, ...t.steps.map((s) => stepEl(t, s)));
    return h(
      'section',
      { class: 'task', 'aria-label': `Task ${n}` },
      head,
      t.steps.length === 0 ? h('p', { class: 'muted' }, 'No steps.') : list,
    );
  };

  const stepEl = (t: TrajectoryView, s: StepView) => {
    const ref = { t: t.index, s: s.index };
    const n = s.index + 1;
    const what = describeStep(s.action, s.target);
    const btn = h(
      'button',
      { type: 'button', class: 'step-btn' },
      h('span', { class: 'n' }, `${n}.`),
      ' ',
      h('span', { class: 'what' }, what),
      ' ',
      h('span', { class: 't' }, formatDuration(s.startedAt - sessionStart)),
    );
    btn.addEventListener('click', () => on.select(ref));
    const where = `step ${n} of task ${t.index + 1}`;
    const actions = h(
      'div',
      { class: 'row step-actions', hidden: true },
      h(
        'button',
        { type: 'button', 'aria-label': `What ships for ${where}`, onclick: () => on.ships(ref) },
        'What ships',
      ),
      editable && s.index > 0
        ? h(
            'button',
            {
              type: 'button',
              'aria-label': `Split task ${t.index + 1} before step ${n}`,
              onclick: () => on.split(ref),
            },
            'Split here',
          )
        : null,
      editable
        ? h(
            'button',
            {
              type: 'button',
              class: 'danger',
              'aria-label': `Delete ${where}`,
              onclick: () => on.deleteStep(ref),
            },
            'Delete step',
          )
        : null,
      s.placeholders.length > 0 ? h('span', { class: 'muted ph' }, s.placeholders.join(' ')) : null,
    );
    const li = h('li', { class: 'step', 'data-step': key(ref) }, btn, actions);
    items.set(key(ref), { li, step: s, ref, text: `${what} ${s.placeholders.join(' ')}`.toLowerCase() });
    return li;
  };

  const scroller = h('div', { class: 'steps-scroll' }, ...view.trajectories.map(taskEl));
  const setCurrent = (ref: StepRef | null, scroll = false) => {
    const k = ref ? key(ref) : null;
    if (k === current) return;
    const old = current ? items.get(current) : undefined;
    if (old) {
      old.li.classList.remove('current');
      old.li.querySelector('.step-btn')?.removeAttribute('aria-current');
      (old.li.querySelector('.step-actions') as HTMLElement).hidden = true;
    }
    current = k;
    const item = k ? items.get(k) : undefined;
    if (!item) return;
    item.li.classList.add('current');
    item.li.querySelector('.step-btn')?.setAttribute('aria-current', 'step');
    (item.li.querySelector('.step-actions') as HTMLElement).hidden = false;
    if (scroll) item.li.scrollIntoView({ block: 'nearest' });
  };
  const find = (query: string) => {
    const q = query.trim().toLowerCase();
    let shown = 0;
    for (const item of items.values()) {
      const hit = q === '' || item.text.includes(q);
      item.li.hidden = !hit;
      if (hit) shown++;
    }
    count.textContent = q === '' ? `${items.size} steps` : `${shown} of ${items.size} steps match`;
  };
  search.addEventListener('input', () => find(search.value));
  find('');

  const el = h(
    'section',
    { class: 'steps', 'aria-labelledby': 'steps-title' },
    h('div', { class: 'steps-head row' }, h('h3', { id: 'steps-title' }, 'Steps'), search, count),
    view.trajectories.length === 0 ? h('p', { class: 'muted' }, 'No tasks in this recording.') : scroller,
  );
  return {
    el,
    setCurrent,
    follow(at, tabId, scroll) {
      let best: StepRef | null = null;
      let bestAt = Number.NEGATIVE_INFINITY;
      for (const item of items.values()) {
        const st = item.step;
        if (tabId !== null && st.tabId !== null && st.tabId !== tabId) continue;
        if (st.startedAt <= at && st.startedAt > bestAt) {
          best = item.ref;
          bestAt = st.startedAt;
        }
      }
      setCurrent(best, scroll);
      return best;
    },
    mark(refs, scroll) {
      for (const item of items.values()) item.li.classList.remove('leftover-hit');
      const hits = (refs ?? []).flatMap(([t, st]) => items.get(key({ t, s: st }))?.li ?? []);
      for (const li of hits) li.classList.add('leftover-hit');
      if (scroll) hits[0]?.scrollIntoView({ block: 'nearest' });
    },
    find(query) {
      search.value = query;
      find(query);
      search.focus();
    },
  };
}
