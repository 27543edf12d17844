/**
 * Two batchers in front of the stream link, so that a typing group holds only typing.
 *
 * The worker holds a whole batch while any field value in it belongs to an open typing group
 * (until blur, Enter, Tab, focus elsewhere or 4 s idle), so every other event that shared the
 * batch (mutations, scrolls, layout) waited too: seconds, while typing (issue 13,
 * bench/latency.bench.ts). Field values (rrweb Input events, typed or set by the page) and the
 * printable keystrokes around them now travel in batches of their own ("values"); everything else
 * in the other lane, written at once.
 *
 * Two orders matter. The worker redacts in batch order; readers order a tab's events by timestamp
 * (ties: batch order). A value may move ahead of other events captured before it, never behind
 * one captured after it, under these rules:
 * - values are sent before any other event captured after them (the values lane is flushed
 *   before the other lane is sent): an echo of a typed value still reaches the worker after the
 *   value, and the echo guard holds it;
 * - an event that commits a group (click, blur, focus, Enter, Tab) flushes the values before it
 *   and is sent at once, so no value typed after a commit reaches the worker before that commit;
 * - a value joins the values lane only if every pending other event has an earlier timestamp and
 *   none of them adds a field; otherwise both lanes are sent first. So where the two lanes
 *   interleave, timestamps order them as captured (within a millisecond, batch order does), and a
 *   field's value never reaches the worker before the field.
 */
import { EventType, Interaction, Source } from '../../shared/events';
import { Batcher } from './batcher';

type Out = (json: string, count: number) => void;

/** rrweb Input events, and our printable keystrokes (they come within the same ms as Input). */
const isValue = (e: unknown): boolean => {
  const x = e as { type?: unknown; data?: { source?: unknown; tag?: unknown; payload?: { kind?: unknown } } };
  if (x.type === EventType.IncrementalSnapshot) return x.data?.source === Source.Input;
  return (
    x.type === EventType.Custom && x.data?.tag === 'rec/keystroke' && x.data.payload?.kind === 'printable'
  );
};

const FIELD_TAGS = new Set(['input', 'textarea', 'select']);

/** A mutation that adds a form field (a value for it must not reach the worker first). */
const addsField = (e: unknown): boolean => {
  const x = e as { type?: unknown; data?: { source?: unknown; adds?: { node?: { tagName?: unknown } }[] } };
  if (x.type !== EventType.IncrementalSnapshot || x.data?.source !== Source.Mutation) return false;
  return (x.data.adds ?? []).some((a) => FIELD_TAGS.has(String(a.node?.tagName ?? '')));
};

const timestampOf = (e: unknown): number => {
  const t = (e as { timestamp?: unknown }).timestamp;
  return typeof t === 'number' ? t : Number.POSITIVE_INFINITY;
};

/**
 * Events on which the worker commits a group (worker/recording/stream-writer.ts `commitBefore`, keep the
 * two in step): rrweb's click and blur, our focus, Enter and Tab. Sent at once, values first.
 */
const isCommit = (e: unknown): boolean => {
  const x = e as {
    type?: unknown;
    data?: { source?: unknown; type?: unknown; tag?: unknown; payload?: { kind?: unknown; key?: unknown } };
  };
  if (x.type === EventType.IncrementalSnapshot)
    return (
      x.data?.source === Source.MouseInteraction &&
      (x.data.type === Interaction.Click || x.data.type === Interaction.Blur)
    );
  if (x.type !== EventType.Custom) return false;
  if (x.data?.tag === 'rec/focus') return true;
  const k = x.data?.tag === 'rec/keystroke' ? x.data.payload : undefined;
  return k?.kind === 'named' && (k.key === 'Enter' || k.key === 'Tab');
};

export class BatchLanes {
  private readonly values: Batcher;
  private readonly others: Batcher;
  /** Latest timestamp among the other lane's pending events, and whether one adds a field. */
  private othersLatest = Number.NEGATIVE_INFINITY;
  private othersAddField = false;

  constructor(out: Out) {
    this.values = new Batcher(out);
    this.others = new Batcher((json, count) => {
      this.values.flush(); // values first: see the header
      this.othersLatest = Number.NEGATIVE_INFINITY;
      this.othersAddField = false;
      out(json, count);
    });
  }

  push(event: unknown): void {
    if (isValue(event)) {
      if (this.othersAddField || this.othersLatest >= timestampOf(event)) this.flush();
      this.values.push(event);
      return;
    }
    const commit = isCommit(event);
    if (commit) this.values.flush();
    this.others.push(event);
    this.othersLatest = Math.max(this.othersLatest, timestampOf(event));
    if (addsField(event)) this.othersAddField = true;
    if (commit) this.others.flush();
  }

  flush(): void {
    this.values.flush();
    this.others.flush();
  }
}
