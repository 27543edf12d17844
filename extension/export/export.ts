/**
 * The export page: pick approved sessions, build a bundle (in the page's worker, with progress),
 * download it, upload it to the configured endpoint, import a bundle for review, settings, and the
 * contributor's deletion request.
 *
 * Deep links: `#export=<id>,<id>` exports those sessions, `#upload=<id>,...` exports and uploads
 * them (the review page can link here), `#deletion` shows the deletion request. Unapproved
 * sessions are refused by the worker (shippableSession), not only hidden here.
 */
import { openReadView, type SessionRow } from '../../shared/db';
import { watch } from '../../shared/storage';
import { policyItem, uploadEndpointItem } from '../../shared/storage-items';
import { DEFAULT_CHUNK_SIZE, newUploadRecord, type UploadRecord } from '../../shared/uploads';
import type { Manifest } from '../../worker/ship/manifest';
import { formatBytes, h, put } from '../ui/dom';
import { uploadsList } from '../ui/uploads-view';
import { buildBundleInWorker, extensionInfo } from './client';
import { download } from './download';
import { initImportForm } from './import-form';
import { initRights } from './rights';
import { sessionsTable } from './sessions-view';
import { ensureHostPermission, initSettingsForm, renderSettings, shownSettings } from './settings-form';
import {
  contributorId,
  getUploadSettings,
  onUploadsChanged,
  removeUpload,
  saveUpload,
  sessionContributors,
  uploads,
} from './store';
import { isRunning, pause, runUpload } from './uploader';

const db = openReadView();
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const sessionsEl = $('sessions');
const exportSelected = $<HTMLButtonElement>('export-selected');
const exportAll = $<HTMLButtonElement>('export-all');
const progressRow = $('export-progress');
const bar = $<HTMLProgressElement>('export-bar');
const phase = $('export-phase');
const exportResult = $('export-result');
const uploadsEl = $('uploads');

const selected = new Set<string>();
let exportable: SessionRow[] = [];

interface Current {
  bytes: Uint8Array;
  manifest: Manifest;
  sha256: string;
  name: string;
  sessionIds: string[];
  exportedAt: number;
  contributorId: string;
  contributors: Record<string, string>;
  extension: { name: string; version: string };
}
let current: Current | null = null;

const PHASES: Record<string, string> = {
  segmenting: 'Reading and segmenting sessions…',
  events: 'Writing events…',
  formats: 'Writing replay flows…',
  finishing: 'Writing the manifest…',
  done: 'Done',
};

