import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletionRequest } from '../shared/contributor';
import type { Trajectory } from '../shared/trajectory';
import { buildBundle } from '../worker/ship/bundle';
import { readBundle } from '../worker/ship/read-bundle';
import { approvedSession, OPTIONS } from '../worker/ship/testing';
import * as scenarios from '../worker/trajectory/fixtures/scenarios';
import { readWithDuckDb, readWithHyparquet, shardRowCounts } from './dataset/read-back';
import { contributorId, syntheticBundle, writeSyntheticBundles } from './dataset/synthetic-bundles';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'dataset-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/dataset.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

async function bundleFile(): Promise<string> {
  const s = approvedSession('cli-session', scenarios.customerForm().s.stored());
  const b = await buildBundle(['cli-session'], async () => s, OPTIONS);
  const file = join(dir, 'bundle.zip');
  writeFileSync(file, b.bytes);
  writeFileSync(join(dir, 'corrupt.zip'), b.bytes.subarray(0, b.bytes.length - 50));
  return file;
}
const ready = bundleFile();

describe('npm run dataset', () => {
  it('validates a bundle', async () => {
    const r = cli('validate', await ready);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/valid bundle 1\.0\.0, schema 1\.0\.0/);
    expect(r.stdout).toMatch(/1 session, 1 trajectory, 7 steps/);
  });

  it('rejects a corrupt bundle with the reason and exit code 1', async () => {
    await ready;
    const r = cli('validate', join(dir, 'corrupt.zip'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^dataset validate: corrupt\.zip is not a valid bundle: This file is not a recorder bundle/,
    );
  });

  it('converts to JSONL, Mind2Web and UserFlow, and from JSONL to UserFlow', async () => {
    const file = await ready;
    for (const to of ['jsonl', 'mind2web', 'userflow']) {
      const r = cli('convert', file, '--to', to, '--out', join(dir, to));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(readdirSync(join(dir, 'jsonl')).sort()).toEqual(['refinements.jsonl', 'trajectories.jsonl']);
    const tasks = JSON.parse(readFileSync(join(dir, 'mind2web', 'mind2web.json'), 'utf8'));
    expect(tasks[0].confirmed_task).toBe('Create customer Ada Lovelace');
    expect(tasks[0].actions[0].raw_html).toContain('backend_node_id=');
    const flow = JSON.parse(readFileSync(join(dir, 'userflow', 'cli-session-t0.json'), 'utf8'));
    expect(flow.steps[0].type).toBe('setViewport');
    const r = cli(
      'convert',
      join(dir, 'jsonl', 'trajectories.jsonl'),
      '--to',
      'userflow',
      '--out',
      join(dir, 'from-jsonl'),
    );
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'from-jsonl', 'cli-session-t0.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'userflow', 'cli-session-t0.json'), 'utf8'),
    );
  });

  it.each([
    [
      ['convert', 'x.zip', '--to', 'csv', '--out', 'o'],
      'unknown format "csv" for --to (one of jsonl, mind2web, userflow)',
    ],
    [['convert', 'x.zip', '--to', 'jsonl'], '--out DIR is required'],
    [['convert', 'x.zip', '--out', 'o'], '--to is required'],
    [['frobnicate', 'x.zip'], 'unknown command "frobnicate" (one of validate, convert, build'],
    [[], 'a command is needed'],
    [['validate', 'x.zip', '--bogus'], "Unknown option '--bogus'"],
    [['validate'], 'missing BUNDLE.zip'],
  ])('exits 2 and says what was wrong with %j', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(message);
    expect(r.stderr).toContain('usage:');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('prints its usage with --help and exits 0, for the program and each command', () => {
    for (const args of [['--help'], ['convert', '--help'], ['validate', '-h']]) {
      const r = cli(...args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/usage:/);
      expect(r.stderr).toBe('');
    }
  });

  it('names the file and line of a bad JSONL line, and a missing file in one line', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '\n{"not": "a trajectory"\n');
    const bad = cli('convert', file, '--to', 'userflow', '--out', join(dir, 'bad'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^dataset convert: bad\.jsonl:2: not valid JSON/);
    const missing = cli('validate', join(dir, 'nope.zip'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`dataset validate: cannot read ${join(dir, 'nope.zip')}: no such file\n`);
  });
});

/**
 * `build` on 20 bundles in the reference receiver's folder (`bundles/<contributor>/<sha>.zip`,
 * contributors 0..3; its tus `uploads/` folder holds a partial upload that must not be read), plus: a later re-export of
 * session s000003 stored tus-style (no extension, beside a .json metadata file), the same bundle
 * named twice, a corrupt bundle, a contributor-wide deletion request among the inputs (contributor
 * 1: sessions 1, 5, 9, 13, 17), a --deletions file asking for session s000002 (contributor 2's) and
 * a request by contributor 0 naming s000003, which is not theirs and must stay.
 */
describe('npm run dataset -- build', () => {
  const root = join(dir, 'build');
  const inDir = join(root, 'receiver');
  const out = join(root, 'dataset');
  let reexportSha = '';
  let expected: Trajectory[] = [];
  let run: ReturnType<typeof cli>;
  let inputs: string[] = [];

  beforeAll(async () => {
    const { files } = await writeSyntheticBundles(join(inDir, 'bundles'), 20, { contributors: 4 });
    const again = await syntheticBundle(3, {
      contributor: contributorId(3),
      exportedAt: Date.UTC(2026, 10, 22),
    });
    reexportSha = again.bundle.sha256;
    mkdirSync(join(root, 'tus'), { recursive: true });
    writeFileSync(join(root, 'tus', 'a1b2c3'), again.bundle.bytes);
    writeFileSync(join(root, 'tus', 'a1b2c3.json'), JSON.stringify({ id: 'a1b2c3', size: 1 }));
    const good = readFileSync(files[0]!);
    writeFileSync(join(root, 'corrupt.zip'), good.subarray(0, good.length - 40));
    mkdirSync(join(inDir, 'uploads'));
    writeFileSync(join(inDir, 'uploads', '0f3a'), good.subarray(0, 1000));
    mkdirSync(join(inDir, 'deletion-requests'), { recursive: true });
    const request = (who: number, scope: 'contributor' | 'bundles', sessionIds: string[]) =>
      deletionRequest({
        contributorId: contributorId(who),
        scope,
        bundles:
          scope === 'bundles'
            ? [{ sha256: 'f'.repeat(64), sessionIds, endpoint: null, uploadedAt: null }]
            : [],
        reason: 'consent_withdrawn',
        now: Date.UTC(2026, 10, 23),
      });
    writeFileSync(
      join(inDir, 'deletion-requests', 'c1.json'),
      JSON.stringify({ receivedAt: '2026-11-23T10:00:00.000Z', request: request(1, 'contributor', []) }),
    );
    writeFileSync(
      join(root, 'requests.jsonl'),
      `${JSON.stringify(request(2, 'bundles', ['s000002']))}\n${JSON.stringify(request(0, 'bundles', ['s000003']))}\n`,
    );
    const removed = new Set(['s000001', 's000005', 's000009', 's000013', 's000017', 's000002']);
    for (const f of files)
      for (const t of (await readBundle(new Uint8Array(readFileSync(f)))).trajectories)
        if (!removed.has(t.sessionId)) expected.push(t);
    expected = expected.sort((a, b) => a.sessionId.localeCompare(b.sessionId) || a.index - b.index);
    inputs = [
      inDir,
      join(root, 'tus'),
      files[4]!,
      join(root, 'corrupt.zip'),
      '--deletions',
      join(root, 'requests.jsonl'),
    ];
    run = cli('build', ...inputs, '--out', out);
  }, 120_000);

  it('exits 0, reports what it left out and names the corrupt bundle', () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/14 sessions, .* in 1 steps shard and 1 trajectories shard/);
    expect(run.stdout).toMatch(
      /from 21 bundles .*1 duplicate session, 6 sessions by 3 deletion requests, 1 invalid bundle, 1 repeated bundle/,
    );
    expect(run.stderr).toMatch(
      /skipped .*corrupt\.zip: not a valid bundle: This file is not a recorder bundle/,
    );
    expect(run.stderr).not.toMatch(/uploads/);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'removals.jsonl', 'steps', 'trajectories']);
    expect(readdirSync(join(out, 'steps'))).toEqual(['train-00000-of-00001.parquet']);
  });

  it("reads back equal to the bundles' trajectories.jsonl with DuckDB and with hyparquet", async () => {
    expect(expected.length).toBeGreaterThanOrEqual(14);
    expect(await readWithDuckDb(out)).toEqual(expected);
    expect(await readWithHyparquet(out)).toEqual(expected);
  }, 60_000);

  it('keeps the latest export of a duplicated session and logs every removal', () => {
    const removals = readFileSync(join(out, 'removals.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const dup = removals.filter((r) => r.reason === 'duplicate');
    expect(dup).toEqual([expect.objectContaining({ sessionId: 's000003', keptBundleSha256: reexportSha })]);
    expect(
      removals.filter((r) => r.reason === 'deletion_request').map((r) => [r.sessionId, r.request.scope]),
    ).toEqual([
      ['s000001', 'contributor'],
      ['s000002', 'bundles'],
      ['s000005', 'contributor'],
      ['s000009', 'contributor'],
      ['s000013', 'contributor'],
      ['s000017', 'contributor'],
    ]);
  });

  it('writes a dataset card declaring both configs, their features and the counts', () => {
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    const header = card.split('\n---\n')[0]!;
    expect(header).toMatch(
      /configs:\n- config_name: steps\n {2}default: true\n {2}data_files:\n {2}- split: train\n {4}path: steps\/train-\*/,
    );
    expect(header).toMatch(
      /- config_name: trajectories\n {2}data_files:\n {2}- split: train\n {4}path: trajectories\/train-\*/,
    );
    expect(header).toMatch(/ {2}- name: target\n {4}struct:\n {4}- name: uid\n {6}dtype: string/);
    expect(header).toMatch(/ {2}- name: started_at\n {4}dtype: timestamp\[us, tz=UTC\]/);
    const steps = expected.reduce((n, t) => n + t.steps.length, 0);
    expect(header).toContain(`num_examples: ${steps}`);
    expect(header).toContain(`num_examples: ${expected.length}`);
    expect(card).toMatch(/14 sessions from 3 contributors/);
    expect(card).toMatch(/3 deletion request\(s\) applied: 6 session\(s\) removed/);
  });

  it('splits a config into train-0000i-of-0000N shards under --shard-mb, each within the limit', async () => {
    const small = join(root, 'small');
    const r = cli('build', ...inputs, '--out', small, '--shard-mb', '0.03');
    expect(r.stderr).not.toMatch(/over the/);
    expect(r.status).toBe(0);
    const names = readdirSync(join(small, 'steps')).sort();
    expect(names.length).toBeGreaterThan(1);
    const n = String(names.length).padStart(5, '0');
    expect(names).toEqual(names.map((_, i) => `train-${String(i).padStart(5, '0')}-of-${n}.parquet`));
    for (const f of names) expect(statSync(join(small, 'steps', f)).size).toBeLessThanOrEqual(30_000);
    expect((await shardRowCounts(small, 'steps')).every((c) => c > 0)).toBe(true);
    expect(await readWithHyparquet(small)).toEqual(expected);
  }, 60_000);

  it.each([
    [
      ['build', 's3://bucket/prefix', '--out', '/tmp/x'],
      2,
      /only local files and folders are read; copy the prefix to a folder first/,
    ],
    [['build', '--out', '/tmp/x'], 2, /missing IN/],
    [['build', 'x'], 2, /--out DIR is required/],
    [
      ['build', join(dir, 'corrupt.zip'), '--out', join(dir, 'none')],
      1,
      /no valid bundle among 1 input file\(s\) \(1 invalid\)/,
    ],
  ])(
    '%j exits %i with a one-line reason',
    async (args, code, message) => {
      await ready;
      const r = cli(...args);
      expect(r.status).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );

  it('refuses to write over an earlier dataset without --force', () => {
    const r = cli('build', inDir, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already holds a dataset .*pass --force to replace it/);
  }, 60_000);
});
