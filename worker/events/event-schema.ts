/**
 * The shape of every event the walker lets through, as valibot schemas: one per event type,
 * incremental source, serialized node type and custom tag. This is the one description of the
 * shapes; the walker compiles it into pickers that rebuild each event from its known keys only
 * (an unknown key is never copied), see walker.ts.
 *
 * Every string slot says how its value may reach the disk:
 * - redacted: `text()`, `url()`, or a hook (`hook(...)`) for values that need field context,
 *   deferral to a typing group, or a name check;
 * - proven non-text: `v.picklist`/`v.literal` of our own enums (anything else fails the event), or
 *   `token(...)` for values from a closed set we do not own (Chrome transition types, rrweb's
 *   `compatMode`): outside the set the value is redacted as text, or replaced by a constant.
 * A `v.string()` with neither is refused when the walker compiles the schemas (module load).
 */
import * as v from 'valibot';
import type { CustomPayloads, CustomTag } from '../../shared/events';
import { NAMED_KEYS, SHORTCUT_KEY } from '../../shared/events';

/** Walker hooks: slots whose handling needs more than the value (see HOOKS in walker.ts). */
export type HookName =
  | 'empty'
  | 'deep'
  | 'unknownCustom'
  | 'snapshotNode'
  | 'liveNode'
  | 'children'
  | 'tagName'
  | 'attributes'
  | 'mutationAttributes'
  | 'nodeText'
  | 'cdata'
  | 'mutationText'
  | 'removedId'
  | 'inputText'
  | 'cssProperty';

export interface TokenRule {
  allow: ReadonlySet<string> | RegExp;
  /** Outside the set: redact as text, or replace by this constant. */
  otherwise: 'text' | { replace: string };
}

export type SlotMeta = { redact: 'text' | 'url' } | { token: TokenRule } | { hook: HookName };
/** On a variant: what to do with a value whose discriminator matches no option. */
export type FallbackMeta = { fallback: HookName };

const text = () => v.pipe(v.string(), v.metadata({ redact: 'text' } satisfies SlotMeta));
const url = () => v.pipe(v.string(), v.metadata({ redact: 'url' } satisfies SlotMeta));
function token(allow: readonly string[] | RegExp, otherwise: TokenRule['otherwise'] = 'text') {
  const rule: TokenRule = { allow: allow instanceof RegExp ? allow : new Set(allow), otherwise };
  return v.pipe(v.string(), v.metadata({ token: rule } satisfies SlotMeta));
}
function hook<T>(name: HookName) {
  return v.pipe(
    v.custom<T>(() => true),
    v.metadata({ hook: name } satisfies SlotMeta),
  );
}
const num = v.number();
const bool = v.boolean();
const opt = v.optional;

// --- Serialized DOM nodes (rrweb-snapshot) -----------------------------------------------------

/** Keys every serialized node may carry; replay needs all of them. */
const nodeCommon = {
  id: num,
  rootId: opt(num),
  isShadowHost: opt(bool),
  isShadow: opt(bool),
};
/** Children: the walker tracks the parent's tag (textarea text is a field value). */
const childNodes = hook<unknown[]>('children');

export const NodeSchema = v.variant('type', [
  v.object({
    type: v.literal(0),
    childNodes,
    compatMode: opt(token(['BackCompat', 'CSS1Compat'])),
    ...nodeCommon,
  }),
  v.object({ type: v.literal(1), name: text(), publicId: text(), systemId: url(), ...nodeCommon }),
  v.object({
    type: v.literal(2),
    tagName: hook<string>('tagName'),
    attributes: hook<Record<string, unknown>>('attributes'),
    childNodes,
    isSVG: opt(bool),
    needBlock: opt(bool),
    isCustom: opt(bool),
    ...nodeCommon,
  }),
  v.object({ type: v.literal(3), textContent: hook<string>('nodeText'), isStyle: opt(bool), ...nodeCommon }),
  v.object({ type: v.literal(4), textContent: hook<string>('cdata'), ...nodeCommon }),
  v.object({ type: v.literal(5), textContent: text(), ...nodeCommon }),
]);

// --- Incremental snapshots ---------------------------------------------------------------------

const position = v.object({ x: num, y: num, id: num, timeOffset: num });
const ruleIndex = v.union([num, v.array(num)]);
const styleRule = v.object({ rule: text(), index: opt(ruleIndex) });
const source = <N extends number>(n: N) => v.literal(n);
/** Recording off for these (canvas, console); anything that arrives anyway is opaque text. */
const opaque = <N extends number>(n: N) =>
  v.pipe(v.object({ source: source(n) }), v.metadata({ hook: 'deep' } satisfies SlotMeta));

