/**
 * Screenshot rendering (issue 17): `dataset render` on a recording of the demo app's scripted task
 * (the bundle e2e/pixels.spec.ts exports to test-results/pixels-demo-task.zip, or PIXELS_BUNDLE),
 * three runs: steps rendered per second (seeks and captures, the browser's start excluded, and
 * all in), MB of screenshots per recorded minute, distinct screenshots, and how many target boxes
 * agree with the rendered element (IoU >= 0.9). Goal: >= 5 steps/s on this 2-core machine.
 *
 * `node --import tsx bench/render.bench.ts` prints the table; `run()` is what bench/run.ts calls.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChromium } from '../e2e/chromium';
import { renderBundle } from '../scripts/render/render';
import { readBundle } from '../worker/ship/read-bundle';
import type { BenchResult } from './types';

const BUNDLE =
  process.env.PIXELS_BUNDLE ?? resolve(import.meta.dirname, '..', 'test-results', 'pixels-demo-task.zip');
const RUNS = 3;

export async function run(): Promise<BenchResult> {
  if (!existsSync(BUNDLE)) {
    const why = `no bundle at ${BUNDLE}: run the pixels e2e first (npx playwright test e2e/pixels.spec.ts) or set PIXELS_BUNDLE`;
    console.log(`render: ${why}`);
    return { name: 'render', rows: [{ skipped: why }], results: { skipped: why } };
  }
  const bundle = await readBundle(new Uint8Array(readFileSync(BUNDLE)));
  const rows: BenchResult['rows'] = [];
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = mkdtempSync(join(tmpdir(), 'render-bench-'));
    const { index } = await renderBundle(bundle, {
      out,
      executablePath: findChromium(),
      scale: 1,
      imageFormat: 'png',
      keepBinaryImages: false,
      elementShots: false,
    });
    rmSync(out, { recursive: true, force: true });
    const s = index.stats;
    const boxed = index.steps.filter((x) => x.iou !== null);
    const r = {
      steps: index.steps.length,
      'steps/s (render)': round(s.stepsPerSecond),
      'steps/s (all in)': round(index.steps.length / s.seconds),
      'MB per recorded min': round(s.screenshotBytes / 1e6 / s.recordedMinutes),
      'distinct screenshots': index.screenshots.length,
      'boxes IoU>=0.9': `${boxed.filter((x) => (x.iou ?? 0) >= 0.9).length}/${boxed.length}`,
    };
    rows.push({ run: i + 1, ...r });
    runs.push({
      stepsPerSecond: s.stepsPerSecond,
      stepsPerSecondAllIn: index.steps.length / s.seconds,
      mbPerRecordedMinute: s.screenshotBytes / 1e6 / s.recordedMinutes,
    });
  }
  const median = (k: string) =>
    runs.map((r) => r[k] ?? 0).sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? 0;
  const results = {
    bundle: BUNDLE,
    runs,
    stepsPerSecond: median('stepsPerSecond'),
    stepsPerSecondAllIn: median('stepsPerSecondAllIn'),
    mbPerRecordedMinute: median('mbPerRecordedMinute'),
    goalStepsPerSecond: 5,
  };
  for (const r of rows) console.log(JSON.stringify(r));
  return { name: 'render', rows, results };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
