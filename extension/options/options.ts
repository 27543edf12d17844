/** Settings: the enabled sites (enable asks for the host permission; disable gives it back). */
import { send } from '../../shared/messaging';
import type { UiState } from '../../shared/protocol';
import { matchPatterns, normalizeOrigin } from '../background/origins';
import { h } from '../ui/dom';

const list = document.getElementById('origins')!;
const form = document.getElementById('add') as HTMLFormElement;
const input = document.getElementById('origin') as HTMLInputElement;
const message = document.getElementById('message')!;

function render(s: UiState): void {
  list.replaceChildren(
    ...(s.origins.length === 0
      ? [h('li', { class: 'muted' }, 'No site yet.')]
      : s.origins.map((o) =>
          h(
            'li',
            { class: 'row' },
            h('span', {}, o.pattern),
            o.source === 'policy'
              ? h('span', { class: 'pill' }, 'set by your admin')
              : h(
                  'button',
                  {
                    'aria-label': `Disable ${o.pattern}`,
                    onclick: async () => render(await send('sw', 'ui/disableOrigin', { origin: o.pattern })),
                  },
                  'Disable',
                ),
          ),
        )),
  );
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const origin = normalizeOrigin(input.value);
    const granted = await chrome.permissions.request({
      origins: matchPatterns({ pattern: origin, source: 'user' }),
    });
    if (!granted) throw new Error('permission for this site was not granted');
    render(await send('sw', 'ui/enableOrigin', { origin }));
    message.textContent = `Recording can now be started on ${origin}.`;
    input.value = '';
  } catch (err) {
    message.textContent = `Could not enable: ${err instanceof Error ? err.message : String(err)}`;
  }
});

const reviewerForm = document.getElementById('reviewer-form') as HTMLFormElement;
const reviewerInput = document.getElementById('reviewer') as HTMLInputElement;
const reviewerMessage = document.getElementById('reviewer-message')!;

function showReviewer(r: { reviewer: string | null; managed: boolean }): void {
  reviewerInput.value = r.reviewer ?? '';
  reviewerInput.readOnly = r.managed;
  reviewerForm.querySelector('button')!.hidden = r.managed;
  if (r.managed) reviewerMessage.textContent = 'Set by your admin.';
}

reviewerForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    showReviewer(await send('sw', 'ui/reviewer', { set: reviewerInput.value }));
    reviewerMessage.textContent = reviewerInput.value
      ? `Reviewing as ${reviewerInput.value}.`
      : 'No reviewer name set.';
  } catch (err) {
    reviewerMessage.textContent = `Could not save: ${err instanceof Error ? err.message : String(err)}`;
  }
});

void send('sw', 'ui/state', { tabId: null }).then(render);
void send('sw', 'ui/reviewer', {}).then(showReviewer);