async function renderSessions(): Promise<void> {
  exportable = await db.sessions.where('status').anyOf('approved', 'uploaded').reverse().sortBy('startedAt');
  for (const id of [...selected]) if (!exportable.some((s) => s.id === id)) selected.delete(id);
  const waiting = await db.sessions.where('status').anyOf('stopped', 'in_review').count();
  put(
    sessionsEl,
    sessionsTable(exportable, selected, (id, on) => {
      if (on) selected.add(id);
      else selected.delete(id);
      exportSelected.disabled = selected.size === 0;
    }),
    waiting > 0
      ? h(
          'p',
          { class: 'muted' },
          `${waiting} session${waiting === 1 ? ' is' : 's are'} waiting for review and cannot be exported yet.`,
        )
      : null,
  );
  exportSelected.disabled = selected.size === 0;
  exportAll.disabled = exportable.length === 0;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function showError(el: HTMLElement, message: string): void {
  put(el, h('p', { class: 'error', role: 'alert' }, message));
}

function explain(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return /only approved/.test(message) ? `Not exported: ${message}.` : `Export failed: ${message}`;
}

/** A long export says roughly how long is left (linear in the fraction done; shown after 3 s). */
function timeLeft(elapsedMs: number, fraction: number): string {
  if (elapsedMs < 3000 || fraction < 0.05 || fraction >= 1) return '';
  const left = Math.round((elapsedMs * (1 - fraction)) / fraction / 1000);
  return left < 60 ? ` · about ${Math.max(1, left)} s left` : ` · about ${Math.round(left / 60)} min left`;
}

async function exportSessions(ids: string[], thenUpload: boolean): Promise<void> {
  exportSelected.disabled = exportAll.disabled = true;
  progressRow.hidden = false;
  bar.value = 0;
  put(exportResult);
  try {
    const req = {
      sessionIds: ids,
      exportedAt: Date.now(),
      contributorId: await contributorId(),
      contributors: await sessionContributors(),
      extension: extensionInfo(),
      audit: true,
    };
    const began = performance.now();
    const built = await buildBundleInWorker(req, (p) => {
      bar.value = p.fraction;
      phase.textContent = `${PHASES[p.phase] ?? ''} ${p.sessionsDone} of ${p.sessions} sessions · ${formatBytes(p.bytes)}${timeLeft(performance.now() - began, p.fraction)}`;
    });
    current = { ...built, ...req, sessionIds: built.manifest.sessions.map((s) => s.id) };
    download(built.bytes, built.name, 'application/zip');
    renderCurrent();
    if (thenUpload) await uploadCurrent();
  } catch (e) {
    showError(exportResult, explain(e));
  } finally {
    progressRow.hidden = true;
    await renderSessions();
  }
}

/** Upload needs an endpoint: until one is set, the bundle card says where to set it. */
let endpointSet = false;
async function refreshEndpoint(): Promise<void> {
  const set = Boolean((await getUploadSettings().catch(() => null))?.endpoint);
  if (set === endpointSet) return;
  endpointSet = set;
  renderCurrent();
}
watch(uploadEndpointItem, () => void refreshEndpoint());
watch(policyItem, () => void refreshEndpoint());

/** A message about the bundle, inside its card (the card stays: it is what the message is about). */
function showBundleError(message: string): void {
  const slot = exportResult.querySelector<HTMLElement>('.bundle-note');
  showError(slot ?? exportResult, message);
}

function renderCurrent(): void {
  if (!current) return;
  const c = current;
  const m = c.manifest;
  const toSettings = () => {
    document.getElementById('settings-title')?.scrollIntoView();
    document.getElementById('endpoint')?.focus();
  };
  put(
    exportResult,
    h(
      'div',
      { class: 'result' },
      h(
        'p',
        {},
        h('strong', {}, 'Bundle ready: '),
        `${c.name} · ${formatBytes(c.bytes.length)} · ${plural(m.counts.sessions, 'session')}, ${plural(m.counts.trajectories, 'trajectory', 'trajectories')}, ${plural(m.counts.steps, 'step')}`,
      ),
      h('p', { class: 'muted hash' }, `sha256 ${c.sha256}`),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          { type: 'button', onclick: () => download(c.bytes, c.name, 'application/zip') },
          'Download again',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            disabled: !endpointSet,
            'aria-describedby': endpointSet ? null : 'no-endpoint',
            onclick: () => void uploadCurrent(),
          },
          'Upload bundle',
        ),
      ),
      endpointSet
        ? null
        : h(
            'p',
            { id: 'no-endpoint', class: 'muted' },
            'Uploading needs an endpoint: ',
            h(
              'a',
              {
                href: '#settings-title',
                onclick: (e: Event) => {
                  e.preventDefault();
                  toSettings();
                },
              },
              'set the upload endpoint',
            ),
            '.',
          ),
      h('div', { class: 'bundle-note' }),
    ),
  );
}

