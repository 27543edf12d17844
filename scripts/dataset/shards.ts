/**
 * Sharding under a size limit. DuckDB's own FILE_SIZE_BYTES closes a file only after a whole row
 * group, and its row groups hold at least 2,048 rows: with steps that carry a page's HTML each, one
 * row group can be larger than a shard. So shards are cut here, between sessions:
 *
 * - While bundles are read, each config's NDJSON rows go into chunk files of about a
 *   sixteenth of a shard, a session never split across two.
 * - A shard is a run of consecutive chunks whose NDJSON bytes times the Parquet/NDJSON ratio seen so
 *   far (×1.25 for safety; 1 before any shard is written, since Parquet is smaller than the same rows
 *   as JSON) fit the limit. One DuckDB COPY writes it.
 * - A shard that still comes out over the limit (its rows compress worse than those before) is
 *   deleted and planned again with the ratio it showed, which leaves out at least one chunk.
 *
 * Rows follow the input order (folders are read in name order; a session's trajectories and steps
 * in order), so the same inputs give the same files.
 */
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Hugging Face's recommended largest Parquet file. */
export const DEFAULT_SHARD_BYTES = 500 * 1000 * 1000;

export interface Chunk {
  file: string;
  bytes: number;
}

/** Appends one session's rows at a time to chunk files of at most ~`target` bytes each. */
export class ChunkWriter {
  readonly chunks: Chunk[] = [];
  private fd: number | null = null;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly target: number,
  ) {}

  /** One session's rows, NDJSON; kept in one chunk. */
  write(text: string): void {
    if (text.length === 0) return;
    let last = this.chunks.at(-1);
    if (this.fd === null || !last || last.bytes >= this.target) {
      if (this.fd !== null) closeSync(this.fd);
      last = {
        file: join(this.dir, `${this.name}-${String(this.chunks.length).padStart(6, '0')}.ndjson`),
        bytes: 0,
      };
      this.chunks.push(last);
      this.fd = openSync(last.file, 'w');
    }
    last.bytes += writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export interface WrittenShard {
  file: string;
  bytes: number;
  rows: number;
}

/**
 * Writes the chunks as shards of at most `limit` bytes. `write(chunks, file)` writes one shard and
 * resolves to its row count. Shards with no row (every session removed) are dropped; if no shard
 * has a row, the first (empty) one is kept so the config still has a file with its schema.
 */
export async function writeShards(
  chunks: Chunk[],
  limit: number,
  dir: string,
  write: (chunks: Chunk[], file: string) => Promise<number>,
  warn: (line: string) => void,
): Promise<WrittenShard[]> {
  const written: WrittenShard[] = [];
  /** Parquet bytes per NDJSON byte, the largest seen, ×1.25; unknown (1) before the first shard. */
  let ratio: number | null = null;
  let pending = [...chunks];
  let n = 0;
  while (pending.length > 0) {
    const take: Chunk[] = [];
    let sum = 0;
    for (const c of pending) {
      if (take.length > 0 && (sum + c.bytes) * (ratio ?? 1) > limit * 0.95) break;
      take.push(c);
      sum += c.bytes;
    }
    pending = pending.slice(take.length);
    const file = join(dir, `part-${String(n++).padStart(6, '0')}.parquet`);
    const rows = await write(take, file);
    const bytes = statSync(file).size;
    const seen = (bytes / sum) * 1.25;
    ratio = ratio === null ? seen : Math.max(ratio, seen);
    if (bytes > limit && take.length > 1) {
      // Planned again with the larger ratio, which leaves out at least its last chunk.
      rmSync(file);
      pending = [...take, ...pending];
      continue;
    }
    if (bytes > limit) warn(`a shard is ${bytes} bytes, over the ${limit}-byte limit (one session's rows)`);
    written.push({ file, bytes, rows });
  }
  const kept = written.filter((w) => w.rows > 0);
  const out = kept.length > 0 ? kept : written.slice(0, 1);
  for (const w of written) if (!out.includes(w)) rmSync(w.file);
  return out;
}
