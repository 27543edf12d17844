/**
 * Storage: what the recordings take (the sessions' stored bytes) and what the extension uses of the
 * browser's quota, in bytes first (a share of a large quota reads "0.00%" for months), with a
 * warning near the quota.
 */
import type { ReadView } from '../../shared/db';
import { formatBytes, h } from '../ui/dom';

export const WARN_AT = 0.8;

export function storageText(recorded: number, sessions: number, usage: number, quota: number): string {
  const rec = `Recordings take ${formatBytes(recorded)} (${sessions} session${sessions === 1 ? '' : 's'})`;
  if (quota <= 0) return `${rec}; the browser did not say how much space there is.`;
  const left = Math.max(0, quota - usage);
  return `${rec}; the extension uses ${formatBytes(usage)} in all, ${formatBytes(left)} left before the browser's limit.`;
}

export async function storageMeter(db: ReadView): Promise<HTMLElement> {
  const [{ usage = 0, quota = 0 }, sessions] = await Promise.all([
    navigator.storage.estimate().catch(() => ({ usage: 0, quota: 0 })),
    db.sessions.toArray().catch(() => []),
  ]);
  const recorded = sessions.reduce((n, s) => n + (s.bytes ?? 0), 0);
  const share = quota > 0 ? usage / quota : 0;
  const text = storageText(recorded, sessions.length, usage, quota);
  return h(
    'div',
    { class: 'storage' },
    h('label', { for: 'storage-meter' }, 'Storage used'),
    h('meter', {
      id: 'storage-meter',
      min: 0,
      max: 1,
      low: 0.6,
      high: WARN_AT,
      optimum: 0,
      value: share,
      'aria-valuetext': text,
    }),
    h('span', { class: 'muted' }, ` ${text}`),
    share >= WARN_AT
      ? h(
          'p',
          { role: 'alert', class: 'error' },
          `Storage is ${Math.round(share * 100)}% full. Recording stops when it is full: review, export and delete sessions now.`,
        )
      : null,
  );
}
