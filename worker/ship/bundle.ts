/**
 * Builds a bundle: a deterministic zip (fflate, streamed) of the sessions' trajectories,
 * refinements, redacted events and UserFlows (Mind2Web tasks optionally), the JSON Schema, and a
 * manifest with the sha256 of every file. The same inputs (sessions, exportedAt, contributor, extension version,
 * options) give the same bytes, so an upload interrupted by a browser restart rebuilds exactly what
 * it was sending and resumes under the same content hash.
 *
 * Decisions:
 * - Sessions are loaded one at a time (the caller's `load`, which must read through
 *   shippableSession), so memory holds one session's data plus the compressed output.
 * - Entry order is fixed: trajectories.jsonl, refinements.jsonl (both fed as sessions come, hashed
 *   incrementally), then per session (sorted by id) its events, Mind2Web file (if asked) and UserFlows, then the
 *   schema, then manifest.json (it holds every other file's hash, so it is written last). fflate
 *   buffers the compressed later entries until the first two end.
 * - Entries have a fixed mtime and are pushed in the same slices every time: deflate output depends
 *   on how input is split.
 * - An unapproved session stops the export (NotApprovedError), even if the caller forgot to check.
 */
import { strToU8, Zip, ZipDeflate } from 'fflate';
import schema from '../../shared/schema/trajectory.v1.schema.json';
import { SCHEMA_VERSION } from '../../shared/trajectory';
import { NotApprovedError, type ShippableSession } from '../review/shippable';
import { writeEventsFile } from './events-file';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  EVENTS_VERSION,
  eventsPath,
  FIXED_MTIME,
  MANIFEST_PATH,
  mind2webPath,
  REFINEMENTS_PATH,
  SCHEMA_PATH,
  SESSION_ID_RE,
  TRAJECTORIES_PATH,
  userflowPath,
} from './format';
import { incrementalSha256, sha256Hex } from './hash';
import type { Manifest, ManifestFile, ManifestSession } from './manifest';
import { sumCounts } from './manifest';
import { toMind2Web } from './mind2web';
import { rawHtmlOfSteps } from './raw-html';
import { toUserFlow } from './userflow';

export interface BundleSession extends ShippableSession {
  /** Pseudonymous id of whoever recorded the session. */
  contributorId: string;
}

export interface BundleOptions {
  exportedAt: number;
  extension: { name: string; version: string };
  /** The contributor the bundle is exported for. */
  contributorId: string;
  /** Entity types the redactor does not cover (from its report), for the manifest. */
  notCovered: string[];
  /**
   * Derived formats to include. UserFlows (small) are in by default; Mind2Web is not: it repeats the
   * whole page twice per step (cleaned and raw HTML), more than doubling the bundle, and the CLI
   * derives it from the bundle's trajectories and events (`npm run dataset -- convert --to mind2web`).
   */
  formats?: { mind2web?: boolean; userflow?: boolean };
  /** Deflate level (default 6: on rrweb JSON level 9 is slower for nothing). */
  level?: number;
  onProgress?: (p: BundleProgress) => void;
}

export interface BundleProgress {
  /** 0..1 */
  fraction: number;
  sessionsDone: number;
  sessions: number;
  phase: 'segmenting' | 'events' | 'formats' | 'finishing' | 'done';
  /** Compressed bytes produced so far. */
  bytes: number;
}

export interface Bundle {
  bytes: Uint8Array;
  sha256: string;
  manifest: Manifest;
  /** A file name for the download. */
  name: string;
}

const SLICE = 1 << 20;

