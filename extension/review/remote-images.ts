/**
 * The reviewer's explicit, per-session choice to see a replay's remote images. By default the
 * replay shows placeholders (shared/replay-assets.ts) and contacts no one; loading the images tells
 * the sites that serve them (or whoever an imported bundle names) that this session is being
 * reviewed, from this browser and network. So it is asked for each time a session is opened, with
 * that warning, and never remembered.
 *
 * The images are fetched by this page (connect-src allows https: and loopback; without cookies or
 * referrer) and handed to the replay as blob: URLs, because the page's CSP lets images load only
 * from the extension, data: and blob:. Only images: stylesheets, fonts and frames stay dropped.
 */
import type { ImageMap } from '../../shared/replay-assets';
import { h } from '../ui/dom';

const MAX_IMAGES = 300;
const MAX_BYTES = 8 * 1024 * 1024;
const PARALLEL = 4;

export const REMOTE_WARNING =
  'Loading remote images contacts the sites that served them (or any address an imported bundle ' +
  'names): they learn that this session is being replayed, from this browser and network.';

export interface RemoteImages {
  map: ImageMap;
  loaded: number;
  failed: number;
  /** Frees the blob: URLs. */
  release(): void;
}

/** Fetches the images (http/https only, image types only, size-capped) into blob: URLs. */
export async function loadRemoteImages(urls: readonly string[]): Promise<RemoteImages> {
  const map = new Map<string, string>();
  let failed = 0;
  const queue = urls.filter((u) => /^https?:/i.test(u)).slice(0, MAX_IMAGES);
  failed += urls.length - queue.length;
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      try {
        const res = await fetch(url, {
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          redirect: 'follow',
        });
        const type = res.headers.get('content-type') ?? '';
        if (!res.ok || !type.startsWith('image/')) throw new Error(`${res.status} ${type}`);
        const blob = await res.blob();
        if (blob.size > MAX_BYTES) throw new Error('too large');
        map.set(url, URL.createObjectURL(blob));
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return {
    map,
    loaded: map.size,
    failed,
    release: () => {
      for (const u of map.values()) URL.revokeObjectURL(u);
    },
  };
}

/**
 * The line above the replay: how many remote images are placeholders, and the button to load them
 * (after a confirmation that carries the warning). Null when the replay references none.
 */
export function remoteImagesBar(
  remote: number,
  state: RemoteImages | null,
  load: () => void,
): HTMLElement | null {
  if (remote === 0 && state === null) return null;
  if (state) {
    return h(
      'p',
      { class: 'muted remote-images', role: 'status' },
      `Remote images loaded for this session: ${state.loaded}` +
        (state.failed > 0 ? `, ${state.failed} could not be loaded (placeholders).` : '.'),
    );
  }
  return h(
    'p',
    { class: 'muted remote-images' },
    `${remote} remote ${remote === 1 ? 'image is' : 'images are'} shown as placeholders; the replay contacts no one. `,
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          if (confirm(`${REMOTE_WARNING}\n\nLoad the remote images of this session?`)) load();
        },
      },
      'Load remote images…',
    ),
  );
}
