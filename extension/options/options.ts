/**
 * Settings: the enabled sites (enable asks for the host permission; disable gives it back), the
 * reviewer's name, and the masking selectors in effect, each checked here (invalid ones are
 * ignored by the recorder; this page says which).
 */
import { send } from '../../shared/messaging';
import { matchPatterns, normalizeOrigin } from '../../shared/origins';
import type { ManagedPolicy } from '../../shared/policy';
import type { UiState } from '../../shared/protocol';
import { read, type StorageItem, watch, write } from '../../shared/storage';
import { blockSelectorsItem, maskSelectorsItem, policyItem } from '../../shared/storage-items';
import { h, put } from '../ui/dom';
import { type SelectorReport, selectorReport, selectorWarning } from '../ui/selector-check';

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

const masking = h('section', { 'aria-labelledby': 'masking' }, h('h2', { id: 'masking' }, 'Masking'));
const maskingReport = h('div');
const maskField = h('textarea', { id: 'mask-selectors', rows: 4, spellcheck: false, class: 'selectors' });
const blockField = h('textarea', { id: 'block-selectors', rows: 4, spellcheck: false, class: 'selectors' });
const maskingMessage = h('p', { class: 'muted', 'aria-live': 'polite' });
const lines = (t: HTMLTextAreaElement) =>
  t.value
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
const maskingForm = h(
  'form',
  {
    hidden: true, // until the fields are filled: saving empty fields would drop every selector
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        if (!maskField.readOnly) await write(maskSelectorsItem, lines(maskField));
        if (!blockField.readOnly) await write(blockSelectorsItem, lines(blockField));
        // Invalid ones are kept as typed (to be fixed here) and listed in the warning above.
        maskingMessage.textContent = 'Saved. Applies to pages loaded and recordings started from now on.';
      } catch (err) {
        maskingMessage.textContent = `Could not save: ${err instanceof Error ? err.message : String(err)}`;
      }
    },
  },
  h('label', { for: 'mask-selectors' }, 'Mask selectors (text and fields hidden in the page), one per line'),
  maskField,
  h('label', { for: 'block-selectors' }, 'Block selectors (left out of recordings entirely), one per line'),
  blockField,
  h('p', {}, h('button', { type: 'submit' }, 'Save masking')),
);
masking.append(maskingReport, maskingForm, maskingMessage);
document.querySelector('main')!.append(masking);

/** The warning and the lists in effect; the fields are filled once (not while someone edits them). */
function renderMasking(r: SelectorReport, fill: boolean): void {
  const bad = new Map(r.invalid.map((p) => [`${p.kind} ${p.selector}`, p.reason]));
  const list = (kind: 'mask' | 'block', selectors: string[]) =>
    h(
      'ul',
      { 'aria-label': `${kind === 'mask' ? 'Mask' : 'Block'} selectors in effect` },
      ...selectors.map((sel) => {
        const reason = bad.get(`${kind} ${sel}`);
        return h(
          'li',
          reason === undefined ? {} : { class: 'error' },
          h('code', {}, sel),
          reason === undefined ? null : ` — invalid, ignored (${reason})`,
        );
      }),
    );
  put(
    maskingReport,
    selectorWarning(r.invalid),
    h('p', {}, 'Masked in the page', r.managed.mask ? ' (set by your admin)' : '', ':'),
    list('mask', r.mask),
    h('p', {}, 'Left out entirely', r.managed.block ? ' (set by your admin)' : '', ':'),
    list('block', r.block),
  );
  for (const [field, managed] of [
    [maskField, r.managed.mask],
    [blockField, r.managed.block],
  ] as const) {
    field.readOnly = managed;
    field.title = managed ? 'Set by your admin' : '';
  }
  maskingForm.hidden = r.managed.mask && r.managed.block;
  if (fill) {
    maskField.value = r.mask.join('\n');
    blockField.value = r.block.join('\n');
  }
}

void send('sw', 'ui/state', { tabId: null }).then(render);
void selectorReport().then((r) => renderMasking(r, true));
const selectorSources: StorageItem<unknown>[] = [maskSelectorsItem, blockSelectorsItem, policyItem];
for (const item of selectorSources)
  watch(item, () => void selectorReport().then((r) => renderMasking(r, false)));
void send('sw', 'ui/reviewer', {}).then(showReviewer);

/** The admin's always-redact rules (policy redactionRules): how many apply, or why recording is refused. */
const adminRules = h('p', { id: 'admin-rules', 'aria-live': 'polite', hidden: true });
document.querySelector('main')!.append(adminRules);
function renderAdminRules(policy: ManagedPolicy): void {
  const rules = policy.redactionRules;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  adminRules.hidden = !rules && !policy.redactionRulesError;
  adminRules.className = policy.redactionRulesError ? 'error' : 'muted';
  adminRules.textContent = policy.redactionRulesError
    ? `Recording cannot start: your admin's redaction rules are invalid. ${policy.redactionRulesError}`
    : `Your admin's rules redact ${count(rules?.terms?.length ?? 0, 'term')} and ${count(rules?.patterns?.length ?? 0, 'pattern')} in everything recorded, before it is stored.`;
}
void read(policyItem).then(renderAdminRules);
watch(policyItem, renderAdminRules);