async function uploadCurrent(): Promise<void> {
  const c = current;
  if (!c) return;
  // Ask for the endpoint's host permission while the click still counts as a user gesture (the
  // policy may take seconds to load at browser start), then check against the final settings.
  const shown = shownSettings();
  if (shown?.endpoint) await ensureHostPermission(shown.endpoint).catch(() => false);
  const settings = await getUploadSettings();
  if (!settings.endpoint) {
    showBundleError('Set the upload endpoint in Upload settings first.');
    return;
  }
  if (!(await ensureHostPermission(settings.endpoint).catch(() => false))) {
    showBundleError(`Uploading needs access to ${new URL(settings.endpoint).origin}, which was not granted.`);
    return;
  }
  const chunkSize = settings.chunkSize || DEFAULT_CHUNK_SIZE;
  const now = Date.now();
  const previous = (await uploads())[c.sha256];
  const record: UploadRecord =
    previous && previous.status !== 'done' && previous.endpoint === settings.endpoint
      ? { ...previous, status: 'uploading', error: null, deleteAfter: settings.deleteAfter } // resume it
      : newUploadRecord({
          sha256: c.sha256,
          size: c.bytes.length,
          chunkSize,
          endpoint: settings.endpoint,
          sessionIds: c.sessionIds,
          exportedAt: c.exportedAt,
          contributorId: c.contributorId,
          contributors: c.contributors,
          extension: c.extension,
          name: c.name,
          startedAt: now,
          deleteAfter: settings.deleteAfter,
        });
  await saveUpload(record);
  await runUpload(record, c.bytes);
  await Promise.all([renderSessions(), renderUploads()]);
}

async function renderUploads(all?: Record<string, UploadRecord>): Promise<void> {
  const records = Object.values(all ?? (await uploads()));
  put(
    uploadsEl,
    uploadsList(records, isRunning, {
      pause,
      retry: (sha) => void resume(sha, true),
      forget: async (sha) => {
        await removeUpload(sha);
        await renderUploads();
      },
    }),
  );
}

/** Resumes an upload; `interactive` (a click) may ask for the host permission, otherwise it must be there. */
async function resume(sha: string, interactive: boolean): Promise<void> {
  const rec = (await uploads())[sha];
  if (!rec || isRunning(sha)) return;
  const origins = [`${new URL(rec.endpoint).origin}/*`];
  const allowed = interactive
    ? await ensureHostPermission(rec.endpoint).catch(() => false)
    : await chrome.permissions.contains({ origins });
  if (!allowed) {
    await saveUpload({
      ...rec,
      status: 'paused',
      error: `Needs access to ${origins[0]}: click Resume upload to grant it.`,
    });
    return;
  }
  const settings = await getUploadSettings({ policy: false });
  const next: UploadRecord = {
    ...rec,
    status: 'uploading',
    error: null,
    deleteAfter: rec.deleteAfter || settings.deleteAfter,
  };
  await saveUpload(next);
  await runUpload(next, current?.sha256 === sha ? current.bytes : null);
  await Promise.all([renderSessions(), renderUploads()]);
}

exportSelected.addEventListener('click', () => void exportSessions([...selected], false));
exportAll.addEventListener(
  'click',
  () =>
    void exportSessions(
      exportable.map((s) => s.id),
      false,
    ),
);
onUploadsChanged((all) => void renderUploads(all));

async function followHash(): Promise<void> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const ids = (hash.get('export') ?? hash.get('upload') ?? '').split(',').filter(Boolean);
  if (hash.has('deletion')) {
    $('rights-title').scrollIntoView();
    $('deletion-request').focus();
  }
  if (ids.length > 0) {
    history.replaceState(null, '', location.pathname);
    await exportSessions(ids, hash.has('upload'));
  }
}

async function start(): Promise<void> {
  initSettingsForm();
  initImportForm(() => void renderSessions());
  await Promise.all([initRights(), renderSessions(), renderSettings(), renderUploads(), refreshEndpoint()]);
  window.addEventListener('hashchange', () => void followHash());
  await followHash();
  // Uploads interrupted by a closed page or a browser restart go on from where the server is.
  for (const r of Object.values(await uploads())) {
    if (r.status === 'uploading' || r.status === 'retrying' || r.status === 'paused')
      void resume(r.sha256, false);
  }
}

void start();
