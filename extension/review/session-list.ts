/** The session list: when, intent, sites, duration, size, events, status. */
import type { SessionRow } from '../../shared/db';
import { formatBytes, formatDuration, h } from '../ui/dom';

export function sessionTable(
  sessions: SessionRow[],
  selected: string | null,
  open: (id: string) => void,
): HTMLElement {
  if (sessions.length === 0) return h('p', { class: 'muted' }, 'No recordings yet.');
  return h(
    'table',
    { 'aria-label': 'Recorded sessions' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['When', 'Intent', 'Sites', 'Duration', 'Size', 'Events', 'Status', ''].map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      ...sessions.map((s) => {
        const when = new Date(s.startedAt).toLocaleString();
        return h(
          'tr',
          { class: s.id === selected ? 'selected' : null, 'data-session-id': s.id },
          h('td', {}, when),
          h('td', {}, s.intent ?? h('span', { class: 'muted' }, 'no intent')),
          h('td', {}, s.origins.join(', ')),
          h('td', {}, formatDuration((s.endedAt ?? s.startedAt) - s.startedAt)),
          h('td', {}, formatBytes(s.bytes)),
          h('td', {}, String(s.eventCount)),
          h('td', {}, h('span', { class: `pill ${s.status}` }, s.status)),
          h(
            'td',
            {},
            h('button', { 'aria-label': `Open session from ${when}`, onclick: () => open(s.id) }, 'Open'),
          ),
        );
      }),
    ),
  );
}
