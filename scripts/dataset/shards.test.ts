import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Chunk, writeShards } from './shards';

const dir = mkdtempSync(join(tmpdir(), 'shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for DuckDB: a shard's size is its chunks' bytes times each chunk's own ratio. */
function fakeWriter(ratioOf: (c: Chunk) => number, log: Chunk[][]) {
  return async (chunks: Chunk[], file: string) => {
    log.push(chunks);
    const size = Math.round(chunks.reduce((n, c) => n + c.bytes * ratioOf(c), 0));
    writeFileSync(file, Buffer.alloc(size));
    return chunks.length;
  };
}

const chunks = (n: number, bytes: number): Chunk[] =>
  Array.from({ length: n }, (_, i) => ({ file: `c${String(i).padStart(2, '0')}`, bytes }));

describe('writeShards', () => {
  it('keeps every shard within the limit and every chunk once, in order, when later rows compress worse', async () => {
    const input = chunks(40, 100);
    const log: Chunk[][] = [];
    // The first ten chunks shrink to a tenth as Parquet, the rest to nine tenths.
    const ratio = (c: Chunk) => (Number(c.file.slice(1)) < 10 ? 0.1 : 0.9);
    const warnings: string[] = [];
    const out = await writeShards(input, 1000, dir, fakeWriter(ratio, log), (l) => warnings.push(l));
    expect(out.every((s) => s.bytes <= 1000)).toBe(true);
    expect(warnings).toEqual([]);
    expect(out.reduce((n, s) => n + s.rows, 0)).toBe(40);
    // A shard planned with the first chunks' ratio came out too large and was planned again.
    expect(log.length).toBeGreaterThan(out.length);
  });

  it('uses the ratio it saw to fill later shards up to the limit', async () => {
    const log: Chunk[][] = [];
    const out = await writeShards(
      chunks(64, 100),
      1000,
      join(dir),
      fakeWriter(() => 0.25, log),
      () => {},
    );
    // The first shard is planned at ratio 1 (9 chunks); then 0.25 × 1.25 lets ~30 chunks in.
    expect(log[0]).toHaveLength(9);
    expect(out.length).toBeLessThan(64 / 9);
    expect(out.every((s) => s.bytes <= 1000)).toBe(true);
  });
});
