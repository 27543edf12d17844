/**
 * Pixels without personal data (issue 17): a task on the demo app with personal data typed and
 * shown on screen, approved and exported; `npm run dataset -- render` draws each step's screenshot
 * from the redacted replay with surrogate values in place of placeholders; OCR (Debian's
 * tesseract) reads every screenshot and finds none of the personal values, while it does find the
 * surrogate values and the app's own words (so a blind OCR cannot pass the test). A second check
 * crops each target box out of the screenshot and compares it with the element's own render.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { AgentNetTask } from '../scripts/render/agentnet';
import type { RenderIndex } from '../scripts/render/types';
import { approveInDb, exportThroughPage, recordTask } from './export-helpers';
import { expect, test } from './fixtures';
import { leaksIn } from './leaks';

const ROOT = resolve(import.meta.dirname, '..');
const INTENT = 'Add a customer and check the list';

/** Made up, shaped like personal data; typed, then shown in the customers table. */
const PII = {
  name: 'Marta Quintero',
  email: 'marta.quintero@lumenmail.net',
  phone: '+1 415 662 0173',
  ssn: '536-22-1987',
};
/** Distinctive pieces OCR might read on their own (a line break, a cut-off cell). */
const PII_TOKENS = ['Quintero', 'marta.quintero', 'lumenmail', '662 0173', '6620173', '536-22-1987'];
/** Words of the app's UI that must be readable: the OCR works on these screenshots. */
const UI_WORDS = ['Customers', 'Full name', 'Email', 'Phone', 'Add customer', 'Subscribe to newsletter'];

/** Types the values into the new-customer form, saves, and looks at the list. */
async function task(page: Page, demoUrl: string): Promise<void> {
  const type = async (label: string, text: string) => {
    await page.getByLabel(label).click();
    await page.getByLabel(label).pressSequentially(text, { delay: 15 });
  };
  await type('Full name', PII.name);
  await type('Email', PII.email);
  await type('Phone', PII.phone);
  await type('Tax ID / SSN', PII.ssn);
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page).toHaveURL(`${demoUrl}/customers`);
  await expect(page.getByTestId('customers-table')).toContainText(PII.name);
  // Actions on the list page: their screenshots show the saved customer's name and address.
  await page.getByRole('columnheader', { name: 'Email' }).click();
  await page.getByTestId('customers-add').click();
  await expect(page).toHaveURL(`${demoUrl}/customers/new`);
  await page.getByLabel('Full name').click();
}

async function recordAndExport(
  page: Page,
  exportPage: Page,
  demoUrl: string,
  recorder: import('./fixtures').RecorderDriver,
  dir: string,
): Promise<string> {
  await fetch(`${demoUrl}/api/reset`, { method: 'POST' });
  await recorder.enable(demoUrl);
  await page.goto(`${demoUrl}/customers/new`);
  const sessionId = await recorder.start(page, { intent: INTENT });
  await task(page, demoUrl);
  await recorder.flush();
  await recorder.stop();
  await approveInDb(await recorder.extensionPage(), sessionId);
  await exportPage.goto(exportPage.url());
  const { bytes, name } = await exportThroughPage(exportPage, INTENT);
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

function render(bundle: string, out: string, extra: string[] = []) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/dataset.ts', 'render', bundle, '--out', out, ...extra],
    { cwd: ROOT, encoding: 'utf8', timeout: 240_000 },
  );
  expect(r.stderr, r.stdout).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(join(out, 'render.json'), 'utf8')) as RenderIndex;
}

function hasTesseract(): boolean {
  return spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).status === 0;
}

