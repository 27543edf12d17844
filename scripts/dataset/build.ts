/**
 * `dataset build`: many bundles → one Parquet dataset in the Hugging Face layout (configs `steps`
 * and `trajectories`, `<config>/train-0000i-of-0000N.parquet`, a README.md dataset card).
 *
 * How it stays within memory: bundles are read and checked one at a time (readBundle: manifest,
 * hashes, schema) and turned into NDJSON rows appended to temporary files; only one small record per
 * session stays in memory (for duplicates and deletions). DuckDB then reads the NDJSON with
 * explicit column types and writes Parquet one shard at a time (shards.ts), streaming: rows keep
 * the input order (no sort, which would hold a whole shard), and each row group is cut at about
 * 64 MB of rows (at least 2,048 rows), so memory is bounded by a row group, not by the dataset.
 *
 * Which copy of a session is kept: sessions are identified by id; when several bundles hold one
 * (a re-export, the same upload twice), the copy from the latest export is kept (ties: the smaller
 * bundle sha256), so a session re-exported after "redact more" ships redacted. Deletion requests
 * are applied after that, to every copy; each removal is one line of removals.jsonl.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BundleError, readBundle } from '../../worker/ship/read-bundle';
import { DataError, readInput } from '../cli';
import { type DatasetCard, writeCard } from './card';
import { type Columns, readJsonColumns, STEP_COLUMNS, selectList, TRAJECTORY_COLUMNS } from './columns';
import { type DeletionRequest, deletionFor, readDeletionFile } from './deletions';
import { collectInputs } from './inputs';
import { type Provenance, stepRow, trajectoryRow } from './rows';
import { type Chunk, ChunkWriter, DEFAULT_SHARD_BYTES, type WrittenShard, writeShards } from './shards';

export interface BuildOptions {
  inputs: string[];
  /** `--deletions` files or folders (deletion-requests/ folders among the inputs are read too). */
  deletions: string[];
  out: string;
  /** Largest shard (default 500 MB). */
  shardBytes?: number;
  /** Replace the dataset files of an earlier build in `out`. */
  force?: boolean;
  license?: string;
  /** DuckDB's memory limit, e.g. `2GB` (default: DuckDB's, 80 % of RAM); past it DuckDB spills. */
  memoryLimit?: string;
  /** Progress and warnings, one line each (stderr in the CLI). */
  warn?: (line: string) => void;
}

export interface Removal {
  sessionId: string;
  bundleSha256: string;
  contributorId: string;
  reason: 'deletion_request' | 'duplicate';
  /** deletion_request: the request's file name (not its path: the log ships with the data), scope, reason and time. */
  request?: { file: string; scope: string; reason: string; requestedAt: string };
  /** duplicate: the bundle whose copy was kept. */
  keptBundleSha256?: string;
}

export interface BuildReport {
  bundlesRead: number;
  bundleBytes: number;
  invalid: { file: string; why: string }[];
  repeatedBundles: number;
  ignoredFiles: number;
  deletionRequests: number;
  removals: Removal[];
  sessions: number;
  trajectories: number;
  steps: number;
  shards: { steps: string[]; trajectories: string[] };
  /** Largest shard written, in bytes. */
  largestShard: number;
}

interface SessionInfo {
  sessionId: string;
  bundleSha256: string;
  contributorIds: string[];
  exportedAt: number;
  consentVersion: string;
  redactions: Record<string, number>;
  notCovered: string[];
}

const DATASET_FILES = ['steps', 'trajectories', 'README.md', 'removals.jsonl'];