export const IncrementalSchema = v.variant('source', [
  v.object({
    source: source(0),
    // Order matters (the field index follows the tree): removes, then adds, then text changes, so
    // a text mutation of an added editable node is known as such.
    removes: v.array(v.object({ parentId: num, id: hook<number>('removedId'), isShadow: opt(bool) })),
    adds: v.array(
      v.object({
        parentId: num,
        previousId: opt(v.nullable(num)),
        nextId: v.nullable(num),
        node: hook<unknown>('liveNode'),
      }),
    ),
    texts: v.array(v.object({ id: num, value: hook<string | null>('mutationText') })),
    attributes: v.array(
      v.object({ id: num, attributes: hook<Record<string, unknown>>('mutationAttributes') }),
    ),
    isAttachIframe: opt(bool),
  }),
  v.object({ source: source(1), positions: v.array(position) }),
  v.object({
    source: source(2),
    type: v.picklist([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    id: num,
    x: opt(num),
    y: opt(num),
    pointerType: opt(v.picklist([0, 1, 2])),
  }),
  v.object({ source: source(3), id: num, x: num, y: num }),
  v.object({ source: source(4), width: num, height: num }),
  v.object({
    source: source(5),
    id: num,
    text: hook<string>('inputText'),
    isChecked: bool,
    userTriggered: opt(bool),
  }),
  v.object({ source: source(6), positions: v.array(position) }),
  v.object({
    source: source(7),
    type: v.picklist([0, 1, 2, 3, 4]),
    id: num,
    currentTime: opt(num),
    volume: opt(num),
    muted: opt(bool),
    loop: opt(bool),
    playbackRate: opt(num),
  }),
  v.object({
    source: source(8),
    id: opt(num),
    styleId: opt(num),
    removes: opt(v.array(v.object({ index: ruleIndex }))),
    adds: opt(v.array(styleRule)),
    replace: opt(text()),
    replaceSync: opt(text()),
  }),
  opaque(9),
  v.object({
    source: source(10),
    family: text(),
    fontSource: url(),
    buffer: bool,
    descriptors: opt(
      v.object({
        ascentOverride: opt(text()),
        descentOverride: opt(text()),
        display: opt(text()),
        featureSettings: opt(text()),
        lineGapOverride: opt(text()),
        stretch: opt(text()),
        style: opt(text()),
        unicodeRange: opt(text()),
        weight: opt(text()),
      }),
    ),
  }),
  opaque(11),
  v.object({ source: source(12), positions: v.array(position) }),
  v.object({
    source: source(13),
    id: opt(num),
    styleId: opt(num),
    index: v.array(num),
    set: opt(
      v.object({
        property: hook<string>('cssProperty'),
        value: v.nullable(text()),
        priority: opt(token(['important', ''])),
      }),
    ),
    remove: opt(v.object({ property: hook<string>('cssProperty') })),
  }),
  v.object({
    source: source(14),
    ranges: v.array(v.object({ start: num, startOffset: num, end: num, endOffset: num })),
  }),
  v.object({
    source: source(15),
    id: num,
    styles: opt(v.array(v.object({ styleId: num, rules: v.array(styleRule) }))),
    styleIds: v.array(num),
  }),
  v.object({ source: source(16), define: opt(v.object({ name: text() })) }),
]);

// --- Our custom events (shared/events.ts) ------------------------------------------------------

const box = v.object({ x: num, y: num, width: num, height: num });
const modifiers = v.object({ ctrl: bool, alt: bool, shift: bool, meta: bool });
const keyBase = { targetId: num, modifiers, repeat: bool };

/** chrome.webNavigation transition types and qualifiers, plus our `history_state`. */
const TRANSITIONS = [
  'link',
  'typed',
  'auto_bookmark',
  'auto_subframe',
  'manual_subframe',
  'generated',
  'auto_toplevel',
  'form_submit',
  'reload',
  'keyword',
  'keyword_generated',
  'history_state',
];
const QUALIFIERS = ['client_redirect', 'server_redirect', 'forward_back', 'from_address_bar'];

/** Task ids are crypto.randomUUID() (tests use `task-N`); anything else is redacted as text. */
const TASK_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|task-\d{1,6})$/;

export const PayloadSchemas = {
  'rec/keystroke': v.variant('kind', [
    v.object({ kind: v.literal('printable'), ...keyBase }),
    v.object({ kind: v.literal('named'), key: v.picklist(NAMED_KEYS), ...keyBase }),
    v.object({ kind: v.literal('shortcut'), key: token(SHORTCUT_KEY, { replace: '?' }), ...keyBase }),
    v.object({ kind: v.literal('modifier'), ...keyBase }),
  ]),
  'rec/layout': v.object({
    action: v.picklist(['click', 'dblclick', 'input', 'change', 'keydown', 'paste', 'submit', 'contextmenu']),
    targetId: num,
    box,
    visible: bool,
    viewport: v.object({ width: num, height: num }),
    dpr: num,
    scroll: v.object({ x: num, y: num }),
    candidates: v.array(v.object({ id: num, box })),
  }),
  'rec/clipboard': v.object({
    op: v.picklist(['copy', 'cut', 'paste']),
    targetId: num,
    text: opt(text()),
  }),
  'rec/focus': v.object({ targetId: v.nullable(num), previousId: v.nullable(num) }),
  'rec/tab': v.variant('op', [
    v.object({ op: v.picklist(['activated', 'created', 'closed']), tabId: num, windowId: num }),
    v.object({ op: v.literal('window-focus'), windowId: num }),
  ]),
  'rec/navigation': v.object({
    tabId: num,
    frameId: num,
    url: url(),
    transition: token(TRANSITIONS),
    qualifiers: v.array(token(QUALIFIERS)),
  }),
  'rec/task': v.variant('op', [
    v.object({ op: v.literal('start'), taskId: token(TASK_ID), intent: text() }),
    v.object({ op: v.literal('end'), taskId: token(TASK_ID), outcome: v.picklist(['done', 'abandoned']) }),
  ]),
  'rec/degraded': v.object({
    reason: v.picklist(['mutation-budget', 'buffer-full', 'oversize-event', 'redaction-failed']),
    detail: text(),
    phase: opt(v.picklist(['degraded', 'recovered'])),
  }),
  'rec/paused': v.object({ phase: v.picklist(['paused', 'resumed']) }),
} satisfies { [T in CustomTag]: v.GenericSchema };

/** Compile-time: each payload schema describes exactly the payload type in shared/events.ts. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _payloadsMatchTypes: {
  [T in CustomTag]: Same<v.InferOutput<(typeof PayloadSchemas)[T]>, CustomPayloads[T]>;
} = {
  'rec/keystroke': true,
  'rec/layout': true,
  'rec/clipboard': true,
  'rec/focus': true,
  'rec/tab': true,
  'rec/navigation': true,
  'rec/task': true,
  'rec/degraded': true,
  'rec/paused': true,
};
void _payloadsMatchTypes;

/** Every custom event tag we write (rec/…): kept as they are wherever stored strings are redacted. */
export const CUSTOM_TAGS: ReadonlySet<string> = new Set(Object.keys(PayloadSchemas));

const CustomDataSchema = v.pipe(
  v.variant(
    'tag',
    (Object.keys(PayloadSchemas) as CustomTag[]).map((tag) =>
      v.object({ tag: v.literal(tag), payload: PayloadSchemas[tag] }),
    ),
  ),
  // An unknown tag (another version, or a tampered import): its strings are opaque text.
  v.metadata({ fallback: 'unknownCustom' } satisfies FallbackMeta),
);

// --- Events ------------------------------------------------------------------------------------

const envelope = { timestamp: num, delay: opt(num) };

export const EventSchema = v.variant('type', [
  v.object({ type: v.literal(0), data: hook<object>('empty'), ...envelope }),
  v.object({ type: v.literal(1), data: hook<object>('empty'), ...envelope }),
  v.object({
    type: v.literal(2),
    data: v.object({ node: hook<unknown>('snapshotNode'), initialOffset: v.object({ top: num, left: num }) }),
    ...envelope,
  }),
  v.object({ type: v.literal(3), data: IncrementalSchema, ...envelope }),
  v.object({ type: v.literal(4), data: v.object({ href: url(), width: num, height: num }), ...envelope }),
  v.object({ type: v.literal(5), data: CustomDataSchema, ...envelope }),
  // Plugins and assets are not recorded; anything that arrives anyway is opaque text.
  v.object({ type: v.literal(6), data: hook<object>('deep'), ...envelope }),
  v.object({ type: v.literal(7), data: hook<object>('deep'), ...envelope }),
]);
