/**
 * The reference receiver as a child process, for e2e: killed with SIGKILL (a crash, not a clean
 * stop) and started again on the same port and directory. Events come as JSON lines (`--events`).
 * A separate process also because Playwright's loader cannot import the JSON Schema the receiver's
 * bundle check imports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ReceiverEvent } from './server';

export interface ReceiverProcess {
  url: string;
  port: number;
  dir: string;
  events: ReceiverEvent[];
  /** The filed bundle with this sha256, if any. */
  bundle(sha256: string): Buffer | null;
  /** SIGKILL: connections drop mid-request, nothing is flushed. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function startReceiverProcess(opts: {
  token: string;
  port?: number;
  dir?: string;
  patchDelayMs?: number;
}): Promise<ReceiverProcess> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'receiver-e2e-'));
  const args = [
    '--import',
    'tsx',
    'e2e/receiver/server.ts',
    '--events',
    '--port',
    String(opts.port ?? 0),
    '--dir',
    dir,
  ];
  if (opts.patchDelayMs) args.push('--patch-delay', String(opts.patchDelayMs));
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, RECEIVER_TOKEN: opts.token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: ReceiverEvent[] = [];
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const listening = new Promise<string>((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`receiver exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let e: ReceiverEvent;
      try {
        e = JSON.parse(line) as ReceiverEvent;
      } catch {
        return;
      }
      events.push(e);
      if (e.type === 'listening') resolveUrl(e.url);
    });
  });
  const url = await listening;
  const filed = (sha: string) => join(dir, 'by-sha256', sha);
  return {
    url,
    port: Number(new URL(url).port),
    dir,
    events,
    bundle: (sha) =>
      existsSync(filed(sha)) ? readFileSync(join(dir, readFileSync(filed(sha), 'utf8'))) : null,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
