/** The import section: a bundle file goes to the worker, which checks it and adds its sessions for review. */
import { h, put } from '../ui/dom';
import { importBundleInWorker } from './client';
import { addSessionContributors } from './store';

export function initImportForm(onImported: () => void): void {
  const input = document.getElementById('import-file') as HTMLInputElement;
  const result = document.getElementById('import-result')!;
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    put(result, h('p', { class: 'muted' }, `Checking ${file.name}…`));
    try {
      const imported = await importBundleInWorker(
        new Uint8Array(await file.arrayBuffer()),
        'reviewer (import)',
      );
      // Re-exporting an imported session must still name its contributor, not this browser's.
      await addSessionContributors(Object.fromEntries(imported.map((s) => [s.sessionId, s.contributorId])));
      const n = imported.length;
      put(
        result,
        h(
          'p',
          {},
          `Imported ${n} session${n === 1 ? '' : 's'} from ${file.name} for review. `,
          h('a', { href: './review.html' }, 'Open the review page'),
        ),
      );
      onImported();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      put(result, h('p', { class: 'error', role: 'alert' }, `${file.name} was not imported. ${message}`));
    } finally {
      input.value = '';
    }
  });
}
