/**
 * Retention: rejected and uploaded sessions are deleted after N days (0 keeps them). The setting
 * lives in chrome.storage.local; the sweep runs whenever the review page opens and when the
 * setting is saved. Also "delete all my data" for the recording user.
 */
import { read, write } from '../../shared/storage';
import { retentionDaysItem } from '../../shared/storage-items';
import { h } from '../ui/dom';
import { actor, worker } from './client';

export function retentionDays(): Promise<number> {
  return read(retentionDaysItem);
}

export async function sweep(): Promise<number> {
  const days = await retentionDays();
  return days > 0 ? worker.retention(days, 'retention') : 0;
}

export async function retentionPanel(onChange: (message: string) => void): Promise<HTMLElement> {
  const days = await retentionDays();
  const input = h('input', { id: 'retention-days', type: 'number', min: 0, max: 3650, step: 1, value: days });
  const form = h(
    'form',
    { class: 'row' },
    h('label', { for: 'retention-days' }, 'Delete rejected and uploaded sessions after (days, 0 = never)'),
    input,
    h('button', { type: 'submit' }, 'Save retention'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const n = Math.max(0, Math.floor(Number(input.value) || 0));
    await write(retentionDaysItem, n);
    const deleted = await sweep();
    onChange(
      n === 0
        ? 'Rejected and uploaded sessions are kept until you delete them.'
        : `Retention set to ${n} day${n === 1 ? '' : 's'}${deleted ? `; ${deleted} session${deleted === 1 ? '' : 's'} deleted` : ''}.`,
    );
  });
  const wipe = h('button', { type: 'button', class: 'danger' }, 'Delete all my data');
  wipe.addEventListener('click', async () => {
    if (
      !confirm(
        'Delete every recorded session on this machine, with its events and keys? This cannot be undone.',
      )
    )
      return;
    const n = await worker.deleteAll(actor());
    onChange(`Deleted all ${n} sessions.`);
  });
  return h('div', { class: 'retention' }, form, h('p', { class: 'row' }, wipe));
}
