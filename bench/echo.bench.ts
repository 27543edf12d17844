/**
 * Echo guard benchmark: MB of event JSON per second through the stream writer's redaction path
 * (walker, typing groups, echo guard; no storage) against the walker alone, in one run on the
 * walker benchmark's corpus. Run directly: `node --import tsx bench/echo.bench.ts`.
 *
 * Rows: the walker alone; typing groups without `settle` and guard (the stream writer before the
 * integration); groups with `settle`; with the guard and typing groups,
 * committed the way the stream writer commits them (input elsewhere, blur, click elsewhere, focus,
 * Enter/Tab); and the worst case, a group left open all along with a typed e-mail, so every
 * string of the corpus is hashed against it.
 */

import { pathToFileURL } from 'node:url';
import type { eventWithTime } from '@rrweb/types';
import { EventType, Interaction, Source } from '../shared/events';
import { EchoGuard } from '../worker/events/echo-guard';
import { FieldIndex } from '../worker/events/field-index';
import { TypingGroups } from '../worker/events/typing-groups';
import { redactEvent } from '../worker/events/walker';
import { createRedactor, type Redactor } from '../worker/redact/index';
import { loadRecorded } from '../worker/trajectory/fixtures/recorded';
import { churnSession, syntheticSession } from '../worker/trajectory/fixtures/synthetic';
import type { BenchResult } from './types';

const PASSES = 6;
type Mode =
  | 'walker only'
  | 'groups, no settle, no guard'
  | 'groups, no guard'
  | 'guard + groups'
  | 'guard, one group always open';

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

/** The stream writer's commit triggers (StreamWriter.commitBefore), for the bench. */
function commitBefore(groups: TypingGroups, event: eventWithTime): void {
  if (event.type === EventType.IncrementalSnapshot) {
    const d = event.data as { source: number; type?: number; id: number };
    if (d.source === Source.Input) groups.closeOthers(d.id);
    else if (d.source === Source.MouseInteraction && d.type === Interaction.Blur) groups.close(d.id);
    else if (d.source === Source.MouseInteraction && d.type === Interaction.Click) groups.closeOthers(d.id);
  } else if (event.type === EventType.Custom) {
    const { tag, payload } = event.data as {
      tag: string;
      payload: { targetId: number; kind?: string; key?: string };
    };
    if (tag === 'rec/focus') groups.closeOthers(payload.targetId);
    else if (tag === 'rec/keystroke' && payload.kind === 'named' && payload.key === 'Enter')
      groups.enter(payload.targetId);
    else if (tag === 'rec/keystroke' && payload.kind === 'named' && payload.key === 'Tab')
      groups.close(payload.targetId);
  }
}

function pass(json: string, r: Redactor, mode: Mode): { wallMs: number; cpuMs: number; held: number } {
  const copy = JSON.parse(json) as eventWithTime[][];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let held = 0;
  const echo = new EchoGuard();
  if (mode === 'guard, one group always open')
    echo.typed('bench\u0000open', 'wilhelmina.vandersloot@kestrelbay.example');
  copy.forEach((events, i) => {
    const fields = new FieldIndex();
    if (mode === 'walker only') {
      for (const e of events) redactEvent(e, { redactor: r, fields, defer: () => false });
      return;
    }
    const groups = new TypingGroups(fields, () => r, echo, `s${i}`);
    events.forEach((e, seq) => {
      commitBefore(groups, e);
      redactEvent(e, {
        redactor: r,
        fields,
        defer: (id, slot) => {
          groups.add(id, slot, seq, e.timestamp);
          return true;
        },
        hold:
          mode === 'groups, no guard' || mode === 'groups, no settle, no guard'
            ? undefined
            : (slot, finish) => {
                if (echo.size === 0) return false; // as StreamWriter.holdEcho
                const h = echo.hold({ ...slot, finish, released: () => groups.release(seq) });
                if (h) {
                  held++;
                  groups.hold(seq);
                }
                return h;
              },
      });
      if (mode !== 'groups, no settle, no guard') groups.settle();
    });
    groups.closeAll();
  });
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, held };
}

export async function run(): Promise<BenchResult> {
  const json = corpus();
  const mb = json.length / 1e6;
  const r = createRedactor({ key: new Uint8Array(32).fill(7) });
  const rows: Record<string, string | number>[] = [];
  const results: Record<string, unknown> = { mb };
  const modes: Mode[] = [
    'walker only',
    'groups, no settle, no guard',
    'groups, no guard',
    'guard + groups',
    'guard, one group always open',
  ];
  for (const m of modes) pass(json, r, m); // warm-up
  const best = new Map<Mode, { wall: number; cpu: number; held: number }>();
  // Interleaved passes: the machine's load hits every mode alike.
  for (let i = 0; i < PASSES; i++) {
    for (const m of modes) {
      const t = pass(json, r, m);
      const b = best.get(m);
      best.set(m, {
        wall: Math.min(b?.wall ?? Number.POSITIVE_INFINITY, t.wallMs),
        cpu: Math.min(b?.cpu ?? Number.POSITIVE_INFINITY, t.cpuMs),
        held: t.held,
      });
    }
  }
  const base = best.get('walker only')!;
  for (const m of modes) {
    const b = best.get(m)!;
    rows.push({
      path: m,
      MB: Number(mb.toFixed(1)),
      'best wall (ms)': Math.round(b.wall),
      'best cpu (ms)': Math.round(b.cpu),
      'MB/s (cpu)': Number((mb / (b.cpu / 1000)).toFixed(1)),
      'cpu vs walker': `${(((b.cpu - base.cpu) / base.cpu) * 100).toFixed(1)} %`,
      'strings held': b.held,
    });
    results[m] = { wallMs: b.wall, cpuMs: b.cpu, held: b.held };
  }
  return { name: 'echo guard', rows, results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((r) => console.table(r.rows));
}
