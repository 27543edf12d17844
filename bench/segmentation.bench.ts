/**
 * Segmentation time against session length: synthetic sessions of 10 min, 1 h and 4 h of activity
 * (~25 events/s on a 150-row page: mouse moves, scroll bursts, live DOM mutations, clicks, typing,
 * Enter; worker/trajectory/fixtures/synthetic.ts), segmented with observations (cleaned HTML +
 * accessibility text for every step) on.
 *
 * Reported per size (each segmented RUNS times; times are medians): events, steps, wall time, CPU
 * time of the process (user + system, so GC helper threads count; steadier than wall time on a
 * busy machine), events/s, the observations' total length, the heap the result retains (two more
 * runs between full GCs, so garbage does not count; a few MB of noise) and the process's peak RSS
 * so far (sizes run smallest first, so it is the largest run's peak; segmentation is one
 * synchronous call, so nothing can be sampled during it). The scaling exponent is the log-log
 * slope of time against events (1 = linear), from wall and from CPU time.
 *
 * Observations are ropes sharing the cached subtrees of the page between steps (view.ts), so the
 * heap they retain is far below their length; serializing a step (JSON) materializes its strings.
 *
 * `node --import tsx bench/segmentation.bench.ts` prints the table; `run()` is what bench/run.ts calls.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { syntheticSession } from '../worker/trajectory/fixtures/synthetic';
import { segmentSession } from '../worker/trajectory/index';
import type { BenchResult } from './types';

const SIZES = [
  { name: '10 min', minutes: 10 },
  { name: '1 h', minutes: 60 },
  { name: '4 h', minutes: 240 },
];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function eventCount(stored: ReturnType<typeof syntheticSession>): number {
  let n = stored.sessionEvents.length;
  for (const t of stored.tabs) n += t.events.length;
  for (const f of stored.frames.values()) n += f.length;
  return n;
}

function slope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return num / den;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

let collect: (() => void) | undefined;

/** A full GC, without needing `node --expose-gc`. */
function gc(): void {
  if (!collect) {
    collect = (globalThis as { gc?: () => void }).gc;
    if (!collect) {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  // Twice: heapUsed counts what the first one has not finished sweeping yet.
  collect();
  collect();
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

interface Measure {
  wall: number;
  cpu: number;
  steps: number;
  obsChars: number;
}

/** One timed segmentation (no forced GC before it: V8 would then spend the run regrowing its heap). */
function measure(stored: ReturnType<typeof syntheticSession>, sessionId: string): Measure {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = segmentSession({ sessionId, stored });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  let steps = 0;
  let obsChars = 0;
  for (const t of result.trajectories) {
    steps += t.steps.length;
    for (const st of t.steps) obsChars += st.observation.html.length + st.observation.axtree.length;
  }
  return { wall, cpu: (cpu.user + cpu.system) / 1000, steps, obsChars };
}

/**
 * Heap the result of one segmentation retains. A function of its own, so no stack slot keeps a
 * previous run's result alive.
 */
function retainedBy(stored: ReturnType<typeof syntheticSession>, sessionId: string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const result = segmentSession({ sessionId, stored });
  gc();
  const retained = process.memoryUsage().heapUsed - before;
  return result.trajectories.length > 0 ? retained : 0;
}

interface SizeResult {
  events: number;
  wall: number;
  cpu: number;
  row: Record<string, string | number>;
}

/** One session size: timed runs, then the heap its result retains (in a frame of its own). */
function benchSize(name: string, minutes: number): SizeResult {
  const stored = syntheticSession(minutes);
  const events = eventCount(stored);
  const runs: Measure[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(measure(stored, `bench-${minutes}`));
  // Twice, keeping the larger: garbage from before that a full GC left behind (it happens) makes
  // one measurement come out too small, never too large.
  const retained = Math.max(retainedBy(stored, `bench-${minutes}`), retainedBy(stored, `bench-${minutes}`));
  const wall = median(runs.map((r) => r.wall));
  const cpu = median(runs.map((r) => r.cpu));
  const last = runs[runs.length - 1]!;
  const row = {
    session: name,
    events,
    steps: last.steps,
    'time (ms)': Math.round(wall),
    'cpu (ms)': Math.round(cpu),
    'events/s': Math.round(events / (wall / 1000)),
    'observations (M chars)': mb(last.obsChars),
    'heap retained (MB)': mb(retained),
    'peak RSS (MB)': mb(process.resourceUsage().maxRSS * 1024),
  };
  return { events, wall, cpu, row };
}

export async function run(): Promise<BenchResult> {
  // warm-up: JIT the hot paths (it takes a few runs) so the smallest size is not measured cold
  const warmup = syntheticSession(10);
  for (let i = 0; i < 4; i++) segmentSession({ sessionId: 'warmup', stored: warmup });
  gc(); // sets itself up (a new context) now, not within a measurement
  const results = SIZES.map((size) => benchSize(size.name, size.minutes));
  const rows = results.map((r) => r.row);
  const events = results.map((r) => r.events);
  const times = results.map((r) => r.wall);
  const cpuTimes = results.map((r) => r.cpu);
  const exponent = Math.round(slope(events, times) * 100) / 100;
  // The same from CPU time: on a busy machine, wall time mostly measures the other processes.
  const cpuExponent = Math.round(slope(events, cpuTimes) * 100) / 100;
  const oneHour = rows[1];
  return {
    name: 'segmentation',
    rows,
    results: {
      scalingExponent: exponent,
      scalingExponentCpu: cpuExponent,
      oneHourMs: oneHour?.['time (ms)'],
      oneHourEvents: oneHour?.events,
      target: '1 h (~100k events) under 3000 ms, exponent ~1',
      meetsTarget: typeof oneHour?.['time (ms)'] === 'number' && oneHour['time (ms)'] < 3000,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((r) => {
    console.table(r.rows);
    console.log(r.results);
  });
}
