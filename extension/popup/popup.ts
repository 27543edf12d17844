/**
 * The popup: consent, enable this site, start/stop/pause, task markers. It calls the same service
 * worker handlers as the keyboard commands. `?tab=ID` names the tab it is about (used when it is
 * opened as a page, e.g. by tests); otherwise the active tab.
 */
import { send } from '../../shared/messaging';
import type { UiState } from '../../shared/protocol';
import { CONSENT_TEXT_VERSION } from '../../shared/session';
import { h, put } from '../ui/dom';
import { type InvalidSelector, selectorReport, selectorWarning } from '../ui/selector-check';
import { captureLine } from './capture-health';
import { forgotReceipt, stoppedReceipt } from './receipts';
import { taskIntentLabel } from './task-intent';

const app = document.getElementById('app')!;
let tabId: number | null = null;
let error: string | null = null;
/** Masking selectors the recorder ignores (checked here: the service worker has no DOM). */
let invalidSelectors: InvalidSelector[] = [];
let lastState: UiState | null = null;
/** The answer to the last Stop or Forget, shown until the next action. */
let receipt: HTMLElement | null = null;
/** The pause/resume keyboard shortcut as the user has it set (none when Chrome did not assign it). */
let pauseKey: string | null = null;

async function resolveTab(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return Number(param);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Runs an action, then shows the state as it is now for this popup's tab. */
async function act(fn: () => Promise<unknown>): Promise<void> {
  try {
    error = null;
    receipt = null;
    await fn();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  render(await send('sw', 'ui/state', { tabId }));
}

function render(s: UiState): void {
  lastState = s;
  const active = s.state === 'recording' || s.state === 'paused';
  const stateLabel = {
    idle: 'Not recording',
    recording: 'Recording',
    paused: 'Paused',
    error: 'Stopped by an error',
  }[s.state];
  put(
    app,
    h('h1', {}, 'Recorder'),
    h(
      'p',
      { role: 'status', 'aria-label': 'Recording status' },
      h('span', { class: `pill ${s.state}` }, stateLabel),
    ),
    s.error ? h('p', { class: 'error', role: 'alert' }, s.error) : null,
    error ? h('p', { class: 'error', role: 'alert' }, error) : null,
    receipt,
    selectorWarning(invalidSelectors, true),
    s.consent ? null : consentCard(),
    // While recording, Pause and Stop come first; turning the site off is a quieter control below.
    s.consent && !active ? siteCard(s) : null,
    s.consent ? recordingCard(s) : null,
    s.consent && active ? siteCard(s) : null,
    h(
      'p',
      { class: 'row' },
      h('a', { href: chrome.runtime.getURL('review.html'), target: '_blank' }, 'Review recordings'),
      h('a', { href: chrome.runtime.getURL('options.html'), target: '_blank' }, 'Settings'),
    ),
  );
}

function consentCard(): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-label': 'Consent' },
    h('p', {}, 'Before anything is recorded, please read what is recorded and who reviews it.'),
    h(
      'p',
      { class: 'muted' },
      'Only sites you enable, never incognito, never while paused. Passwords never leave the page.',
    ),
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        {
          class: 'primary',
          onclick: () => act(() => send('sw', 'ui/consent', { version: CONSENT_TEXT_VERSION })),
        },
        'I consent to recording',
      ),
      h('a', { href: chrome.runtime.getURL('consent.html'), target: '_blank' }, 'Read the full text'),
    ),
  );
}

function siteCard(s: UiState): HTMLElement | null {
  const tab = s.tab;
  if (!tab) return null;
  if (!tab.recordable || tab.origin === null) {
    return h('section', { class: 'card' }, h('p', { class: 'muted' }, 'This page cannot be recorded.'));
  }
  const origin = tab.origin;
  return h(
    'section',
    { class: 'card', 'aria-label': 'This site' },
    h('p', {}, 'Site: ', h('strong', {}, origin)),
    tab.enabled
      ? h(
          'button',
          {
            class: s.state === 'recording' || s.state === 'paused' ? 'quiet' : null,
            onclick: () => act(() => send('sw', 'ui/disableOrigin', { origin })),
          },
          'Disable recording on this site',
        )
      : h(
          'button',
          {
            class: 'primary',
            onclick: () =>
              act(async () => {
                // Asked here, in the click, because permission prompts need a user gesture.
                const granted = await chrome.permissions.request({ origins: [`${origin}/*`] });
                if (!granted) throw new Error('permission for this site was not granted');
                return send('sw', 'ui/enableOrigin', { origin });
              }),
          },
          'Enable recording on this site',
        ),
  );
}

