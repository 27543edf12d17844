/**
 * `npm start`: serves the demo app and opens Chromium with the built extension loaded. Headed where
 * there is a display; where there is none, it says what to do instead of failing obscurely.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium, QUIET_FLAGS } from './chromium';
import { startDemoServer } from './demo/server';
import { DIST } from './paths';

const port = Number(process.env.DEMO_PORT ?? 4173);
const server = await startDemoServer({ port });
console.log(`Demo app: ${server.url}`);

const hasDisplay =
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform === 'darwin';
if (!hasDisplay) {
  console.log(
    [
      'No display found, so no browser window can open here.',
      `The extension is built in ${DIST}. To use it:`,
      '  - on a machine with a desktop: run `npm start` there, or load dist/ in Chrome',
      '    (chrome://extensions, Developer mode, "Load unpacked", pick the dist folder);',
      '  - here: run it under a virtual display, e.g. `xvfb-run npm start`, or run `npm test`.',
      `The demo app keeps running at ${server.url} until you press Ctrl+C.`,
    ].join('\n'),
  );
} else {
  const profile = mkdtempSync(join(tmpdir(), 'recorder-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: false,
    viewport: null,
    args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}/tickets`);
  console.log(
    'Chromium is open with the recorder. Click its toolbar icon to consent, enable the site and record.',
  );
  context.on('close', () => {
    void server.close().then(() => process.exit(0));
  });
}
