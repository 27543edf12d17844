/**
 * The review page reads the stored, redacted sessions straight from IndexedDB (same extension
 * origin) and replays them.
 */
import { RecorderDb } from '../../shared/db';
import { deleteSession } from '../../shared/deletion';
import { readSession, type StoredSession } from '../../shared/read-session';
import { formatBytes, h, put } from '../ui/dom';
import { createPlayer, type Player } from './player';
import { sessionTable } from './session-list';

const db = new RecorderDb();
const listEl = document.getElementById('sessions')!;
const detail = document.getElementById('detail')!;
let selected: string | null = null;
let player: Player | null = null;

async function renderList(): Promise<void> {
  const sessions = await db.sessions.orderBy('startedAt').reverse().toArray();
  listEl.replaceChildren(sessionTable(sessions, selected, (id) => void openSession(id)));
}

async function openSession(id: string): Promise<void> {
  selected = id;
  void renderList();
  player?.destroy();
  player = null;
  const [session, stored] = await Promise.all([db.sessions.get(id), readSession(db, id)]);
  if (!session) return;
  detail.hidden = false;
  document.querySelector('.layout')?.classList.add('open');
  const tabPicker = h(
    'select',
    { 'aria-label': 'Tab to replay' },
    ...stored.tabs.map((t, i) => h('option', { value: i }, `Tab ${i + 1} (${t.streams.length} page loads)`)),
  );
  const stage = h('div', {});
  put(
    detail,
    h('h2', {}, session.intent ?? 'Session without intent'),
    h(
      'p',
      { class: 'row' },
      h(
        'button',
        {
          class: 'danger',
          onclick: async () => {
            if (!confirm('Delete this session and all its events? This cannot be undone.')) return;
            await deleteSession(db, id, 'reviewer');
            player?.destroy();
            player = null;
            selected = null;
            detail.hidden = true;
            document.querySelector('.layout')?.classList.remove('open');
            await renderList();
          },
        },
        'Delete session',
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      `${new Date(session.startedAt).toLocaleString()} · ${session.origins.join(', ')} · ${session.eventCount} events · ${formatBytes(session.bytes)} stored`,
    ),
    redactionSummary(session.redactions),
    stored.tabs.length > 1 ? h('p', {}, tabPicker) : null,
    stage,
  );
  const show = (i: number) => showTab(stored, i, stage);
  tabPicker.addEventListener('change', () => show(Number(tabPicker.value)));
  show(0);
}

function showTab(stored: StoredSession, index: number, stage: HTMLElement): void {
  player?.destroy();
  player = null;
  const tab = stored.tabs[index];
  if (!tab || tab.events.length < 2) {
    stage.replaceChildren(h('p', { class: 'muted' }, 'Nothing to replay in this tab.'));
    return;
  }
  player = createPlayer(tab.events, stage);
}

function redactionSummary(counts: Record<string, number>): HTMLElement {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return h('p', { class: 'muted' }, 'No redactions.');
  return h(
    'p',
    { 'aria-label': 'Redactions' },
    'Redacted: ',
    ...entries.map(([k, n]) => h('span', { class: 'pill', style: 'margin-right:4px' }, `${k} ${n}`)),
  );
}

void renderList();
