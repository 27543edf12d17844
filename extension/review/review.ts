/**
 * The review page: the session list (#/) and one session under review (#/session/<id>). Sessions
 * are read straight from IndexedDB (same extension origin, through the read-only view of
 * shared/db.ts); every change goes through the review worker. Retention runs when the page opens.
 */
import { openReadView } from '../../shared/db';
import { h, put } from '../ui/dom';
import { currentReviewer, loadReviewer, saveReviewer } from './client';
import { openListPage } from './list-view';
import { sweep } from './retention';
import { openSessionPage } from './session-view';

const db = openReadView();
const app = document.getElementById('app')!;
const toast = document.getElementById('toast')!;
const who = document.getElementById('reviewer')!;
let close: (() => void) | null = null;
let toastTimer = 0;

function say(message: string, error = false): void {
  toast.textContent = message;
  toast.classList.toggle('error', error);
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    toast.textContent = '';
  }, 8000);
}

function renderReviewer(): void {
  const r = currentReviewer();
  if (r.name) {
    put(
      who,
      h('span', {}, `Reviewing as ${r.name}`),
      r.managed ? h('span', { class: 'muted' }, ' (set by your admin)') : null,
      ' ',
      h('a', { href: './options.html', target: '_blank' }, 'Settings'),
    );
    return;
  }
  const input = h('input', { id: 'reviewer-name', type: 'text', maxlength: 100, autocomplete: 'name' });
  const form = h(
    'form',
    { class: 'row' },
    h('label', { for: 'reviewer-name' }, 'Reviewer name'),
    input,
    h('button', { type: 'submit' }, 'Save reviewer name'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    await saveReviewer(input.value);
    renderReviewer();
  });
  put(who, form);
}

// The approve/reject dialog asks for the name and saves it (decision.ts).
window.addEventListener('reviewer-changed', renderReviewer);

async function route(): Promise<void> {
  close?.();
  close = null;
  const m = /^#\/session\/(.+)$/.exec(location.hash);
  window.scrollTo(0, 0);
  if (m?.[1]) {
    close = await openSessionPage({ db, root: app, say, back: () => go('#/') }, decodeURIComponent(m[1]));
  } else {
    close = await openListPage({
      db,
      root: app,
      say,
      open: (id) => go(`#/session/${encodeURIComponent(id)}`),
    });
  }
  app.querySelector<HTMLElement>('h2')?.focus();
}

function go(hash: string): void {
  if (location.hash === hash) void route();
  else location.hash = hash;
}

window.addEventListener('hashchange', () => void route());

void (async () => {
  await loadReviewer();
  renderReviewer();
  const swept = await sweep().catch(() => 0);
  if (swept > 0) say(`Retention: deleted ${swept} rejected or uploaded sessions.`);
  await route();
})();
