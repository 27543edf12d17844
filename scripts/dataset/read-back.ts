/**
 * Reads a built dataset back into trajectories with two independent Parquet readers: DuckDB (the
 * engine that wrote it) and hyparquet (a pure-JS reader sharing no code with it). The round-trip
 * tests and the bench compare both with the bundles' trajectories.jsonl: equal means no column
 * lost, truncated or retyped a value.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import type { Trajectory } from '../../shared/trajectory';
import { type Columns, readBackList, STEP_COLUMNS, TRAJECTORY_COLUMNS } from './columns';
import { fromRows, plain } from './rows';

const shards = (dir: string, config: string) =>
  readdirSync(join(dir, config))
    .filter((n) => n.endsWith('.parquet'))
    .sort()
    .map((n) => join(dir, config, n));

export async function readWithDuckDb(dir: string): Promise<Trajectory[]> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const read = async (config: string, cols: Columns) => {
      const files = shards(dir, config)
        .map((f) => `'${f.replaceAll("'", "''")}'`)
        .join(', ');
      const r = await con.runAndReadAll(`SELECT ${readBackList(cols)} FROM read_parquet([${files}])`);
      return r.getRowObjectsJS().map((row) => plain(row) as Record<string, unknown>);
    };
    return fromRows(await read('trajectories', TRAJECTORY_COLUMNS), await read('steps', STEP_COLUMNS));
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

export async function readWithHyparquet(dir: string): Promise<Trajectory[]> {
  const read = async (config: string) => {
    const rows: Record<string, unknown>[] = [];
    for (const f of shards(dir, config)) {
      const objects = await parquetReadObjects({
        file: await asyncBufferFromFile(f),
        // Epoch milliseconds with the microseconds kept, as the trajectory schema has them.
        parsers: { timestampFromMicroseconds: (us: bigint) => Number(us) / 1000 },
      });
      for (const o of objects) rows.push(plain(o) as Record<string, unknown>);
    }
    return rows;
  };
  return fromRows(await read('trajectories'), await read('steps'));
}

/** How many rows each shard of a config holds, from the Parquet footers (hyparquet). */
export async function shardRowCounts(dir: string, config: string): Promise<number[]> {
  const out: number[] = [];
  for (const f of shards(dir, config))
    out.push(Number((await parquetMetadataAsync(await asyncBufferFromFile(f))).num_rows));
  return out;
}
