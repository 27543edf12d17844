/**
 * Walker benchmark: MB of event JSON per second through redactEvent (strict rebuild, redaction,
 * census) on recorded and simulated sessions, with an identity redactor (the walker's own cost)
 * and with the real one. Run directly: `node --import tsx bench/walker.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import type { eventWithTime } from '@rrweb/types';
import { FieldIndex } from '../worker/events/field-index';
import { redactEvent } from '../worker/events/walker';
import { createRedactor, type Redactor } from '../worker/redact/index';
import { loadRecorded } from '../worker/trajectory/fixtures/recorded';
import { churnSession, syntheticSession } from '../worker/trajectory/fixtures/synthetic';
import type { BenchResult } from './types';

const PASSES = 6;

function corpus(): string {
  const streams: eventWithTime[][] = [];
  for (const s of [
    loadRecorded('customer-task'),
    loadRecorded('tickets-task'),
    loadRecorded('widgets-tabs-task'),
    syntheticSession(40),
    churnSession(800),
  ]) {
    for (const t of s.tabs) streams.push(t.events);
    for (const f of s.frames.values()) streams.push(f);
    streams.push(s.sessionEvents);
  }
  return JSON.stringify(streams);
}

const identity: Redactor = {
  text: (s) => s,
  url: (s) => s,
  srcset: (s) => s,
  field: (s) => s,
  group: (v) => v,
  report: () => ({ counts: {}, dropped: 0, notCovered: [] }),
};

/** One pass over a fresh copy; returns wall and CPU milliseconds (parsing not timed). */
function pass(json: string, r: Redactor): { wallMs: number; cpuMs: number } {
  const copy = JSON.parse(json) as eventWithTime[][];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const events of copy) {
    const fields = new FieldIndex();
    for (const e of events) redactEvent(e, { redactor: r, fields, defer: () => true });
  }
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export async function run(): Promise<BenchResult> {
  const json = corpus();
  const mb = json.length / 1e6;
  const rows: Record<string, string | number>[] = [];
  const results: Record<string, unknown> = { mb };
  for (const [name, r] of [
    ['identity redactor', identity],
    ['real redactor', createRedactor({ key: new Uint8Array(32).fill(7) })],
  ] as const) {
    pass(json, r); // warm-up
    let wall = Number.POSITIVE_INFINITY;
    let cpu = Number.POSITIVE_INFINITY;
    for (let i = 0; i < PASSES; i++) {
      const t = pass(json, r);
      wall = Math.min(wall, t.wallMs);
      cpu = Math.min(cpu, t.cpuMs);
    }
    rows.push({
      redactor: name,
      MB: Number(mb.toFixed(1)),
      'best wall (ms)': Math.round(wall),
      'MB/s': Number((mb / (wall / 1000)).toFixed(1)),
      'MB/s (cpu)': Number((mb / (cpu / 1000)).toFixed(1)),
    });
    results[name] = { wallMs: wall, cpuMs: cpu, mbPerSec: mb / (wall / 1000) };
  }
  return { name: 'walker', rows, results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((r) => console.table(r.rows));
}
