import { wrap } from 'comlink';
import { openReadView } from '../../shared/db';
import { send } from '../../shared/messaging';
import type { UiState } from '../../shared/protocol';
import { CONSENT_TEXT_VERSION } from '../../shared/session';
import { read } from '../../shared/storage';
import { uploadsItem } from '../../shared/storage-items';
import type { ReviewApi } from '../../worker/review/api';

const status = document.getElementById('status')!;
const agree = document.getElementById('agree') as HTMLButtonElement;
const withdraw = document.getElementById('withdraw') as HTMLButtonElement;
const deleteAll = document.getElementById('delete-all')!;
const deleteAllButton = document.getElementById('delete-all-button') as HTMLButtonElement;
const deleteStatus = document.getElementById('delete-status')!;
const deletionOffer = document.getElementById('deletion-offer')!;
const db = openReadView();
document.getElementById('version')!.textContent = CONSENT_TEXT_VERSION;

function render(s: UiState): void {
  status.textContent = s.consent
    ? `You consented on ${new Date(s.consent.acceptedAt).toLocaleString()}.`
    : 'You have not consented yet. Nothing is recorded until you do.';
  agree.disabled = s.consent !== null;
  withdraw.disabled = s.consent === null;
  // First run: once consent is given, how to find the (hidden by default) icon and how it works.
  nextSteps.hidden = s.consent === null;
}

const nextSteps = document.getElementById('next-steps')!;
void chrome.commands.getAll().then((commands) => {
  const key = commands.find((c) => c.name === 'toggle-pause')?.shortcut;
  document.getElementById('pause-key')!.textContent = key || 'none set yet: chrome://extensions/shortcuts';
});

agree.addEventListener('click', async () =>
  render(await send('sw', 'ui/consent', { version: CONSENT_TEXT_VERSION })),
);
withdraw.addEventListener('click', async () => {
  render(await send('sw', 'ui/withdrawConsent', {}));
  // Withdrawing stops recording; the user is offered to delete what was recorded so far, and to ask
  // the store to delete what was already uploaded.
  deleteAll.hidden = (await db.sessions.count()) === 0;
  const uploads = await read(uploadsItem);
  deletionOffer.hidden = !Object.values(uploads).some((u) => u.status === 'done');
});

deleteAllButton.addEventListener('click', async () => {
  if (!confirm('Delete every recording stored in this browser? This cannot be undone.')) return;
  // Deleting is a write: the review worker does it (worker/store), never this page.
  const w = new Worker(new URL('../../worker/entries/review.ts', import.meta.url), { type: 'module' });
  const n = await wrap<ReviewApi>(w)
    .deleteAll('recording user')
    .finally(() => w.terminate());
  deleteStatus.textContent = `Deleted ${n} recording${n === 1 ? '' : 's'}.`;
  deleteAllButton.disabled = true;
});
void send('sw', 'ui/state', { tabId: null }).then(render);
