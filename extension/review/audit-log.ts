/**
 * The append-only audit log (who, when, what) of a session or of the whole machine, shown as a
 * table and exportable as JSON. Nothing in the extension updates or deletes audit rows; deleting a
 * session adds a line instead.
 */
import type { AuditRow, ReadView } from '../../shared/db';
import { h } from '../ui/dom';

export async function auditRows(db: ReadView, sessionId: string | null): Promise<AuditRow[]> {
  const rows = sessionId
    ? await db.audit.where('sessionId').equals(sessionId).toArray()
    : await db.audit.toArray();
  return rows.sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0));
}

export function exportButton(db: ReadView, sessionId: string | null): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        const rows = await auditRows(db, sessionId);
        const blob = new Blob([`${JSON.stringify(rows, null, 2)}\n`], { type: 'application/json' });
        const a = h('a', {
          href: URL.createObjectURL(blob),
          download: sessionId ? `audit-${sessionId}.json` : 'audit-log.json',
        });
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      },
    },
    'Export audit log',
  );
}

export async function auditPanel(db: ReadView, sessionId: string): Promise<HTMLElement> {
  const rows = await auditRows(db, sessionId);
  return h(
    'div',
    {},
    rows.length === 0
      ? h('p', { class: 'muted' }, 'Nothing logged yet.')
      : h(
          'table',
          { 'aria-label': 'Audit log', class: 'audit' },
          h('thead', {}, h('tr', {}, ...['When', 'Who', 'What', 'Detail'].map((t) => h('th', {}, t)))),
          h(
            'tbody',
            {},
            ...rows.map((r) =>
              h(
                'tr',
                {},
                h('td', { class: 'nowrap' }, new Date(r.at).toLocaleString()),
                h('td', {}, r.actor),
                h('td', {}, r.action),
                h('td', {}, r.detail),
              ),
            ),
          ),
        ),
    h('p', {}, exportButton(db, sessionId)),
  );
}
