/**
 * The session list: when, title/intent, sites, duration, size, event and step counts, redactions,
 * status, with a checkbox per row for bulk actions.
 */
import { formatBytes, formatDuration, h } from '../ui/dom';
import { duration, type ListRow, STATUS_LABELS, titleOf } from './filters';

export interface ListHandlers {
  open(id: string): void;
  select(id: string, on: boolean): void;
  selectAll(on: boolean): void;
}

export function sessionTable(
  rows: readonly ListRow[],
  selected: ReadonlySet<string>,
  on: ListHandlers,
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted' }, 'No sessions match these filters.');
  const all = rows.every((r) => selected.has(r.session.id));
  const selectAll = h('input', { type: 'checkbox', 'aria-label': 'Select all shown sessions', checked: all });
  selectAll.addEventListener('change', () => on.selectAll(selectAll.checked));
  return h(
    'table',
    { 'aria-label': 'Recorded sessions', class: 'sessions' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { class: 'check' }, selectAll),
        ...['When', 'Title / intent', 'Sites'].map((t) => h('th', {}, t)),
        ...['Duration', 'Size', 'Events', 'Steps', 'Redactions'].map((t) => h('th', { class: 'num' }, t)),
        h('th', {}, 'Status'),
        h('th', {}, h('span', { class: 'sr-only' }, 'Open')),
      ),
    ),
    h('tbody', {}, ...rows.map((r) => sessionRow(r, selected.has(r.session.id), on))),
  );
}

function sessionRow({ session: s, stats }: ListRow, checked: boolean, on: ListHandlers): HTMLElement {
  const when = new Date(s.startedAt).toLocaleString();
  const check = h('input', { type: 'checkbox', 'aria-label': `Select session from ${when}`, checked });
  check.addEventListener('change', () => on.select(s.id, check.checked));
  const redactions = Object.entries(s.redactions).filter(([, n]) => n > 0);
  const total = redactions.reduce((a, [, n]) => a + n, 0);
  const title = titleOf({ session: s, stats });
  return h(
    'tr',
    { 'data-session-id': s.id, class: checked ? 'selected' : null },
    h('td', { class: 'check' }, check),
    h('td', { class: 'nowrap' }, when),
    h('td', { class: 'title' }, title ?? h('span', { class: 'muted' }, 'no intent')),
    h('td', { class: 'sites' }, s.origins.map((o) => o.replace(/^https?:\/\//, '')).join(', ')),
    h('td', { class: 'num' }, formatDuration(duration(s))),
    h('td', { class: 'num nowrap' }, formatBytes(s.bytes)),
    h('td', { class: 'num' }, String(s.eventCount)),
    h(
      'td',
      {
        class: 'num nowrap',
        title: stats ? `${stats.steps} steps in ${stats.trajectories} tasks` : 'counting…',
      },
      stats ? `${stats.steps} (${stats.trajectories} task${stats.trajectories === 1 ? '' : 's'})` : '…',
    ),
    h(
      'td',
      { class: 'num', title: redactions.map(([k, n]) => `${k} ${n}`).join(', ') || 'none' },
      String(total),
    ),
    h('td', {}, h('span', { class: `pill ${s.status}` }, STATUS_LABELS[s.status])),
    h(
      'td',
      {},
      h(
        'button',
        { type: 'button', 'aria-label': `Open session from ${when}`, onclick: () => on.open(s.id) },
        'Open',
      ),
    ),
  );
}