export async function buildBundle(
  sessionIds: string[],
  load: (id: string) => Promise<BundleSession>,
  opts: BundleOptions,
): Promise<Bundle> {
  const ids = [...new Set(sessionIds)].sort();
  if (ids.length === 0) throw new Error('nothing to export: no session selected');
  for (const id of ids)
    if (!SESSION_ID_RE.test(id)) throw new Error(`session id ${JSON.stringify(id)} cannot be exported`);
  const level = (opts.level ?? 6) as 6;
  const formats = { mind2web: opts.formats?.mind2web ?? false, userflow: opts.formats?.userflow ?? true };

  const out: Uint8Array[] = [];
  let outBytes = 0;
  let zipError: Error | null = null;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const zip = new Zip((err, chunk, final) => {
    if (err) zipError = err;
    else {
      out.push(chunk);
      outBytes += chunk.length;
    }
    if (final || err) finished();
  });
  const entry = (path: string) => {
    const e = new ZipDeflate(path, { level });
    e.mtime = FIXED_MTIME;
    zip.add(e);
    return e;
  };

  const progress = (sessionsDone: number, within: number, phase: BundleProgress['phase']) =>
    opts.onProgress?.({
      fraction: Math.min(1, (sessionsDone + within) / (ids.length + 0.05)),
      sessionsDone,
      sessions: ids.length,
      phase,
      bytes: outBytes,
    });

  // Streamed entries, fed as sessions come.
  const streamed = (path: string) => {
    const e = entry(path);
    const h = incrementalSha256();
    let size = 0;
    return {
      push(text: string) {
        const bytes = strToU8(text);
        h.update(bytes);
        size += bytes.length;
        e.push(bytes);
      },
      end(): ManifestFile {
        e.push(new Uint8Array(0), true);
        return { path, size, sha256: h.hex() };
      },
    };
  };
  const trajectoriesFile = streamed(TRAJECTORIES_PATH);
  const refinementsFile = streamed(REFINEMENTS_PATH);
  const later: ManifestFile[] = [];
  const whole = async (path: string, bytes: Uint8Array) => {
    const sha256 = await sha256Hex(bytes);
    const e = entry(path);
    if (bytes.length === 0) e.push(bytes, true);
    for (let at = 0; at < bytes.length; at += SLICE) {
      e.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.length);
    }
    later.push({ path, size: bytes.length, sha256 });
  };

  const sessions: ManifestSession[] = [];
  const totals = { sessions: ids.length, trajectories: 0, steps: 0, refinements: 0, events: 0 };
  const redactions: Record<string, number> = {};
  for (const [i, id] of ids.entries()) {
    progress(i, 0, 'segmenting');
    const s = await load(id);
    if (s.session.id !== id) throw new Error(`asked for session ${id}, got ${s.session.id}`);
    if (!s.approval) {
      throw new NotApprovedError(
        `session ${id} is not approved; only approved sessions can be exported or uploaded`,
      );
    }
    for (const t of s.trajectories) trajectoriesFile.push(`${JSON.stringify(t)}\n`);
    for (const r of s.refinements) refinementsFile.push(`${JSON.stringify(r)}\n`);
    progress(i, 0.3, 'events');

    const pieces: Uint8Array[] = [];
    writeEventsFile(id, s.stored, (piece) => pieces.push(strToU8(piece)));
    await whole(eventsPath(id), concat(pieces));
    progress(i, 0.6, 'formats');

    let skipped = 0;
    if (formats.mind2web) {
      const raw = rawHtmlOfSteps(s.stored, s.trajectories);
      const tasks = s.trajectories.map((t) => toMind2Web(t, (step) => raw.get(step) ?? ''));
      await whole(mind2webPath(id), strToU8(JSON.stringify(tasks)));
    }
    for (const t of s.trajectories) {
      const { flow, skipped: left } = toUserFlow(t);
      skipped += left.length;
      if (formats.userflow)
        await whole(userflowPath(id, t.index), strToU8(`${JSON.stringify(flow, null, 2)}\n`));
    }

    const events =
      s.stored.tabs.reduce((n, t) => n + t.events.length, 0) +
      [...s.stored.frames.values()].reduce((n, f) => n + f.length, 0) +
      s.stored.sessionEvents.length;
    const steps = s.trajectories.reduce((n, t) => n + t.steps.length, 0);
    sessions.push({
      id,
      contributorId: s.contributorId,
      startedAt: s.session.startedAt,
      endedAt: s.session.endedAt,
      intent: s.session.intent,
      origins: s.session.origins,
      consent: { version: s.session.consent.version, acceptedAt: s.session.consent.acceptedAt },
      review: { reviewer: s.approval.reviewer, approvedAt: s.approval.at, note: s.approval.note },
      redactions: { ...s.session.redactions },
      counts: {
        tabs: s.stored.tabs.length,
        events,
        trajectories: s.trajectories.length,
        steps,
        refinements: s.refinements.length,
      },
      userflowSkippedSteps: skipped,
    });
    sumCounts(redactions, s.session.redactions);
    totals.trajectories += s.trajectories.length;
    totals.steps += steps;
    totals.refinements += s.refinements.length;
    totals.events += events;
    progress(i + 1, 0, 'formats');
  }

  progress(ids.length, 0, 'finishing');
  const files = [trajectoriesFile.end(), refinementsFile.end()];
  await whole(SCHEMA_PATH, strToU8(`${JSON.stringify(schema, null, 2)}\n`));
  files.push(...later);
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    schemaVersion: SCHEMA_VERSION,
    eventsVersion: EVENTS_VERSION,
    schema: { path: SCHEMA_PATH, id: schema.$id },
    extension: opts.extension,
    exportedAt: new Date(opts.exportedAt).toISOString(),
    contributorId: opts.contributorId,
    sessions,
    redaction: { counts: redactions, notCovered: opts.notCovered },
    counts: totals,
    files,
  };
  await whole(MANIFEST_PATH, strToU8(`${JSON.stringify(manifest, null, 2)}\n`));
  zip.end();
  await done;
  if (zipError) throw zipError;
  const bytes = concat(out);
  const sha256 = await sha256Hex(bytes);
  progress(ids.length, 0.05, 'done');
  const day = new Date(opts.exportedAt).toISOString().slice(0, 10);
  return { bytes, sha256, manifest, name: `recordings-${day}-${sha256.slice(0, 12)}.zip` };
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const size = parts.reduce((n, p) => n + p.length, 0);
  const outBuf = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    outBuf.set(p, at);
    at += p.length;
  }
  return outBuf;
}
