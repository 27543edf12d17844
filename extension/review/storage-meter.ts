/** How much of the browser's storage the recordings use, with a warning near the quota. */
import { formatBytes, h } from '../ui/dom';

const WARN_AT = 0.8;

export async function storageMeter(): Promise<HTMLElement> {
  const { usage = 0, quota = 0 } = await navigator.storage.estimate().catch(() => ({ usage: 0, quota: 0 }));
  const share = quota > 0 ? usage / quota : 0;
  const pct = `${(share * 100).toFixed(share < 0.01 ? 2 : 0)}%`;
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
      'aria-valuetext': `${formatBytes(usage)} of ${formatBytes(quota)} (${pct})`,
    }),
    h('span', { class: 'muted' }, ` ${formatBytes(usage)} of ${formatBytes(quota)} (${pct})`),
    share >= WARN_AT
      ? h(
          'p',
          { role: 'alert', class: 'error' },
          'Storage is nearly full. Recording stops when it is full: review, export and delete sessions now.',
        )
      : null,
  );
}
