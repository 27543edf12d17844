/**
 * `npm run bench`: runs every benchmark module (or those named on the command line), prints their
 * tables and writes bench/results.json. Speed goals are read here, never asserted in tests.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchResult } from './types';

const MODULES: Record<string, () => Promise<{ run(): Promise<BenchResult> }>> = {
  redaction: () => import('./redaction.bench'),
  segmentation: () => import('./segmentation.bench'),
  capture: () => import('./capture.bench'),
  fidelity: () => import('./fidelity.bench'),
  export: () => import('./export.bench'),
  review: () => import('./review.bench'),
  latency: () => import('./latency.bench'),
  freshness: () => import('./freshness.bench'),
  dataset: () => import('./dataset.bench'),
  render: () => import('./render.bench'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(MODULES);
const file = resolve(import.meta.dirname, 'results.json');
// Running some benchmarks keeps the others' last results (each module's entry carries its own date).
const previous: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const out: Record<string, unknown> = {
  ...previous,
  date: new Date().toISOString(),
  node: process.version,
  cpus: 2,
};

for (const name of names) {
  const load = MODULES[name];
  if (!load) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(MODULES).join(', ')}`);
  const started = performance.now();
  const result = await (await load()).run();
  console.log(`\n## ${result.name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.table(result.rows);
  out[name] = { date: new Date().toISOString(), ...result.results };
}

writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`\nwrote ${file}`);
