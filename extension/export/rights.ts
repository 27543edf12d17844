/**
 * The contributor section: the pseudonymous id, and deletion requests. A request goes to every
 * receiver this browser uploaded to (and the configured one), through the deletion queue, and a
 * copy is saved for the contributor (to send by other means where no receiver takes them).
 */

import { type DeletionRequest, deletionRequest } from '../../shared/contributor';
import { read } from '../../shared/storage';
import { consentItem } from '../../shared/storage-items';
import { h, put } from '../ui/dom';
import {
  deletionQueue,
  drainDeletions,
  enqueueDeletion,
  type QueuedDeletion,
  requeue,
} from './deletion-queue';
import { download } from './download';
import { contributorId, getUploadSettings, uploads } from './store';

export async function initRights(): Promise<void> {
  const id = await contributorId();
  document.getElementById('contributor-id')!.textContent = id;
  const render = () => void deletionQueue().then(renderQueue);
  document.getElementById('deletion-request')!.addEventListener('click', async () => {
    const done = Object.values(await uploads()).filter((r) => r.status === 'done');
    const consent = await read(consentItem);
    const settings = await getUploadSettings();
    const now = Date.now();
    const make = (bundles: typeof done) =>
      deletionRequest({
        contributorId: id,
        scope: 'contributor',
        bundles: bundles.map((r) => ({
          sha256: r.sha256,
          sessionIds: r.sessionIds,
          endpoint: r.endpoint,
          uploadedAt: r.completedAt,
        })),
        reason: consent ? 'contributor_request' : 'consent_withdrawn',
        now,
      });
    const all = make(done);
    download(`${JSON.stringify(all, null, 2)}\n`, `deletion-request-${id}.json`, 'application/json');
    // Each receiver gets the request with the bundles it holds (scope: everything of this contributor).
    const endpoints = new Set(done.map((r) => r.endpoint));
    if (settings.endpoint) endpoints.add(settings.endpoint);
    const queued: DeletionRequest[] = [];
    for (const endpoint of endpoints) {
      const request = make(done.filter((r) => r.endpoint === endpoint));
      await enqueueDeletion(endpoint, request);
      queued.push(request);
    }
    document.getElementById('deletion-status')!.textContent =
      queued.length > 0
        ? `Deletion request for contributor ${id} (${done.length} uploaded bundle${done.length === 1 ? '' : 's'}) queued for ${endpoints.size} receiver${endpoints.size === 1 ? '' : 's'}; a copy was saved.`
        : `Deletion request saved: contributor ${id}, no receiver configured. Send it to your store's operators.`;
    render();
    await drainDeletions(render);
  });
  render();
  void drainDeletions(render); // requests queued before the page (or browser) closed
}

const STATUS: Record<QueuedDeletion['status'], string> = {
  queued: 'Waiting to send',
  sent: 'Received',
  'needs-auth': 'Token refused',
  failed: 'Refused',
};

function renderQueue(items: QueuedDeletion[]): void {
  const el = document.getElementById('deletion-queue');
  if (!el) return;
  put(
    el,
    items.length === 0
      ? null
      : h(
          'div',
          { role: 'list', 'aria-label': 'Deletion requests' },
          ...items.map((q) =>
            h(
              'div',
              { class: 'row', role: 'listitem' },
              h(
                'span',
                {
                  class: `pill ${q.status === 'sent' ? 'done' : q.status === 'queued' ? 'retrying' : 'failed'}`,
                  role: 'status',
                  'aria-label': `Deletion request to ${new URL(q.endpoint).origin}`,
                },
                STATUS[q.status],
              ),
              h(
                'span',
                { class: 'muted' },
                `${new URL(q.endpoint).origin} · ${new Date(q.request.requestedAt).toLocaleString()}`,
              ),
              q.error && q.status !== 'sent'
                ? h(
                    'span',
                    { class: q.status === 'queued' ? 'muted' : 'error' },
                    `Last error: ${q.error}.`,
                    q.nextRetryAt ? ` Next try at ${new Date(q.nextRetryAt).toLocaleTimeString()}.` : '',
                  )
                : null,
              q.status === 'needs-auth' || q.status === 'failed'
                ? h(
                    'button',
                    {
                      type: 'button',
                      onclick: async () => {
                        await requeue(q.id);
                        await drainDeletions(() => void deletionQueue().then(renderQueue));
                      },
                    },
                    'Send again',
                  )
                : null,
            ),
          ),
        ),
  );
}
