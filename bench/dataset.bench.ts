/**
 * `dataset build` on 1,000 synthetic bundles (scripts/dataset/synthetic-bundles.ts: the
 * segmentation scenarios and 30 s / 1 min busy-page sessions under new ids, 50 contributors, in a
 * receiver's `<contributor>/<sha256>.zip` layout), plus 10 re-exported sessions (duplicates) and a
 * deletion request for one contributor.
 *
 * Measured as a user runs it: the CLI in a child process, which reports its own wall time and peak
 * RSS (DuckDB's native memory included) and CPU time (all threads). Throughput is MB of bundle files
 * per second of wall time, and per CPU-second (steadier when other work shares the machine). Then the
 * Parquet is read back with DuckDB and with hyparquet and compared with the kept sessions'
 * trajectories.jsonl; the bench fails if either differs.
 *
 * `node --import tsx bench/dataset.bench.ts [COUNT]` prints the table; `run()` is what bench/run.ts calls.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { readWithDuckDb, readWithHyparquet } from '../scripts/dataset/read-back';
import { contributorId, syntheticBundle, writeSyntheticBundles } from '../scripts/dataset/synthetic-bundles';
import { deletionRequest } from '../shared/contributor';
import type { Trajectory } from '../shared/trajectory';
import { readBundle } from '../worker/ship/read-bundle';
import type { BenchResult } from './types';

const ROOT = resolve(import.meta.dirname, '..');
const CONTRIBUTORS = 50;
const DELETED = 7;
const mb = (bytes: number) => Math.round((bytes / 1e6) * 100) / 100;

function dirBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

export async function run(count = 1000): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dataset-bench-'));
  try {
    const store = join(dir, 'store');
    const t0 = performance.now();
    const { files } = await writeSyntheticBundles(store, count, { contributors: CONTRIBUTORS, large: true });
    for (let i = 0; i < 10; i++) {
      const { bundle } = await syntheticBundle(i, {
        contributor: contributorId(i % CONTRIBUTORS),
        exportedAt: Date.UTC(2026, 10, 22),
        large: true,
      });
      writeFileSync(join(store, contributorId(i % CONTRIBUTORS), `${bundle.sha256}.zip`), bundle.bytes);
    }
    mkdirSync(join(store, 'deletion-requests'));
    writeFileSync(
      join(store, 'deletion-requests', 'one.json'),
      JSON.stringify(
        deletionRequest({
          contributorId: contributorId(DELETED),
          scope: 'contributor',
          bundles: [],
          reason: 'consent_withdrawn',
          now: Date.UTC(2026, 10, 23),
        }),
      ),
    );
    const generateSeconds = (performance.now() - t0) / 1000;
    const inputBytes = dirBytes(store);

    const out = join(dir, 'dataset');
    const started = performance.now();
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/dataset.ts', 'build', store, '--out', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const wall = (performance.now() - started) / 1000;
    if (r.status !== 0) throw new Error(`dataset build failed: ${r.stderr}`);
    const seconds = Number(/ ([\d.]+) s \(/.exec(r.stdout)?.[1]);
    const peakMB = Number(/peak memory (\d+) MB/.exec(r.stdout)?.[1]);
    const cpuSeconds = Number(/; ([\d.]+) s CPU\)/.exec(r.stdout)?.[1]);
    const shards = readdirSync(join(out, 'steps')).length;
    const parquetBytes = dirBytes(join(out, 'steps')) + dirBytes(join(out, 'trajectories'));

    // What the dataset must hold: each kept session's trajectories.jsonl (duplicates are the same sessions).
    const expected = new Map<string, Trajectory>();
    for (const f of files) {
      const b = await readBundle(new Uint8Array(readFileSync(f)));
      if (b.manifest.contributorId === contributorId(DELETED)) continue;
      for (const t of b.trajectories) expected.set(t.id, t);
    }
    const want = [...expected.values()].sort(
      (a, b) => a.sessionId.localeCompare(b.sessionId) || a.index - b.index,
    );
    const t1 = performance.now();
    const duck = await readWithDuckDb(out);
    const t2 = performance.now();
    const hyp = await readWithHyparquet(out);
    const t3 = performance.now();
    const duckOk = isDeepStrictEqual(duck, want);
    const hypOk = isDeepStrictEqual(hyp, want);
    if (!duckOk || !hypOk)
      throw new Error(`round trip differs (DuckDB equal: ${duckOk}, hyparquet equal: ${hypOk})`);

    const steps = want.reduce((n, t) => n + t.steps.length, 0);
    const results = {
      bundles: count + 10,
      inputMB: mb(inputBytes),
      trajectories: want.length,
      steps,
      buildSeconds: seconds,
      processWallSeconds: Math.round(wall * 100) / 100,
      bundleMBps: Math.round((mb(inputBytes) / seconds) * 100) / 100,
      cpuSeconds,
      /** MB of bundles per CPU-second (all threads): steadier than wall time on a shared machine. */
      bundleMBperCpuSecond: Math.round((mb(inputBytes) / cpuSeconds) * 100) / 100,
      peakRssMB: peakMB,
      stepShards: shards,
      parquetMB: mb(parquetBytes),
      readBackDuckDbSeconds: Math.round((t2 - t1) / 10) / 100,
      readBackHyparquetSeconds: Math.round((t3 - t2) / 10) / 100,
      roundTripEqual: { duckdb: duckOk, hyparquet: hypOk },
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      summary: r.stdout.trim().split('\n'),
    };
    return {
      name: 'dataset',
      rows: [
        {
          bundles: results.bundles,
          'input (MB)': results.inputMB,
          steps,
          'build (s)': seconds,
          'MB/s': results.bundleMBps,
          'CPU (s)': cpuSeconds,
          'MB/CPU-s': results.bundleMBperCpuSecond,
          'peak RSS (MB)': peakMB,
          'Parquet (MB)': results.parquetMB,
          'round trip': duckOk && hypOk ? 'equal (DuckDB, hyparquet)' : 'DIFFERS',
        },
      ],
      results,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run(Number(process.argv[2] ?? 1000)).then((r) => {
    console.table(r.rows);
    console.log(JSON.stringify(r.results, null, 2));
  });
}
