/**
 * What the popup says after Stop and after Forget, so neither click goes by without an answer:
 * "Saved · N steps · Review" (linking to that session) and "Forgot N minutes (M events)" with what
 * forgetting cannot take back.
 */
import { type Remote, wrap } from 'comlink';
import type { ReviewApi } from '../../worker/review/api';
import { h } from '../ui/dom';

/** Step counts need segmentation: the review page's worker does it, started here for one question. */
async function stepCount(sessionId: string): Promise<{ steps: number; events: number } | null> {
  const w = new Worker(new URL('../../worker/entries/review.ts', import.meta.url), { type: 'module' });
  try {
    const api: Remote<ReviewApi> = wrap<ReviewApi>(w);
    const s = (await api.stats([sessionId]))[sessionId];
    return s ? { steps: s.steps, events: s.eventCount } : null;
  } catch {
    return null;
  } finally {
    w.terminate();
  }
}

export function stoppedReceipt(sessionId: string): HTMLElement {
  const count = h('span', {}, 'counting steps…');
  const link = h(
    'a',
    {
      href: chrome.runtime.getURL(`review.html#/session/${encodeURIComponent(sessionId)}`),
      target: '_blank',
    },
    'Review',
  );
  void stepCount(sessionId).then((s) => {
    count.textContent = s ? `${s.steps} step${s.steps === 1 ? '' : 's'}` : 'steps not counted';
  });
  return h('p', { class: 'receipt', role: 'status' }, 'Saved · ', count, ' · ', link);
}

export function forgotReceipt(minutes: number, removed: number): HTMLElement {
  return h(
    'div',
    { class: 'receipt', role: 'status' },
    h('p', {}, `Forgot ${minutes} minutes (${removed} event${removed === 1 ? '' : 's'}).`),
    h(
      'p',
      { class: 'muted' },
      'What is still on screen is captured again now (recording restarts with a fresh snapshot), except what you typed during those minutes.',
    ),
  );
}
