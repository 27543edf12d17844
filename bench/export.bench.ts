/**
 * Export throughput and bundle size per recorded minute, in node, on synthetic sessions of 10 and
 * 60 minutes (worker/trajectory/fixtures/synthetic.ts: ~30 events/s of mouse moves, live DOM
 * updates, scrolls, clicks and typing on a 150-row page).
 *
 * Throughput two ways: the session's event JSON (what is stored, uncompressed) over the whole
 * export (segmentation, as shippableSession does, then bundle.ts), and the bundle's files
 * (uncompressed) over bundling alone. Each step carries the page's cleaned HTML and accessibility
 * text, so the files are many times the events. Sizes are from the zip's central directory; the
 * bundle with Mind2Web included (raw_html: the whole page at every step) is measured too.
 *
 * `node --import tsx bench/export.bench.ts` prints the table; `run()` is what bench/run.ts calls.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { buildBundle } from '../worker/ship/bundle';
import { approvedSession, OPTIONS } from '../worker/ship/testing';
import { syntheticSession } from '../worker/trajectory/fixtures/synthetic';
import type { BenchResult } from './types';

const SIZES = [10, 60];
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;

function eventBytes(stored: ReturnType<typeof syntheticSession>): number {
  let n = 0;
  const add = (events: unknown[]) => {
    for (const e of events) n += JSON.stringify(e).length;
  };
  for (const t of stored.tabs) add(t.events);
  for (const f of stored.frames.values()) add(f);
  add(stored.sessionEvents);
  return n;
}

/** Compressed bytes per top-level part of the bundle (events/, mind2web/, trajectories.jsonl, ...). */
function sizeByPart(bytes: Uint8Array): Record<string, number> {
  const out: Record<string, number> = {};
  unzipSync(bytes, {
    filter: (f) => {
      const part = f.name.split('/')[0]!;
      out[part] = (out[part] ?? 0) + f.size;
      return false;
    },
  });
  return out;
}

export async function run(): Promise<BenchResult> {
  const rows: Record<string, string | number>[] = [];
  const results: Record<string, unknown> = {};
  // Warm-up: JIT the hot paths.
  const warm = approvedSession('warmup', syntheticSession(2));
  await buildBundle(['warmup'], async () => warm, OPTIONS);
  for (const minutes of SIZES) {
    const stored = syntheticSession(minutes);
    const input = eventBytes(stored);
    const t0 = performance.now();
    const session = approvedSession(`bench-${minutes}`, stored);
    const t1 = performance.now();
    const bundle = await buildBundle([session.session.id], async () => session, OPTIONS);
    const t2 = performance.now();
    const full = await buildBundle([session.session.id], async () => session, {
      ...OPTIONS,
      formats: { mind2web: true },
    });
    const t3 = performance.now();
    const parts = sizeByPart(bundle.bytes);
    const steps = session.trajectories.reduce((n, t) => n + t.steps.length, 0);
    const written = bundle.manifest.files.reduce((n, f) => n + f.size, 0);
    const total = (t2 - t0) / 1000;
    const zipOnly = (t2 - t1) / 1000;
    const withM2w = (t3 - t2) / 1000;
    rows.push({
      session: `${minutes} min`,
      'events (MB)': mb(input),
      steps,
      'export (s)': Math.round(total * 100) / 100,
      'events MB/s': Math.round((mb(input) / total) * 10) / 10,
      'files MB/s': Math.round(mb(written) / zipOnly),
      'bundle (MB)': mb(bundle.bytes.length),
      'MB / rec. min': Math.round((mb(bundle.bytes.length) / minutes) * 1000) / 1000,
      'trajectories (MB)': mb(parts['trajectories.jsonl'] ?? 0),
      'events part (MB)': mb(parts.events ?? 0),
      '+Mind2Web (MB)': mb(full.bytes.length),
      '+M2W (s)': Math.round(withM2w * 100) / 100,
    });
    results[`${minutes}min`] = {
      eventMB: mb(input),
      steps,
      exportSeconds: total,
      segmentSeconds: (t1 - t0) / 1000,
      exportEventMBps: mb(input) / total,
      bundleFilesMB: mb(written),
      bundleFilesMBps: mb(written) / zipOnly,
      bundleMB: mb(bundle.bytes.length),
      bundleMBPerRecordedMinute: mb(bundle.bytes.length) / minutes,
      withMind2WebMB: mb(full.bytes.length),
      withMind2WebMBPerRecordedMinute: mb(full.bytes.length) / minutes,
      withMind2WebSeconds: withM2w,
      partsMB: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, mb(v)])),
    };
  }
  return { name: 'export', rows, results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((r) => {
    console.table(r.rows);
    console.log(JSON.stringify(r.results, null, 2));
  });
}
