import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'redact-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/redact.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
const KEY = '00'.repeat(16);

describe('npm run redact', () => {
  it('redacts JSON lines and a JSON array of records, one output line per record', () => {
    const lines = join(dir, 'in.jsonl');
    writeFileSync(lines, '"mail ana.lima@lumenmail.net"\n{"text":"plain words"}\n');
    const r = cli(lines, '--key', KEY);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^"mail \[EMAIL:[^\]]+\]"\n"plain words"\n$/);
    const array = join(dir, 'in.json');
    writeFileSync(array, JSON.stringify([{ full_text: 'plain' }, 'x']));
    expect(cli(array, '--key', KEY).stdout).toBe('"plain"\n"x"\n');
  });

  it('keeps the other records when one is bad: null in its place, its line on stderr, exit 1', () => {
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, '"first"\n{broken\n42\n"last"\n');
    const r = cli(file, '--key', KEY);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('"first"\nnull\nnull\n"last"\n');
    expect(r.stderr).toContain(`${file}:2: not valid JSON`);
    expect(r.stderr).toContain(`${file}:3: expected a string or a record with a "text" field`);
    expect(r.stderr).toContain('2 records of 4 could not be read');
  });

  it('says in one line that a file is missing or not JSON (exit 1), without a stack trace', () => {
    const missing = cli(join(dir, 'nope.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`redact: cannot read ${join(dir, 'nope.json')}: no such file\n`);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[\n"a",\n{oops}\n]');
    const r = cli(broken);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^redact: ${broken.replace(/[.]/g, '\\.')}:3: not valid JSON`));
    expect(r.stdout).toBe('');
  });

  it('answers --help with its usage on stdout (exit 0) and a wrong command line with exit 2', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: redact FILE/);
    expect(help.stdout).toContain('Exit codes');
    for (const args of [[], ['--bogus'], ['a', 'b'], ['f', '--key', 'zz']]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage:');
    }
  });
});
