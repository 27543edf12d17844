/** The contributor section: the pseudonymous id, and the deletion request for the store's operators. */
import { deletionRequest } from '../../worker/export/contributor';
import { download } from './download';
import { contributorId, uploads } from './store';

export async function initRights(): Promise<void> {
  const id = await contributorId();
  document.getElementById('contributor-id')!.textContent = id;
  document.getElementById('deletion-request')!.addEventListener('click', async () => {
    const done = Object.values(await uploads()).filter((r) => r.status === 'done');
    const { consent } = (await chrome.storage.local.get('consent')) as { consent?: unknown };
    const request = deletionRequest({
      contributorId: id,
      scope: 'contributor',
      bundles: done.map((r) => ({
        sha256: r.sha256,
        sessionIds: r.sessionIds,
        endpoint: r.endpoint,
        uploadedAt: r.completedAt,
      })),
      reason: consent ? 'contributor_request' : 'consent_withdrawn',
      now: Date.now(),
    });
    download(`${JSON.stringify(request, null, 2)}\n`, `deletion-request-${id}.json`, 'application/json');
    document.getElementById('deletion-status')!.textContent =
      `Deletion request saved: contributor ${id}, ${done.length} uploaded bundle${done.length === 1 ? '' : 's'}. Send it to your store's operators.`;
  });
}