function recordingCard(s: UiState): HTMLElement | null {
  if (s.state === 'idle' || s.state === 'error') {
    if (s.state === 'error') {
      return h(
        'section',
        { class: 'card' },
        h('button', { onclick: () => act(() => send('sw', 'ui/stop', {})) }, 'Stop recording'),
      );
    }
    if (!s.tab?.enabled) return null;
    const intent = h('input', {
      id: 'intent',
      type: 'text',
      placeholder: 'e.g. Refund order 1182',
      style: 'width:100%',
    });
    return h(
      'section',
      { class: 'card', 'aria-label': 'Start' },
      h('label', { for: 'intent' }, 'Task intent (optional)'),
      intent,
      h(
        'p',
        {},
        h(
          'button',
          {
            class: 'primary',
            onclick: () =>
              act(() => send('sw', 'ui/start', { tabId: s.tab!.id, intent: intent.value.trim() || null })),
          },
          'Start recording',
        ),
      ),
    );
  }
  const paused = s.state === 'paused';
  const taskIntent = h('input', {
    id: 'task-intent',
    type: 'text',
    placeholder: 'What are you about to do?',
    style: 'width:100%',
  });
  return h(
    'section',
    { class: 'card', 'aria-label': 'Recording' },
    captureLine(s.sessionId, s.startedAt),
    h(
      'div',
      { class: 'row big' },
      h(
        'button',
        { class: 'primary', onclick: () => act(() => send('sw', paused ? 'ui/resume' : 'ui/pause', {})) },
        paused ? 'Resume' : 'Pause',
      ),
      h(
        'button',
        { class: 'danger', onclick: () => act(() => stopWithReceipt(s.sessionId)) },
        'Stop recording',
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      'Pause or resume on any page: ',
      pauseKey
        ? h('kbd', {}, pauseKey)
        : h(
            'a',
            {
              href: 'chrome://extensions/shortcuts',
              // chrome:// pages open only through the tabs API
              onclick: (e: Event) => {
                e.preventDefault();
                void chrome.tabs.create({ url: 'chrome://extensions/shortcuts' });
              },
            },
            'set a shortcut',
          ),
    ),
    h('output', { hidden: true, 'data-session-id': s.sessionId ?? '' }),
    h(
      'p',
      {},
      h(
        'button',
        {
          onclick: () =>
            act(async () => {
              const r = await send('sw', 'ui/forget', { minutes: FORGET_MINUTES });
              receipt = forgotReceipt(FORGET_MINUTES, r.removed);
            }),
        },
        'Forget last 5 minutes',
      ),
    ),
    s.task
      ? h(
          'div',
          {},
          h('p', {}, 'Task: ', taskIntentLabel(s.sessionId, s.task)),
          h(
            'div',
            { class: 'row' },
            h(
              'button',
              { onclick: () => act(() => send('sw', 'ui/endTask', { outcome: 'done' })) },
              'End task (done)',
            ),
            h(
              'button',
              { onclick: () => act(() => send('sw', 'ui/endTask', { outcome: 'abandoned' })) },
              'Abandon task',
            ),
          ),
        )
      : h(
          'div',
          {},
          h('label', { for: 'task-intent' }, 'Next task'),
          taskIntent,
          h(
            'p',
            {},
            h(
              'button',
              {
                onclick: () =>
                  act(() =>
                    send('sw', 'ui/startTask', { intent: taskIntent.value.trim() || 'Untitled task' }),
                  ),
              },
              'Start task',
            ),
          ),
        ),
  );
}

const FORGET_MINUTES = 5;

async function stopWithReceipt(sessionId: string | null): Promise<void> {
  await send('sw', 'ui/stop', {});
  if (sessionId) receipt = stoppedReceipt(sessionId);
}

void chrome.commands.getAll().then((commands) => {
  pauseKey = commands.find((c) => c.name === 'toggle-pause')?.shortcut || null;
  if (lastState) render(lastState);
});

void (async () => {
  tabId = await resolveTab();
  render(await send('sw', 'ui/state', { tabId }));
})();
void selectorReport().then((r) => {
  invalidSelectors = r.invalid;
  if (lastState) render(lastState);
});
