/**
 * Segmentation time against session length: synthetic sessions of 10 min, 1 h and 4 h of activity
 * (~30 events/s: mouse moves, scroll bursts, live DOM mutations, clicks, typing, Enter), segmented
 * with observations (cleaned HTML + accessibility text for every step) on.
 *
 * Reported per size: events, steps, time, events/s, heap retained by the result and the process's
 * peak RSS so far (segmentation is one synchronous call, so heap cannot be sampled during it; sizes
 * run smallest first, so peak RSS is the largest run's peak). The scaling exponent is the log-log
 * slope of time against events (1 = linear).
 *
 * `node --import tsx bench/segmentation.bench.ts` prints the table; `run()` is what bench/run.ts calls.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ORIGIN, ticketsPage } from '../worker/trajectory/fixtures/demo';
import { h } from '../worker/trajectory/fixtures/dom';
import { SessionSim, type StreamSim } from '../worker/trajectory/fixtures/recorder';
import { segmentSession } from '../worker/trajectory/index';
import type { BenchResult } from './types';

const SIZES = [
  { name: '10 min', minutes: 10 },
  { name: '1 h', minutes: 60 },
  { name: '4 h', minutes: 240 },
];
const ROWS = 150;

/** A deterministic pseudo-random sequence (no Math.random: runs are comparable). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function page(): ReturnType<typeof ticketsPage> {
  const rows = Array.from({ length: ROWS }, (_, i) =>
    h(
      'tr',
      { 'data-testid': `row-${i}` },
      h(
        'td',
        {},
        h(
          'a',
          { href: `${ORIGIN}/tickets/${i}`, 'data-testid': `link-${i}` },
          `Ticket ${i}: printer on floor ${i % 7} is jammed`,
        ),
      ),
      h('td', {}, `Customer ${i % 31}`),
      h('td', {}, h('span', { class: 'badge' }, i % 3 === 0 ? 'open' : 'pending')),
      h(
        'td',
        {},
        h(
          'button',
          { type: 'button', 'aria-label': `Assign ticket ${i}`, 'data-testid': `assign-${i}` },
          'Assign',
        ),
      ),
    ),
  );
  return [
    ...ticketsPage(),
    h(
      'section',
      { 'aria-label': 'Queue' },
      h('table', { 'data-testid': 'queue' }, h('tbody', { 'data-testid': 'queue-body' }, ...rows)),
    ),
    h(
      'form',
      { 'data-testid': 'note-form' },
      h('label', { for: 'note' }, 'Note'),
      h('input', { id: 'note', name: 'note', 'data-testid': 'note' }),
    ),
  ];
}

export function syntheticSession(minutes: number) {
  const s = new SessionSim();
  const tab = s.tab(1);
  tab.load(`${ORIGIN}/tickets`, 'Acme Desk', page());
  s.activate(1);
  const rnd = lcg(minutes);
  const end = tab.clock.now + minutes * 60_000;
  let liveRow = 0;
  const body = tab.id('queue-body');
  while (tab.clock.now < end) {
    // ~10 s of activity per cycle, ~300 events
    cycle(tab, rnd, body, liveRow++);
  }
  return s.stored();
}

function cycle(tab: StreamSim, rnd: () => number, body: number, n: number): void {
  for (let i = 0; i < 30; i++) tab.mouseMove(Math.floor(rnd() * 1200), Math.floor(rnd() * 780));
  // live updates: a status text changes and rows come and go
  for (let i = 0; i < 150; i++) {
    tab.wait(10);
    const row = tab.id(`row-${Math.floor(rnd() * ROWS)}`);
    tab.setAttributes(row, { 'data-seen': String(n) });
  }
  const id = tab.append(body, h('tr', { class: 'live' }, h('td', {}, `Live update ${n}`)));
  tab.wait(200).remove(body, id);
  // a scroll burst (one action)
  let y = Math.floor(rnd() * 2000);
  for (let i = 0; i < 10; i++) {
    y += 40;
    tab.scroll(1, 0, y);
  }
  // a click on a row button
  tab.wait(600 + Math.floor(rnd() * 800)).click(`assign-${Math.floor(rnd() * ROWS)}`);
  // typing into the note field, committed with Enter
  tab.wait(800).click('note').type('note', 'checked ok', 90).press('note', 'Enter');
  tab.focus(null);
  // the rest of the cycle: more mouse moves and idle time
  for (let i = 0; i < 30; i++) tab.mouseMove(Math.floor(rnd() * 1200), Math.floor(rnd() * 780));
  tab.wait(1000);
}

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

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

export async function run(): Promise<BenchResult> {
  const rows: Record<string, string | number>[] = [];
  const events: number[] = [];
  const times: number[] = [];
  // warm-up: JIT the hot paths so the smallest size is not measured cold
  segmentSession({ sessionId: 'warmup', stored: syntheticSession(2) });
  for (const size of SIZES) {
    const stored = syntheticSession(size.minutes);
    const count = eventCount(stored);
    (globalThis as { gc?: () => void }).gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const result = segmentSession({ sessionId: `bench-${size.minutes}`, stored });
    const ms = performance.now() - t0;
    const heapAfter = process.memoryUsage().heapUsed;
    const steps = result.trajectories.reduce((a, t) => a + t.steps.length, 0);
    const obsBytes = result.trajectories.reduce(
      (a, t) =>
        a + t.steps.reduce((b, st) => b + st.observation.html.length + st.observation.axtree.length, 0),
      0,
    );
    events.push(count);
    times.push(ms);
    rows.push({
      session: size.name,
      events: count,
      steps,
      'time (ms)': Math.round(ms),
      'events/s': Math.round(count / (ms / 1000)),
      'observations (MB)': mb(obsBytes),
      'heap retained (MB)': mb(heapAfter - heapBefore),
      'peak RSS (MB)': mb(process.resourceUsage().maxRSS * 1024),
    });
  }
  const exponent = Math.round(slope(events, times) * 100) / 100;
  const oneHour = rows[1];
  return {
    name: 'segmentation',
    rows,
    results: {
      scalingExponent: exponent,
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
