/**
 * A read-only upload status panel for other extension pages (the review page mounts it): each
 * upload's status and progress, live from chrome.storage.local, with a link to the export page,
 * where uploads run and can be paused or resumed.
 *
 *   import { mountUploadStatus } from '../export/upload-status';
 *   mountUploadStatus(document.getElementById('uploads')!);
 */
import type { UploadRecord } from '../../worker/export/upload';
import { h, put } from '../ui/dom';
import { onUploadsChanged, uploads } from './store';
import { uploadStatusPill } from './uploads-view';

export function mountUploadStatus(el: HTMLElement): () => void {
  const render = (all: Record<string, UploadRecord>) => {
    const records = Object.values(all)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, 5);
    put(
      el,
      h(
        'section',
        { 'aria-label': 'Uploads' },
        records.length === 0 ? h('p', { class: 'muted' }, 'No uploads yet.') : null,
        ...records.map((r) =>
          h(
            'p',
            { class: 'row' },
            uploadStatusPill(r),
            h('span', {}, r.name),
            r.status === 'done'
              ? null
              : h('progress', {
                  max: 1,
                  value: r.chunks ? r.chunksDone / r.chunks : 0,
                  'aria-label': `Upload progress of ${r.name}`,
                }),
            r.error && r.status !== 'done' ? h('span', { class: 'muted' }, r.error) : null,
          ),
        ),
        h('a', { href: './export.html' }, 'Export and upload…'),
      ),
    );
  };
  void uploads().then(render);
  return onUploadsChanged(render);
}
