/**
 * Finds a Chromium to drive: CHROME_PATH, Debian's chromium, or Google Chrome. Where none is
 * installed it installs Debian's `chromium` when it can (root with apt-get), or stops with the
 * exact command to run. Playwright's own browser download does not work on these machines.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.log('[e2e] no Chromium found: installing Debian package "chromium" (about a minute)…');
    execFileSync(
      '/bin/sh',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'],
      {
        stdio: 'inherit',
      },
    );
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  throw new Error(
    'No Chromium found. Install one with:\n  sudo apt-get update && sudo apt-get install -y chromium\nor set CHROME_PATH to a Chrome/Chromium binary.',
  );
}

/** Flags that keep Chromium quiet on a machine without network access. */
export const QUIET_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
