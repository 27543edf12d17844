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
    expect(r.stdout).toMatch(/1 sessions, 1 trajectories, 7 steps/);
  });

  it('rejects a corrupt bundle with the reason and exit code 1', async () => {
    await ready;
    const r = cli('validate', join(dir, 'corrupt.zip'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^invalid: This file is not a recorder bundle/);
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

  it('explains its usage', () => {
    const r = cli('convert', 'x.zip', '--to', 'csv', '--out', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage:');
  });
});