function ocr(png: string): string {
  const r = spawnSync('tesseract', [png, 'stdout', '--psm', '3'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

test('rendered screenshots carry surrogate values, and OCR reads no personal value in them', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  const present = hasTesseract();
  if (!present && process.env.CI === 'true')
    throw new Error('tesseract is not installed (.ci/run installs Debian tesseract-ocr)');
  test.skip(!present, 'tesseract is not installed: apt-get install -y tesseract-ocr to run this test');
  test.setTimeout(300_000);

  const dir = mkdtempSync(join(tmpdir(), 'pixels-e2e-'));
  const page = await context.newPage();
  const exportPage = await context.newPage();
  await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
  const bundle = await recordAndExport(page, exportPage, demoUrl, recorder, dir);
  if (process.env.PIXELS_KEEP) {
    mkdirSync(process.env.PIXELS_KEEP, { recursive: true });
    writeFileSync(join(process.env.PIXELS_KEEP, 'bundle.zip'), readFileSync(bundle));
  }

  // The default render (1 screenshot pixel per CSS px), as a dataset gets it.
  const out = join(dir, 'render');
  const index = render(bundle, out, ['--to', 'agentnet']);
  expect(index.steps.length).toBeGreaterThanOrEqual(8);

  const texts = new Map<string, string>();
  for (const s of index.screenshots) texts.set(s.file, ocr(join(out, s.file)));
  const all = [...texts.values()].join('\n');
  writeFileSync(test.info().outputPath('ocr.txt'), all);

  // No personal value, whole or by its distinctive pieces, is readable.
  const planted = { ...PII, ...Object.fromEntries(PII_TOKENS.map((t, i) => [`token${i}`, t])) };
  const squeezed = all.replace(/\s+/g, ' ');
  expect(leaksIn(squeezed, planted)).toEqual([]);
  expect(squeezed.toLowerCase()).not.toContain('quintero');
  expect(all).not.toMatch(/\[[A-Z_]+:[0-9A-Za-z]{6}\]/);
  // OCR may misread the brackets: the type names alone must not be on screen either.
  expect(all).not.toMatch(/\b(?:EMAIL|PHONE|PERSON_NAME|NATIONAL_ID|US_SSN)\s*[:;]/);

  // The OCR does read: the app's words, and the surrogate values the actions also carry.
  for (const w of UI_WORDS) expect(squeezed).toContain(w);
  const tasks = readFileSync(join(out, 'agentnet.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AgentNetTask);
  const writes = tasks
    .flatMap((t) => t.traj.map((s) => /^pyautogui\.write\(message=(".*")\)$/m.exec(s.value.code)?.[1]))
    .filter((m): m is string => m !== undefined)
    .map((m) => JSON.parse(m) as string);
  expect(writes.length).toBeGreaterThanOrEqual(4);
  const surrogateEmail = writes.find((w) => w.includes('@'));
  expect(surrogateEmail).toMatch(/@example\.com$/);
  // Read on a later screenshot (the list shows the saved customer's surrogate address).
  expect(squeezed).toContain(surrogateEmail!);
});

/**
 * How much drawing the element's own render (transparent where it paints nothing) over the
 * screenshot at `box` changes the screenshot there: mean difference per channel (0-255) over the
 * pixels the element paints opaquely. About 0 when the box lands on the element as drawn.
 */
async function overlayChange(
  page: Page,
  full: Buffer,
  part: Buffer,
  box: { x: number; y: number; width: number; height: number },
): Promise<number> {
  return page.evaluate(
    async ({ full, part, box }) => {
      const load = async (b64: string) =>
        createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const [a, b] = await Promise.all([load(full), load(part)]);
      const w = b.width;
      const h = b.height;
      const canvas = () => new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true })!;
      const crop = canvas();
      crop.drawImage(a, Math.floor(box.x), Math.floor(box.y), w, h, 0, 0, w, h);
      const before = crop.getImageData(0, 0, w, h).data;
      crop.drawImage(b, 0, 0);
      const after = crop.getImageData(0, 0, w, h).data;
      const own = canvas();
      own.drawImage(b, 0, 0);
      const alpha = own.getImageData(0, 0, w, h).data;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < before.length; i += 4) {
        // Opaque paint only: drawn twice, translucent paint (a hover tint) darkens where it lies.
        if ((alpha[i + 3] ?? 0) < 255) continue;
        for (let k = 0; k < 3; k++) sum += Math.abs((before[i + k] ?? 0) - (after[i + k] ?? 0));
        n += 3;
      }
      return n ? sum / n : 0;
    },
    { full: full.toString('base64'), part: part.toString('base64'), box },
  );
}

test('target boxes land on the rendered element (IoU with the recording, and the crop matches its own render)', async ({
  context,
  demoUrl,
  recorder,
  extensionId,
}) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'pixels-box-'));
  const page = await context.newPage();
  const intent = 'Answer ticket 3 and add a customer';
  const sessionId = await recordTask(page, demoUrl, recorder, intent);
  await approveInDb(await recorder.extensionPage(), sessionId);
  const exportPage = await context.newPage();
  await exportPage.goto(`chrome-extension://${extensionId}/export.html`);
  const { bytes, name } = await exportThroughPage(exportPage, intent);
  writeFileSync(join(dir, name), bytes);
  // The render bench (bench/render.bench.ts) renders this recording of the demo task.
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results', 'pixels-demo-task.zip'), bytes);
  const out = join(dir, 'render');
  const index = render(join(dir, name), out, ['--element-shots']);

  const boxed = index.steps.filter((s) => s.recordedBox !== null);
  expect(boxed.length).toBeGreaterThanOrEqual(8);
  // The recording's boxes and the rendered elements agree (the renderer's layout is faithful).
  const good = boxed.filter((s) => (s.iou ?? 0) >= 0.9);
  expect(
    good.length / boxed.length,
    JSON.stringify(boxed.map((s) => [s.stepIndex, s.iou])),
  ).toBeGreaterThanOrEqual(0.95);

  // The crop of the screenshot at the exported box is the element as drawn on its own; the
  // same crop shifted by the box's own size is not (the comparison can fail).
  const blank = await context.newPage();
  const diffs: number[] = [];
  const shifted: number[] = [];
  for (const s of index.steps) {
    if (!s.elementShot || !s.box || s.box.width < 8 || s.box.height < 8) continue;
    const full = readFileSync(join(out, s.screenshot));
    const part = readFileSync(join(out, s.elementShot));
    diffs.push(await overlayChange(blank, full, part, s.box));
    const moved = {
      ...s.box,
      y: s.box.y + s.box.height < 700 ? s.box.y + s.box.height : s.box.y - s.box.height,
    };
    shifted.push(await overlayChange(blank, full, part, moved));
  }
  expect(diffs.length).toBeGreaterThanOrEqual(8);
  const matching = diffs.filter((d) => d < 4).length;
  expect(matching / diffs.length, JSON.stringify(diffs)).toBeGreaterThanOrEqual(0.95);
  // Misplaced by its own height, most boxes would be caught.
  expect(
    shifted.filter((d) => d >= 4).length / shifted.length,
    JSON.stringify(shifted),
  ).toBeGreaterThanOrEqual(0.5);
});
