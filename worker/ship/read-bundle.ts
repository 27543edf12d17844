/**
 * Reads and checks a bundle before anything of it is used: a zip with a manifest of a known format
 * and version, exactly the files the manifest lists with matching sizes and sha256, trajectories and
 * refinements valid against our JSON Schema (ours, not the copy in the bundle), and events files of
 * the expected shape. Every failure is a BundleError whose message says what is wrong, for people.
 */
import { strFromU8, unzipSync } from 'fflate';
import schema from '../../shared/schema/trajectory.v1.schema.json';
import type { Refinement, Trajectory } from '../../shared/trajectory';
import { type EventsFile, parseEventsFile } from './events-file';
import {
  eventsPath,
  MANIFEST_PATH,
  PATH_RE,
  REFINEMENTS_PATH,
  SCHEMA_PATH,
  TRAJECTORIES_PATH,
} from './format';
import { sha256Hex } from './hash';
import { createValidator } from './json-schema';
import { type Manifest, type ManifestSession, parseManifest } from './manifest';

export class BundleError extends Error {
  override name = 'BundleError';
}

export interface ParsedBundle {
  sha256: string;
  size: number;
  manifest: Manifest;
  sessions: { meta: ManifestSession; events: EventsFile }[];
  trajectories: Trajectory[];
  refinements: Refinement[];
  files: Record<string, Uint8Array>;
}

/** Uncompressed bytes a bundle may expand to (a zip bomb stops here, before inflating). */
const MAX_EXPANDED = 2 * 1024 ** 3;

const validateTrajectory = createValidator(schema, '#/$defs/trajectory');
const validateRefinement = createValidator(schema, '#/$defs/refinement');

export async function readBundle(bytes: Uint8Array): Promise<ParsedBundle> {
  const sha256 = await sha256Hex(bytes);
  let files: Record<string, Uint8Array>;
  let expanded = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        expanded += f.originalSize;
        if (expanded > MAX_EXPANDED)
          throw new BundleError('This bundle would expand to more than 2 GB; it was not opened.');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError('This file is not a recorder bundle: it is not a readable zip archive.');
  }
  const manifestBytes = files[MANIFEST_PATH];
  if (!manifestBytes) throw new BundleError('This zip is not a recorder bundle: it has no manifest.json.');
  let manifest: Manifest;
  try {
    manifest = parseManifest(JSON.parse(strFromU8(manifestBytes)));
  } catch (e) {
    const why = e instanceof SyntaxError ? 'manifest.json is not valid JSON' : (e as Error).message;
    throw new BundleError(`This bundle cannot be imported: ${why}.`);
  }

  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  if (listed.size !== manifest.files.length) throw new BundleError('The manifest lists a file twice.');
  for (const path of Object.keys(files)) {
    if (path !== MANIFEST_PATH && !listed.has(path)) {
      throw new BundleError(
        `The bundle holds ${path}, which its manifest does not list${PATH_RE.test(path) ? '' : ' (not a bundle file)'}.`,
      );
    }
  }
  for (const f of manifest.files) {
    const data = files[f.path];
    if (!data) throw new BundleError(`The bundle is incomplete: ${f.path} is missing.`);
    if (data.length !== f.size || (await sha256Hex(data)) !== f.sha256) {
      throw new BundleError(`The bundle is corrupt: ${f.path} does not match the checksum in its manifest.`);
    }
  }
  for (const required of [TRAJECTORIES_PATH, REFINEMENTS_PATH, SCHEMA_PATH]) {
    if (!listed.has(required)) throw new BundleError(`The bundle is incomplete: ${required} is missing.`);
  }
  const bundled = JSON.parse(strFromU8(files[SCHEMA_PATH]!)) as { $id?: unknown };
  if (bundled.$id !== schema.$id || manifest.schema.id !== schema.$id) {
    throw new BundleError('The bundle uses a trajectory schema this extension does not know.');
  }

  const ids = new Set(manifest.sessions.map((s) => s.id));
  if (ids.size !== manifest.sessions.length) throw new BundleError('The manifest lists a session twice.');
  for (const f of manifest.files) {
    const owner = /^(?:events|mind2web|userflows)\/([^/.]+)/.exec(f.path)?.[1];
    if (owner && !ids.has(owner)) throw new BundleError(`${f.path} belongs to no session of the manifest.`);
  }

  const trajectories = jsonLines<Trajectory>(
    files[TRAJECTORIES_PATH]!,
    TRAJECTORIES_PATH,
    validateTrajectory,
    ids,
  );
  const refinements = jsonLines<Refinement>(
    files[REFINEMENTS_PATH]!,
    REFINEMENTS_PATH,
    validateRefinement,
    ids,
  );
  for (const s of manifest.sessions) {
    const n = trajectories.filter((t) => t.sessionId === s.id).length;
    if (n !== s.counts.trajectories) {
      throw new BundleError(
        `The manifest counts ${s.counts.trajectories} trajectories for session ${s.id}, the bundle holds ${n}.`,
      );
    }
  }

  const sessions = manifest.sessions.map((meta) => {
    const path = eventsPath(meta.id);
    const data = files[path];
    if (!data) throw new BundleError(`The bundle is incomplete: ${path} is missing.`);
    let events: EventsFile;
    try {
      events = parseEventsFile(strFromU8(data));
    } catch (e) {
      throw new BundleError(`${path} ${(e as Error).message}.`);
    }
    if (events.sessionId !== meta.id) throw new BundleError(`${path} holds the events of another session.`);
    return { meta, events };
  });
  return { sha256, size: bytes.length, manifest, sessions, trajectories, refinements, files };
}

function jsonLines<T>(
  data: Uint8Array,
  path: string,
  validate: ReturnType<typeof createValidator>,
  sessionIds: Set<string>,
): T[] {
  const out: T[] = [];
  const lines = strFromU8(data).split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new BundleError(`${path} line ${i + 1} is not valid JSON.`);
    }
    const errors = validate(value);
    if (errors.length > 0) {
      const e = errors[0]!;
      throw new BundleError(
        `${path} line ${i + 1} does not match the trajectory schema: ${e.path} ${e.message}.`,
      );
    }
    const sessionId = (value as { sessionId: string }).sessionId;
    if (!sessionIds.has(sessionId))
      throw new BundleError(`${path} line ${i + 1} belongs to no session of the manifest.`);
    out.push(value as T);
  }
  return out;
}
