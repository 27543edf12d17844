import { send } from '../../shared/messaging';
import type { UiState } from '../../shared/protocol';
import { CONSENT_TEXT_VERSION } from '../../shared/session';

const status = document.getElementById('status')!;
const agree = document.getElementById('agree') as HTMLButtonElement;
const withdraw = document.getElementById('withdraw') as HTMLButtonElement;
document.getElementById('version')!.textContent = CONSENT_TEXT_VERSION;

function render(s: UiState): void {
  status.textContent = s.consent
    ? `You consented on ${new Date(s.consent.acceptedAt).toLocaleString()}.`
    : 'You have not consented yet. Nothing is recorded until you do.';
  agree.disabled = s.consent !== null;
  withdraw.disabled = s.consent === null;
}

agree.addEventListener('click', async () =>
  render(await send('sw', 'ui/consent', { version: CONSENT_TEXT_VERSION })),
);
withdraw.addEventListener('click', async () => render(await send('sw', 'ui/withdrawConsent', {})));
void send('sw', 'ui/state', { tabId: null }).then(render);
