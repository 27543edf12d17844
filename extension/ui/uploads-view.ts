/**
 * The list of uploads: status, progress in bytes, the last error and when the next try happens,
 * and what can be done next (pause, resume, retry, forget). A refused token is not retried: the
 * row says so and links to the settings.
 */
import type { UploadRecord } from '../../shared/uploads';
import { formatBytes, h } from './dom';

export interface UploadActions {
  pause(sha256: string): void;
  retry(sha256: string): void;
  forget(sha256: string): void;
}

const LABEL: Record<UploadRecord['status'], string> = {
  uploading: 'Uploading',
  retrying: 'Retrying',
  paused: 'Paused',
  failed: 'Failed',
  'needs-auth': 'Token refused',
  done: 'Uploaded',
};

/** An upload's state, announced to assistive tech; shared by the export page and the review list. */
export function uploadStatusPill(r: UploadRecord): HTMLElement {
  return h(
    'span',
    { class: `pill ${r.status}`, role: 'status', 'aria-label': `Upload status of ${r.name}` },
    LABEL[r.status],
  );
}

/** "3.2 kB of 10.8 kB" (what the server confirmed). */
export function uploadProgressText(r: UploadRecord): string {
  return `${formatBytes(r.bytesSent)} of ${formatBytes(r.size)}`;
}

/** The last error, and for a retrying upload when the next try is; null when there is nothing to say. */
export function uploadProblem(r: UploadRecord, settingsHref: string): HTMLElement | null {
  if (r.status === 'done' || !r.error) return null;
  if (r.status === 'needs-auth') {
    return h(
      'p',
      { class: 'error' },
      `${r.error} Not retried: `,
      h('a', { href: settingsHref }, 'check the access token in Upload settings'),
      ', then retry.',
    );
  }
  const next =
    r.status === 'retrying' && r.nextRetryAt
      ? ` Next try at ${new Date(r.nextRetryAt).toLocaleTimeString()}.`
      : '';
  return h('p', { class: r.status === 'failed' ? 'error' : 'muted' }, `Last error: ${r.error}.${next}`);
}

export function uploadsList(
  records: UploadRecord[],
  running: (sha: string) => boolean,
  on: UploadActions,
): HTMLElement {
  if (records.length === 0) return h('p', { class: 'muted' }, 'Nothing uploaded from this browser yet.');
  return h(
    'div',
    { role: 'list', 'aria-label': 'Uploads' },
    ...[...records]
      .sort((a, b) => b.startedAt - a.startedAt)
      .map((r) => {
        const active = running(r.sha256);
        return h(
          'div',
          { class: 'upload', role: 'listitem', 'data-sha256': r.sha256, 'aria-label': `Upload of ${r.name}` },
          h(
            'div',
            { class: 'row' },
            uploadStatusPill(r),
            h('strong', {}, r.name),
            h(
              'span',
              { class: 'muted' },
              `${formatBytes(r.size)} · ${r.sessionIds.length} session${r.sessionIds.length === 1 ? '' : 's'}`,
            ),
          ),
          r.status === 'done'
            ? h(
                'p',
                { class: 'muted' },
                // Where it went and when: what a contributor needs to ask for it to be deleted.
                `Uploaded to ${r.endpoint}${r.completedAt ? ` on ${new Date(r.completedAt).toLocaleString()}` : ''}${r.duplicate ? ' (the receiver already had it)' : ''}.`,
              )
            : h(
                'div',
                { class: 'progress-row' },
                h('progress', {
                  max: r.size,
                  value: r.bytesSent,
                  'aria-label': `Upload progress of ${r.name}`,
                }),
                h(
                  'span',
                  { class: 'muted', 'aria-label': `Bytes uploaded of ${r.name}` },
                  uploadProgressText(r),
                ),
              ),
          uploadProblem(r, '#settings-title'),
          h(
            'p',
            { class: 'meta' },
            `sha256 ${r.sha256} → ${r.endpoint}`,
            r.completedAt
              ? ` · ${r.duplicate ? 'already on the server' : 'uploaded'} ${new Date(r.completedAt).toLocaleString()}`
              : '',
          ),
          h(
            'div',
            { class: 'row' },
            active && r.status !== 'done'
              ? h('button', { type: 'button', onclick: () => on.pause(r.sha256) }, 'Pause upload')
              : null,
            !active && r.status !== 'done'
              ? h(
                  'button',
                  { type: 'button', class: 'primary', onclick: () => on.retry(r.sha256) },
                  r.status === 'paused' ? 'Resume upload' : 'Retry upload',
                )
              : null,
            !active && r.status !== 'uploading'
              ? h('button', { type: 'button', onclick: () => on.forget(r.sha256) }, 'Remove from list')
              : null,
          ),
        );
      }),
  );
}
