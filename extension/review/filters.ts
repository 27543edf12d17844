/** The session list's filters (status, site), search (intent text) and sort. */
import type { SessionRow } from '../../shared/db';
import type { ReviewStats } from '../../shared/review';
import type { SessionStatus } from '../../shared/session';
import { h } from '../ui/dom';

export interface ListRow {
  session: SessionRow;
  stats: ReviewStats | null;
}

export type SortKey = 'newest' | 'oldest' | 'longest' | 'largest' | 'events';

export interface ListFilter {
  status: SessionStatus | 'all';
  site: string;
  query: string;
  sort: SortKey;
}

export const DEFAULT_FILTER: ListFilter = { status: 'all', site: 'all', query: '', sort: 'newest' };

export const STATUS_LABELS: Record<SessionStatus, string> = {
  recording: 'Recording',
  stopped: 'Stopped',
  in_review: 'In review',
  approved: 'Approved',
  rejected: 'Rejected',
  uploaded: 'Uploaded',
};

const SORTS: Record<SortKey, [string, (a: ListRow, b: ListRow) => number]> = {
  newest: ['Newest first', (a, b) => b.session.startedAt - a.session.startedAt],
  oldest: ['Oldest first', (a, b) => a.session.startedAt - b.session.startedAt],
  longest: ['Longest first', (a, b) => duration(b.session) - duration(a.session)],
  largest: ['Largest first', (a, b) => b.session.bytes - a.session.bytes],
  events: ['Most events first', (a, b) => b.session.eventCount - a.session.eventCount],
};

export function duration(s: SessionRow): number {
  return (s.endedAt ?? s.startedAt) - s.startedAt;
}

/** The user-facing title: the first task's intent after the reviewer's edits, else the session's. */
export function titleOf(row: ListRow): string | null {
  return row.stats?.title ?? row.session.intent;
}

export function applyFilter(rows: readonly ListRow[], f: ListFilter): ListRow[] {
  const q = f.query.trim().toLowerCase();
  return rows
    .filter((r) => f.status === 'all' || r.session.status === f.status)
    .filter((r) => f.site === 'all' || r.session.origins.includes(f.site))
    .filter((r) => q === '' || [titleOf(r), r.session.intent].some((t) => t?.toLowerCase().includes(q)))
    .sort(SORTS[f.sort][1]);
}

/** Controls that edit `f` in place (so typing in the search box keeps its focus) and call `onChange`. */
export function filterControls(rows: readonly ListRow[], f: ListFilter, onChange: () => void): HTMLElement {
  const sites = [...new Set(rows.flatMap((r) => r.session.origins))].sort();
  const search = h('input', {
    type: 'search',
    'aria-label': 'Search intent',
    placeholder: 'Search intent…',
    value: f.query,
  });
  search.addEventListener('input', () => {
    f.query = search.value;
    onChange();
  });
  const select = <K extends 'status' | 'site' | 'sort'>(
    key: K,
    label: string,
    options: [string, string][],
  ): HTMLSelectElement => {
    const el = h(
      'select',
      { 'aria-label': label },
      ...options.map(([v, text]) => h('option', { value: v, selected: v === f[key] }, text)),
    );
    el.addEventListener('change', () => {
      (f as Record<K, string>)[key] = el.value;
      onChange();
    });
    return el;
  };
  return h(
    'div',
    { class: 'row filters', role: 'search', 'aria-label': 'Filter sessions' },
    search,
    select('status', 'Status filter', [
      ['all', 'All statuses'],
      ...(Object.entries(STATUS_LABELS) as [string, string][]),
    ]),
    select('site', 'Site filter', [['all', 'All sites'], ...sites.map((s): [string, string] => [s, s])]),
    select(
      'sort',
      'Sort by',
      (Object.entries(SORTS) as [SortKey, [string, unknown]][]).map(([k, [label]]) => [k, label]),
    ),
  );
}
