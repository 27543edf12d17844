/** Ensures the one offscreen document (which hosts the storage worker) exists. */
import { send } from '../../shared/messaging';

const URL_PATH = 'offscreen.html';
let creating: Promise<void> | null = null;

export async function ensureOffscreen(): Promise<void> {
  const url = chrome.runtime.getURL(URL_PATH);
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  if (contexts.length > 0) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: URL_PATH,
      reasons: [chrome.offscreen.Reason.WORKERS],
      justification: 'Redacts recorded events in a worker and stores them in IndexedDB.',
    })
    .finally(() => {
      creating = null;
    });
  await creating;
  // The document's listeners are installed once its module ran; wait until it answers.
  for (let i = 0; i < 50; i++) {
    try {
      await send('offscreen', 'offscreen/ping', {});
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error('the offscreen document did not start');
}
