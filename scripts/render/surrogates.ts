/**
 * Surrogate values for a session: one value per placeholder (`[EMAIL:k3F9a2]` →
 * `user1@example.com`), the same in the rendered pixels and in the exported actions.
 *
 * The values come from the export's one synthesizer (worker/ship/synthetic.ts: example.com
 * addresses, 555-01xx numbers, "Alex Example"...). It numbers placeholders of a type in the order
 * it first meets them, so it is primed here with every placeholder of the session's events in
 * time order (tabs, then frames, then session events) before anything asks: the n-th address of
 * the session is `usern@example.com` whether the screenshot or the `write()` asks first.
 * Placeholders are keyed per session, so nothing links across sessions.
 */
import type { eventWithTime } from '@rrweb/types';
import { PLACEHOLDER_RE } from '../../shared/placeholder';
import type { EventsFile } from '../../worker/ship/events-file';
import { createSynthesizer, type Synthesizer } from '../../worker/ship/synthetic';

export function sessionSurrogates(file: Pick<EventsFile, 'tabs' | 'frames' | 'sessionEvents'>): Synthesizer {
  const synth = createSynthesizer();
  const prime = (events: readonly eventWithTime[]) => {
    for (const e of events) {
      const text = JSON.stringify(e);
      if (!text.includes('[')) continue;
      for (const m of text.matchAll(new RegExp(PLACEHOLDER_RE.source, 'g'))) synth.value(m[0]);
    }
  };
  for (const t of file.tabs) prime(t.events);
  for (const f of file.frames) prime(f.events);
  prime(file.sessionEvents);
  return synth;
}

/**
 * The events with every placeholder in every string (text, attribute, input value, URL) replaced
 * by its surrogate. Copy-on-write: events without a placeholder are returned as they are.
 */
export function withSurrogates(events: readonly eventWithTime[], synth: Synthesizer): eventWithTime[] {
  const test = new RegExp(PLACEHOLDER_RE.source);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return test.test(v) ? replaceAll(v, synth) : v;
    if (Array.isArray(v)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const next = walk(v[i]);
        if (next !== v[i]) {
          out ??= v.slice();
          out[i] = next;
        }
      }
      return out ?? v;
    }
    if (v !== null && typeof v === 'object') {
      let out: Record<string, unknown> | null = null;
      for (const [k, x] of Object.entries(v)) {
        const next = walk(x);
        if (next !== x) {
          out ??= { ...(v as Record<string, unknown>) };
          out[k] = next;
        }
      }
      return out ?? v;
    }
    return v;
  };
  return events.map((e) => {
    // Cheap pre-check: most events (mouse moves, scrolls) hold no placeholder at all.
    if (!test.test(JSON.stringify(e))) return e;
    return walk(e) as eventWithTime;
  });
}

/** Placeholders only: the page's secret mask stays (a password field shows dots anyway). */
function replaceAll(s: string, synth: Synthesizer): string {
  return s.replace(new RegExp(PLACEHOLDER_RE.source, 'g'), (ph) => synth.value(ph));
}