export async function buildDataset(opts: BuildOptions): Promise<BuildReport> {
  const warn = opts.warn ?? (() => {});
  const shardBytes = opts.shardBytes ?? DEFAULT_SHARD_BYTES;
  const inputs = collectInputs(opts.inputs, opts.deletions);
  const requests: DeletionRequest[] = inputs.deletionFiles.flatMap(readDeletionFile);
  prepareOut(opts.out, opts.force ?? false);
  const tmp = join(opts.out, '.build-tmp');
  mkdirSync(tmp, { recursive: true });
  try {
    const read = await readBundles(inputs.bundles, tmp, shardBytes, warn);
    if (read.sessions.length === 0)
      throw new DataError(
        `no valid bundle among ${inputs.bundles.length} input file(s)${read.invalid.length ? ` (${read.invalid.length} invalid)` : ''}`,
      );
    const { keep, removals } = choose(read.sessions, requests);
    writeJsonl(
      join(tmp, 'keep.ndjson'),
      keep.map((s) => ({ session_id: s.sessionId, bundle_sha256: s.bundleSha256 })),
    );
    writeJsonl(join(opts.out, 'removals.jsonl'), removals);

    const written = await writeParquet(tmp, opts.out, shardBytes, read, opts.memoryLimit, warn).catch(
      (e: unknown) => {
        const msg = e instanceof Error ? e.message : String(e);
        if (!/Out of Memory/i.test(msg)) throw e;
        throw new DataError(
          `DuckDB ran out of memory (${msg.split('\n')[0]}): raise --memory-limit, or leave it unset`,
        );
      },
    );
    const card: DatasetCard = {
      license: opts.license ?? 'other',
      counts: {
        bundles: read.bundles,
        sessions: keep.length,
        contributors: new Set(keep.map((s) => s.contributorIds[0])).size,
        trajectories: written.trajectories.rows,
        steps: written.steps.rows,
        duplicates: removals.filter((r) => r.reason === 'duplicate').length,
        deleted: removals.filter((r) => r.reason === 'deletion_request').length,
        deletionRequests: requests.length,
        invalidBundles: read.invalid.length,
      },
      consentVersions: tally(keep.map((s) => s.consentVersion)),
      redactions: keep.reduce<Record<string, number>>((acc, s) => {
        for (const [k, n] of Object.entries(s.redactions)) acc[k] = (acc[k] ?? 0) + n;
        return acc;
      }, {}),
      notCovered: [...new Set(keep.flatMap((s) => s.notCovered))].sort(),
      configs: {
        steps: { columns: STEP_COLUMNS, rows: written.steps.rows, bytes: written.steps.bytes },
        trajectories: {
          columns: TRAJECTORY_COLUMNS,
          rows: written.trajectories.rows,
          bytes: written.trajectories.bytes,
        },
      },
    };
    writeCard(join(opts.out, 'README.md'), card);
    const largestShard = Math.max(...written.steps.sizes, ...written.trajectories.sizes);
    if (largestShard > shardBytes)
      warn(`a shard is ${largestShard} bytes, over the ${shardBytes}-byte limit (one row group is larger)`);
    return {
      bundlesRead: read.bundles,
      bundleBytes: read.bytes,
      invalid: read.invalid,
      repeatedBundles: read.repeated,
      ignoredFiles: inputs.ignored,
      deletionRequests: requests.length,
      removals,
      sessions: keep.length,
      trajectories: written.trajectories.rows,
      steps: written.steps.rows,
      shards: { steps: written.steps.files, trajectories: written.trajectories.files },
      largestShard,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function prepareOut(out: string, force: boolean): void {
  if (existsSync(out)) {
    const present = readdirSync(out).filter((n) => DATASET_FILES.includes(n));
    if (present.length > 0 && !force)
      throw new DataError(
        `${out} already holds a dataset (${present.join(', ')}); pass --force to replace it`,
      );
    for (const n of present) rmSync(join(out, n), { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
}

interface ReadResult {
  sessions: SessionInfo[];
  bundles: number;
  bytes: number;
  invalid: { file: string; why: string }[];
  repeated: number;
  chunks: { steps: Chunk[]; trajectories: Chunk[] };
  rows: { steps: number; trajectories: number };
  bytesOf: { steps: number; trajectories: number };
  /** Longest row as JSON (DuckDB's JSON reader must be told; its buffers are twice that). */
  longestRow: number;
}

/** Pass over the bundles: check each, append its rows to the NDJSON files, keep one record per session. */
async function readBundles(
  files: string[],
  tmp: string,
  shardBytes: number,
  warn: (l: string) => void,
): Promise<ReadResult> {
  const chunkBytes = Math.max(16 * 1024, Math.floor(shardBytes / 16));
  const stepsOut = new ChunkWriter(tmp, 'steps', chunkBytes);
  const trajOut = new ChunkWriter(tmp, 'trajectories', chunkBytes);
  const seen = new Map<string, string>();
  const r: ReadResult = {
    sessions: [],
    bundles: 0,
    bytes: 0,
    invalid: [],
    repeated: 0,
    chunks: { steps: stepsOut.chunks, trajectories: trajOut.chunks },
    rows: { steps: 0, trajectories: 0 },
    bytesOf: { steps: 0, trajectories: 0 },
    longestRow: 0,
  };
  try {
    for (const file of files) {
      const bytes = readInput(file);
      let bundle: Awaited<ReturnType<typeof readBundle>>;
      try {
        bundle = await readBundle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
      } catch (e) {
        if (!(e instanceof BundleError)) throw e;
        r.invalid.push({ file, why: e.message });
        warn(`skipped ${file}: not a valid bundle: ${e.message}`);
        continue;
      }
      const earlier = seen.get(bundle.sha256);
      if (earlier) {
        r.repeated++;
        warn(`skipped ${file}: the same bundle as ${earlier}`);
        continue;
      }
      seen.set(bundle.sha256, file);
      r.bundles++;
      r.bytes += bytes.length;
      const m = bundle.manifest;
      const exportedAt = Date.parse(m.exportedAt);
      for (const s of m.sessions) {
        const p: Provenance = {
          contributorId: s.contributorId,
          bundleSha256: bundle.sha256,
          origins: s.origins,
          consentVersion: s.consent.version,
          consentAcceptedAt: s.consent.acceptedAt,
          approvedAt: s.review.approvedAt,
          exportedAt,
        };
        let steps = '';
        let trajs = '';
        for (const t of bundle.trajectories) {
          if (t.sessionId !== s.id) continue;
          const tr = JSON.stringify(trajectoryRow(t, p));
          trajs += `${tr}\n`;
          r.longestRow = Math.max(r.longestRow, tr.length);
          for (const step of t.steps) {
            const row = JSON.stringify(stepRow(t, step, p));
            steps += `${row}\n`;
            r.longestRow = Math.max(r.longestRow, row.length);
          }
          r.rows.trajectories++;
          r.rows.steps += t.steps.length;
        }
        stepsOut.write(steps);
        trajOut.write(trajs);
        r.sessions.push({
          sessionId: s.id,
          bundleSha256: bundle.sha256,
          contributorIds: [...new Set([s.contributorId, m.contributorId])],
          exportedAt,
          consentVersion: s.consent.version,
          redactions: s.redactions,
          notCovered: m.redaction.notCovered,
        });
      }
    }
  } finally {
    stepsOut.close();
    trajOut.close();
    r.bytesOf.steps = stepsOut.chunks.reduce((n, c) => n + c.bytes, 0);
    r.bytesOf.trajectories = trajOut.chunks.reduce((n, c) => n + c.bytes, 0);
  }
  return r;
}

/** One copy of each session (the latest export), less what deletion requests remove. */
export function choose(
  sessions: SessionInfo[],
  requests: DeletionRequest[],
): { keep: SessionInfo[]; removals: Removal[] } {
  const byId = new Map<string, SessionInfo[]>();
  for (const s of sessions) byId.set(s.sessionId, [...(byId.get(s.sessionId) ?? []), s]);
  const keep: SessionInfo[] = [];
  const removals: Removal[] = [];
  for (const copies of [...byId.values()]) {
    copies.sort((a, b) => b.exportedAt - a.exportedAt || a.bundleSha256.localeCompare(b.bundleSha256));
    const [kept, ...dropped] = copies as [SessionInfo, ...SessionInfo[]];
    const request = copies.map((c) => deletionFor(c, requests)).find((x) => x !== null);
    for (const d of dropped)
      removals.push({
        sessionId: d.sessionId,
        bundleSha256: d.bundleSha256,
        contributorId: d.contributorIds[0]!,
        reason: 'duplicate',
        keptBundleSha256: kept.bundleSha256,
      });
    if (request) {
      removals.push({
        sessionId: kept.sessionId,
        bundleSha256: kept.bundleSha256,
        contributorId: kept.contributorIds[0]!,
        reason: 'deletion_request',
        request: {
          file: basename(request.file),
          scope: request.scope,
          reason: request.reason,
          requestedAt: request.requestedAt,
        },
      });
    } else keep.push(kept);
  }
  keep.sort((a, b) => a.sessionId.localeCompare(b.sessionId));
  removals.sort((a, b) => a.sessionId.localeCompare(b.sessionId) || a.reason.localeCompare(b.reason));
  return { keep, removals };
}

interface Written {
  files: string[];
  sizes: number[];
  rows: number;
  bytes: number;
}

async function writeParquet(
  tmp: string,
  out: string,
  shardBytes: number,
  read: ReadResult,
  memoryLimit: string | undefined,
  warn: (line: string) => void,
): Promise<{ steps: Written; trajectories: Written }> {
  const db = await DuckDBInstance.create(':memory:', {
    temp_directory: join(tmp, 'duckdb'),
    ...(memoryLimit ? { memory_limit: memoryLimit } : {}),
  });
  const con = await db.connect();
  try {
    await con.run(`SET TimeZone = 'UTC'`);
    await con.run(
      `CREATE TEMP TABLE keep AS SELECT * FROM read_json('${sqlPath(join(tmp, 'keep.ndjson'))}', format = 'newline_delimited', columns = {session_id: 'VARCHAR', bundle_sha256: 'VARCHAR'})`,
    );
    const config = async (name: 'steps' | 'trajectories', cols: Columns) => {
      const dir = join(out, name);
      mkdirSync(dir, { recursive: true });
      const shards = await writeShards(
        read.chunks[name],
        shardBytes,
        dir,
        async (chunks, file) => {
          const list = chunks.map((c) => `'${sqlPath(c.file)}'`).join(', ');
          // The writer holds a row group in memory until it is full: ~64 MB of rows (as JSON) per group
          // keeps memory flat however large the page snapshots are (DuckDB rounds up to 2,048 rows).
          const rows = read.rows[name] || 1;
          // String length, not bytes: ×4 covers any UTF-8.
          const maxObject = Math.max(16 * 2 ** 20, read.longestRow * 4);
          const groupRows = Math.min(
            122_880,
            Math.max(2048, Math.floor((64 * 2 ** 20 * rows) / read.bytesOf[name])),
          );
          const r = await con.runAndReadAll(
            `COPY (SELECT ${selectList(cols, 'r')} FROM read_json([${list}], format = 'newline_delimited', maximum_object_size = ${maxObject}, columns = ${readJsonColumns(cols)}) r
              SEMI JOIN keep k ON r.session_id = k.session_id AND r.bundle_sha256 = k.bundle_sha256)
             TO '${sqlPath(file)}' (FORMAT parquet, ROW_GROUP_SIZE ${groupRows})`,
          );
          return Number(r.getRows()[0]?.[0] ?? 0);
        },
        warn,
      );
      return renameShards(dir, shards);
    };
    const steps = await config('steps', STEP_COLUMNS);
    const trajectories = await config('trajectories', TRAJECTORY_COLUMNS);
    return { steps, trajectories };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

/** `part-<i>.parquet` → Hugging Face's `train-0000i-of-0000N.parquet`. */
function renameShards(dir: string, shards: WrittenShard[]): Written {
  const n = String(shards.length).padStart(5, '0');
  const files = shards.map((s, i) => {
    const to = join(dir, `train-${String(i).padStart(5, '0')}-of-${n}.parquet`);
    renameSync(s.file, to);
    return to;
  });
  const sizes = shards.map((s) => s.bytes);
  return {
    files,
    sizes,
    rows: shards.reduce((a, s) => a + s.rows, 0),
    bytes: sizes.reduce((a, b) => a + b, 0),
  };
}

const sqlPath = (p: string) => p.replaceAll("'", "''");

function writeJsonl(file: string, rows: unknown[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const r of rows) writeSync(fd, `${JSON.stringify(r)}\n`);
  } finally {
    closeSync(fd);
  }
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
