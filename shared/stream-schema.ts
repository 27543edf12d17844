/**
 * The stream port's messages from a content script (`StreamUp`), as valibot schemas: the one
 * definition of their shape. The offscreen document validates every message with them (content
 * scripts run in pages we do not trust), and the TypeScript types in shared/protocol.ts are derived
 * from them, so the checked shape and the typed shape cannot drift apart. Kept out of protocol.ts so
 * the content script, which imports only types and constants from there, does not bundle valibot.
 */
import * as v from 'valibot';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const StreamHeaderSchema = v.object({
  sessionId: id,
  streamId: id,
  tabId: v.pipe(v.number(), v.integer()),
  frameId: v.pipe(v.number(), v.integer()),
  url: v.pipe(v.string(), v.maxLength(8192)),
  title: v.pipe(v.string(), v.maxLength(4096)),
  startedAt: v.number(),
});

/** Identity of a directive: which session it was for, and which state of the coordinator. */
const StampSchema = v.object({ sessionId: id, epoch: v.pipe(v.number(), v.integer(), v.minValue(0)) });
/** Bounded like the worker's term set (worker/redact/session-terms.ts): a page cannot make it grow without limit. */
const TermsSchema = v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.maxLength(500));

export const StreamUpSchema = v.variant('type', [
  /**
   * `directive`: what the stream is recorded under (admission decides by it, see shared/admission.ts).
   * `terms`: text this page saw typed while paused (a hole in the record): redacted wherever it
   * appears in the session. Sent with every open, so again after any restart; never stored.
   */
  v.object({
    type: v.literal('open'),
    stream: StreamHeaderSchema,
    directive: StampSchema,
    terms: v.optional(TermsSchema),
  }),
  /**
   * Terms collected while paused, sent as they grow (no stream is open during a pause, and the page
   * may be gone at resume). `directive`: the paused directive of `sessionId`. Nothing is acked.
   */
  v.object({ type: v.literal('terms'), directive: StampSchema, terms: TermsSchema }),
  /** `events` is a JSON array text: serialized once in the page, parsed once in the worker. */
  v.object({
    type: v.literal('batch'),
    streamId: id,
    seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
    count: v.pipe(v.number(), v.integer(), v.minValue(0)),
    events: v.string(),
  }),
  v.object({ type: v.literal('flush'), streamId: id, id: v.number() }),
]);

export function parseStreamUp(
  msg: unknown,
): { ok: true; value: v.InferOutput<typeof StreamUpSchema> } | { ok: false; error: string } {
  const r = v.safeParse(StreamUpSchema, msg);
  return r.success ? { ok: true, value: r.output } : { ok: false, error: v.summarize(r.issues) };
}
