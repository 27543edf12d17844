/**
 * The upload settings section: endpoint (read-only when the admin policy sets it), token, delete
 * after upload. Saving an endpoint asks for host permission for its origin, and only for it.
 */
import { checkEndpoint } from '../../shared/upload-endpoint';
import { TEST_BUILD } from './build-flags';
import { getUploadSettings, setUploadSettings, type UploadSettings } from './store';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let shown: UploadSettings | null = null;

/** The settings last shown (user's own at first, with the policy once Chrome has loaded it). */
export function shownSettings(): UploadSettings | null {
  return shown;
}

export async function ensureHostPermission(endpoint: string): Promise<boolean> {
  const origins = [`${new URL(endpoint).origin}/*`];
  if (await chrome.permissions.contains({ origins })) return true;
  return chrome.permissions.request({ origins });
}

/** https only (plain http to this machine in the test build only); no trailing slash. */
export function normalizeEndpoint(raw: string, allowLoopbackHttp = TEST_BUILD): string {
  return checkEndpoint(raw, allowLoopbackHttp);
}

export async function renderSettings(): Promise<void> {
  // chrome.storage.managed answers only once Chrome's policy service has loaded (seconds after a
  // browser start): show the user's own settings meanwhile.
  show(await getUploadSettings({ policy: false }));
  show(await getUploadSettings());
}

function show(s: UploadSettings): void {
  shown = s;
  const endpoint = $<HTMLInputElement>('endpoint');
  endpoint.value = s.endpoint ?? '';
  endpoint.disabled = s.managed;
  $('endpoint-note').textContent = s.managed
    ? 'Set by your admin (policy).'
    : 'Asked for access to this site when you save.';
  $<HTMLInputElement>('token').value = s.token ?? '';
  $<HTMLInputElement>('delete-after').checked = s.deleteAfter;
  $('upload-target').textContent = s.endpoint
    ? `Bundles are uploaded to ${s.endpoint} (tus, at ${s.endpoint}/files/).`
    : 'No upload endpoint set: see Upload settings.';
}

export function initSettingsForm(): void {
  $<HTMLFormElement>('settings').addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = $('settings-status');
    try {
      // The permission is asked first, while the click still counts as a user gesture.
      const input = $<HTMLInputElement>('endpoint');
      const managed = input.disabled;
      const raw = input.value.trim();
      const endpoint = managed || raw === '' ? null : normalizeEndpoint(raw);
      if (endpoint && !(await ensureHostPermission(endpoint))) {
        throw new Error(`access to ${new URL(endpoint).origin} was not granted`);
      }
      await setUploadSettings({
        ...(managed ? {} : { endpoint }),
        token: $<HTMLInputElement>('token').value.trim() || null,
        deleteAfter: $<HTMLInputElement>('delete-after').checked,
      });
      status.textContent = 'Settings saved.';
      await renderSettings();
    } catch (err) {
      status.textContent = `Not saved: ${err instanceof Error ? err.message : String(err)}`;
    }
  });
}
