/** Validation of what arrives on the stream port: content scripts run in pages we do not trust. */
import * as v from 'valibot';
import type { StreamUp } from '../../shared/protocol';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

const header = v.object({
  sessionId: id,
  streamId: id,
  tabId: v.pipe(v.number(), v.integer()),
  frameId: v.pipe(v.number(), v.integer()),
  url: v.pipe(v.string(), v.maxLength(8192)),
  title: v.pipe(v.string(), v.maxLength(4096)),
  startedAt: v.number(),
});

const stamp = v.object({ sessionId: id, epoch: v.pipe(v.number(), v.integer(), v.minValue(0)) });
/** Bounded like the worker's term set (worker/redact/session-terms.ts): a page cannot make it grow without limit. */
const terms = v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.maxLength(500));

const streamUp = v.variant('type', [
  v.object({ type: v.literal('open'), stream: header, directive: stamp, terms: v.optional(terms) }),
  v.object({ type: v.literal('terms'), directive: stamp, terms }),
  v.object({
    type: v.literal('batch'),
    streamId: id,
    seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
    count: v.pipe(v.number(), v.integer(), v.minValue(0)),
    events: v.string(),
  }),
  v.object({ type: v.literal('flush'), streamId: id, id: v.number() }),
]);

export function parseStreamUp(msg: unknown): { ok: true; value: StreamUp } | { ok: false; error: string } {
  const r = v.safeParse(streamUp, msg);
  return r.success ? { ok: true, value: r.output } : { ok: false, error: v.summarize(r.issues) };
}
