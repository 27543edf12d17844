/**
 * The list page: filter, search and sort the sessions, act on several at once (approve, reject,
 * delete, each confirmed), and see storage use, retention and the machine's audit log.
 */
import type { ReadView } from '../../shared/db';
import { h, put } from '../ui/dom';
import { mountUploadStatus } from '../ui/upload-status';
import { exportButton } from './audit-log';
import { actor, worker } from './client';
import { confirmDecision, type Decision } from './decision';
import { applyFilter, DEFAULT_FILTER, filterControls, type ListFilter, type ListRow } from './filters';
import { retentionPanel } from './retention';
import { sessionTable } from './session-list';
import { storageMeter } from './storage-meter';

export interface ListPageContext {
  db: ReadView;
  root: HTMLElement;
  say(message: string, error?: boolean): void;
  open(id: string): void;
}

// Kept across visits to a session and back.
const filter: ListFilter = { ...DEFAULT_FILTER };
const selected = new Set<string>();

export async function openListPage(ctx: ListPageContext): Promise<() => void> {
  let rows: ListRow[] = (await ctx.db.sessions.toArray()).map((session) => ({ session, stats: null }));
  const known = new Set(rows.map((r) => r.session.id));
  for (const id of [...selected]) if (!known.has(id)) selected.delete(id);
  let disposed = false;

  const tableSlot = h('div', { class: 'table-wrap' });
  const bulkSlot = h('div', { class: 'row bulk', role: 'group', 'aria-label': 'Bulk actions' });

  const shown = () => applyFilter(rows, filter);
  const render = () => {
    const visible = shown();
    // Bulk actions apply to what is both selected and shown.
    const targets = visible.filter((r) => selected.has(r.session.id)).map((r) => r.session.id);
    put(
      tableSlot,
      rows.length === 0
        ? h('p', { class: 'muted' }, 'No recordings yet.')
        : sessionTable(visible, selected, {
            open: ctx.open,
            select(id, on) {
              if (on) selected.add(id);
              else selected.delete(id);
              render();
            },
            selectAll(on) {
              for (const r of visible) {
                if (on) selected.add(r.session.id);
                else selected.delete(r.session.id);
              }
              render();
            },
          }),
    );
    const none = targets.length === 0;
    put(
      bulkSlot,
      h('span', { class: 'muted' }, `${targets.length} selected`),
      h(
        'button',
        { type: 'button', disabled: none, onclick: () => void decide(targets, 'approved') },
        'Approve selected',
      ),
      h(
        'button',
        { type: 'button', disabled: none, onclick: () => void decide(targets, 'rejected') },
        'Reject selected',
      ),
      h(
        'button',
        { type: 'button', class: 'danger', disabled: none, onclick: () => void remove(targets) },
        'Delete selected',
      ),
    );
  };

  const reload = async () => {
    const sessions = await ctx.db.sessions.toArray();
    const stats = new Map(rows.map((r) => [r.session.id, r.stats]));
    rows = sessions.map((session) => ({ session, stats: stats.get(session.id) ?? null }));
    for (const id of [...selected]) if (!sessions.some((s) => s.id === id)) selected.delete(id);
    render();
    void loadStats();
  };

  const decide = async (ids: string[], decision: Decision) => {
    const empty = rows.filter((r) => ids.includes(r.session.id) && r.stats?.steps === 0).length;
    const answer = await confirmDecision(decision, ids.length, {
      warning:
        decision === 'approved' && empty > 0
          ? `${empty} of these sessions ${empty === 1 ? 'has' : 'have'} no steps: nothing of ${empty === 1 ? 'it' : 'them'} would be useful in an export.`
          : null,
    });
    if (!answer) return;
    const approving = decision === 'approved';
    const r = await worker.decide(ids, decision, answer.reviewer, answer.note);
    for (const id of r.done) selected.delete(id);
    ctx.say(
      `${approving ? 'Approved' : 'Rejected'} ${r.done.length}.${r.skipped.length ? ` Skipped ${r.skipped.length}: ${[...new Set(r.skipped.map((s) => s.reason))].join('; ')}.` : ''}`,
      r.skipped.length > 0,
    );
    await reload();
  };

  const remove = async (ids: string[]) => {
    if (
      !confirm(
        `Delete ${ids.length} session${ids.length > 1 ? 's' : ''} and all their events? This cannot be undone.`,
      )
    )
      return;
    await worker.deleteSessions(ids, actor());
    for (const id of ids) selected.delete(id);
    ctx.say(`Deleted ${ids.length} session${ids.length > 1 ? 's' : ''}.`);
    await reload();
  };

  // Step counts need segmentation: filled in by the worker after the list shows.
  const loadStats = async () => {
    const missing = rows.filter((r) => !r.stats).map((r) => r.session.id);
    if (missing.length === 0) return;
    const stats = await worker.stats(missing).catch(() => ({}) as Record<string, never>);
    if (disposed) return;
    rows = rows.map((r) => ({ ...r, stats: stats[r.session.id] ?? r.stats }));
    render();
  };

  // Upload status and progress, live (the uploads run from the export page).
  const uploads = h('div', { 'aria-label': 'Uploads' });
  const stopUploads = mountUploadStatus(uploads);
  const [meter, retention] = await Promise.all([
    storageMeter(ctx.db),
    retentionPanel((m) => {
      ctx.say(m);
      void reload();
    }),
  ]);
  put(
    ctx.root,
    h(
      'section',
      { class: 'list-view', 'aria-labelledby': 'sessions-title' },
      h(
        'div',
        { class: 'row list-head' },
        h('h2', { id: 'sessions-title', tabindex: -1 }, 'Sessions'),
        filterControls(rows, filter, render),
      ),
      bulkSlot,
      tableSlot,
      h(
        'div',
        { class: 'list-foot' },
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'storage-title' },
          h('h3', { id: 'storage-title' }, 'Storage'),
          meter,
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'retention-title' },
          h('h3', { id: 'retention-title' }, 'Retention and your data'),
          retention,
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'ship-title' },
          h('h3', { id: 'ship-title' }, 'Export and upload'),
          h('p', { class: 'muted' }, 'Only approved sessions can leave this machine.'),
          h(
            'p',
            {},
            h('a', { href: chrome.runtime.getURL('export.html') }, 'Export, import and upload bundles'),
          ),
          uploads,
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'audit-title' },
          h('h3', { id: 'audit-title' }, 'Audit log'),
          h(
            'p',
            { class: 'muted' },
            'Every approval, rejection, redaction, deletion, export and upload on this machine.',
          ),
          exportButton(ctx.db, null),
        ),
      ),
    ),
  );
  render();
  void loadStats();
  return () => {
    disposed = true;
    stopUploads();
  };
}
