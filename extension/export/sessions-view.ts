/** The table of sessions that may be exported (approved or already uploaded), with checkboxes. */
import type { SessionRow } from '../../shared/db';
import { formatBytes, h } from '../ui/dom';

export function sessionsTable(
  sessions: SessionRow[],
  selected: ReadonlySet<string>,
  onSelect: (id: string, on: boolean) => void,
): HTMLElement {
  if (sessions.length === 0) {
    return h('p', { class: 'muted' }, 'No approved session yet. Approve sessions on the review page first.');
  }
  return h(
    'div',
    { class: 'sessions-scroll' },
    h(
      'table',
      { class: 'sessions', 'aria-label': 'Approved sessions' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { class: 'check' }, ''),
          ...['When', 'Intent', 'Sites', 'Events', 'Size', 'Reviewer', 'Status'].map((t) => h('th', {}, t)),
        ),
      ),
      h(
        'tbody',
        {},
        ...sessions.map((s) => {
          const when = new Date(s.startedAt).toLocaleString();
          const label = s.intent ?? `session from ${when}`;
          const box = h('input', {
            type: 'checkbox',
            'aria-label': `Select ${label}`,
            checked: selected.has(s.id),
          });
          box.addEventListener('change', () => onSelect(s.id, box.checked));
          return h(
            'tr',
            { 'data-session-id': s.id },
            h('td', { class: 'check' }, box),
            h('td', { class: 'nowrap' }, when),
            h('td', {}, s.intent ?? h('span', { class: 'muted' }, 'no intent')),
            h('td', {}, s.origins.map((o) => o.replace(/^https?:\/\//, '')).join(', ')),
            h('td', { class: 'num' }, String(s.eventCount)),
            h('td', { class: 'num nowrap' }, formatBytes(s.bytes)),
            h('td', {}, s.review?.reviewer ?? ''),
            h('td', {}, h('span', { class: `pill ${s.status === 'uploaded' ? 'done' : ''}` }, s.status)),
          );
        }),
      ),
    ),
  );
}
