/** The list of uploads with status, progress and what can be done next (pause, retry, forget). */
import type { UploadRecord } from '../../worker/export/upload';
import { formatBytes, h } from '../ui/dom';

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
        const fraction = r.chunks > 0 ? r.chunksDone / r.chunks : 0;
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
            ? null
            : h(
                'div',
                { class: 'progress-row' },
                h('progress', { max: 1, value: fraction, 'aria-label': `Upload progress of ${r.name}` }),
                h('span', { class: 'muted' }, `${r.chunksDone} of ${r.chunks} chunks`),
              ),
          r.error && r.status !== 'done'
            ? h('p', { class: r.status === 'failed' ? 'error' : 'muted' }, r.error)
            : null,
          h(
            'p',
            { class: 'meta' },
            `sha256 ${r.sha256} → ${r.endpoint}`,
            r.completedAt ? ` · uploaded ${new Date(r.completedAt).toLocaleString()}` : '',
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
                  r.status === 'failed' ? 'Retry upload' : 'Resume upload',
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
