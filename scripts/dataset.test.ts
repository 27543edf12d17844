import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../worker/export/bundle';
import { approvedSession, OPTIONS } from '../worker/export/testing';
import * as scenarios from '../worker/trajectory/fixtures/scenarios';

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
    [['frobnicate', 'x.zip'], 'unknown command "frobnicate" (one of validate, convert)'],
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
