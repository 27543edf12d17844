/**
 * A read-only upload status panel for other extension pages (the review page mounts it): each
 * upload's status, progress in bytes, last error and next retry, live from chrome.storage.local, with a link to the export page,
 * where uploads run and can be paused or resumed.
 *
 *   import { mountUploadStatus } from '../ui/upload-status';
 *   mountUploadStatus(document.getElementById('uploads')!);
 */
import { read, watch } from '../../shared/storage';
import { uploadsItem } from '../../shared/storage-items';
import type { UploadRecord } from '../../shared/uploads';
import { h, put } from './dom';
import { uploadProblem, uploadProgressText, uploadStatusPill } from './uploads-view';

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
            'div',
            { class: 'row' },
            uploadStatusPill(r),
            h('span', {}, r.name),
            r.status === 'done'
              ? null
              : h('progress', {
                  max: r.size,
                  value: r.bytesSent,
                  'aria-label': `Upload progress of ${r.name}`,
                }),
            r.status === 'done' ? null : h('span', { class: 'muted' }, uploadProgressText(r)),
            uploadProblem(r, './export.html#settings-title'),
          ),
        ),
        // No link here: the card it sits in links to the export page already (one way there).
      ),
    );
  };
  void read(uploadsItem).then(render);
  return watch(uploadsItem, render);
}
