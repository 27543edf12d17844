/**
 * Cost of the freshness hook (issue 13, extension/content/main-world-signal.ts + freshness.ts) on
 * what it hooks, measured in the page: a React-like loop of field value sets (20,000
 * `input.value =` and `checkbox.checked =` on 20 fields, each set followed by a read) and a
 * CSS-in-JS burst (2,000 `insertRule` on one sheet), each as one task, until the frame after (so
 * the isolated world's re-reads at the end of the task are counted). Three modes, interleaved:
 * - off: an origin the user did not enable (no script of ours at all);
 * - hook: an enabled origin, not recording (the main-world wrappers and their signals only);
 * - recording: an enabled origin while recording (wrappers, signals, re-reads, emitted events).
 * Medians of wall-clock ms.
 */
import type { Page } from '@playwright/test';
import { type BenchBrowser, launch } from './extension-session';
import type { BenchResult } from './types';

const REPS = Number(process.env.BENCH_REPS ?? 5);

/** Builds the fields once per page, in the page's own world. */
const SETUP = `(() => {
  const form = document.createElement('form');
  for (let i = 0; i < 20; i++) {
    const t = document.createElement('input'); t.name = 't' + i; form.append(t);
    const c = document.createElement('input'); c.type = 'checkbox'; c.name = 'c' + i; form.append(c);
  }
  const style = document.createElement('style');
  document.head.append(style);
  document.body.append(form);
  window.__bench = { form, sheet: style.sheet };
})()`;

const VALUES = `new Promise((resolve) => {
  const { form } = window.__bench;
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < 10000; i++) {
    const t = form.elements['t' + (i % 20)];
    t.value = 'item ' + i;
    n += t.value.length;
    const c = form.elements['c' + (i % 20)];
    c.checked = !c.checked;
  }
  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0 + n * 0), 0));
})`;

const RULES = `new Promise((resolve) => {
  const { sheet } = window.__bench;
  const t0 = performance.now();
  const base = sheet.cssRules.length;
  for (let i = 0; i < 2000; i++) sheet.insertRule('.css-' + (base + i) + ' { order: ' + i + '; }', sheet.cssRules.length);
  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
})`;

type Mode = 'off' | 'hook' | 'recording';
const MODES: Mode[] = ['off', 'hook', 'recording'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function measure(b: BenchBrowser, mode: Mode): Promise<{ values: number; rules: number }> {
  const base = mode === 'off' ? b.server.crossOriginUrl : b.server.url;
  const page: Page = await b.context.newPage();
  await page.goto(`${base}/append`);
  let sessionId: string | null = null;
  if (mode === 'recording') {
    const tabId = await b.tabIdOf(page.url());
    sessionId = ((await b.message('ui/start', { tabId, intent: 'bench freshness' })) as { sessionId: string })
      .sessionId;
    await page.bringToFront();
    await page.waitForTimeout(500);
  }
  await page.evaluate(SETUP);
  const values = (await page.evaluate(VALUES)) as number;
  const rules = (await page.evaluate(RULES)) as number;
  if (sessionId) {
    await b.message('ui/flush', {});
    await b.message('ui/stop', {});
  }
  await page.close();
  return { values, rules };
}

export async function run(): Promise<BenchResult> {
  const b = await launch();
  const samples: Record<Mode, { values: number[]; rules: number[] }> = {
    off: { values: [], rules: [] },
    hook: { values: [], rules: [] },
    recording: { values: [], rules: [] },
  };
  for (let rep = 0; rep < REPS; rep++) {
    for (const mode of MODES) {
      const r = await measure(b, mode);
      samples[mode].values.push(r.values);
      samples[mode].rules.push(r.rules);
    }
  }
  await b.close();
  const med = (m: Mode, k: 'values' | 'rules') => median(samples[m][k]);
  const results = {
    repetitions: REPS,
    medianMs: Object.fromEntries(MODES.map((m) => [m, { values: med(m, 'values'), rules: med(m, 'rules') }])),
    samples,
  };
  const f = (n: number) => Math.round(n * 10) / 10;
  const rows = (['values', 'rules'] as const).map((k) => ({
    scenario: k === 'values' ? '20k value/checked sets + reads, ms' : '2k insertRule, ms',
    off: f(med('off', k)),
    hook: f(med('hook', k)),
    recording: f(med('recording', k)),
    'hook / off': `${(med('hook', k) / med('off', k)).toFixed(2)}x`,
    'recording / off': `${(med('recording', k) / med('off', k)).toFixed(2)}x`,
  }));
  return { name: `freshness hook cost (Chromium, medians of ${REPS})`, rows, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.table(r.rows);
}
