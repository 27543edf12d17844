/**
 * Rebuilds every recorded event from its schema (event-schema.ts), in place, and redacts it on the
 * way: keys no schema names are dropped, every string is redacted or proven non-text, names a page chose
 * (attributes, CSS properties, tags) are kept only if plausible (attribute-names.ts). A final census
 * counts the strings and keys of the result against those the walk placed; any other string fails
 * the event (it throws; the stream writer stores a `rec/degraded` marker instead, import refuses
 * the bundle).
 *
 * Field values (input events, text typed into editable elements) are not redacted here but handed
 * to `defer`, which redacts a field's successive values together when the field commits.
 */
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import { EventType, NodeType, SECRET_MASK, Source } from '../../shared/events';
import type { Redactor } from '../redact/index';
import { plausibleName } from './attribute-names';
import { EventSchema, type FallbackMeta, type HookName, NodeSchema, type SlotMeta } from './event-schema';
import type { FieldIndex } from './field-index';

/** A string slot inside an event that `defer` may fill in later. */
export interface Slot {
  holder: Record<string, unknown>;
  key: string;
}

export interface WalkContext {
  redactor: Redactor;
  fields: FieldIndex;
  /** Takes a field value to be redacted with its group; returns false to redact it now instead. */
  defer(nodeId: number, slot: Slot): boolean;
  /**
   * Holds a string that echoes a value being typed (worker/events/echo-guard.ts); `finish` is its usual
   * redaction, applied at release. Returns false to redact it now.
   */
  hold?(slot: Slot, finish: (s: string) => string): boolean;
}

/**
 * Rebuilds and redacts an event in place (objects are reused, not copied: the walker runs on every
 * event and allocation is most of its cost). Throws if the event does not fit its schema or a
 * string escaped the walk; the event is then partly redacted and must not be stored.
 */
export function redactEvent(event: eventWithTime, ctx: WalkContext): void {
  const w = new Walk(ctx);
  const data = (event as { data?: { source?: unknown; adds?: unknown } }).data;
  if (
    event.type === EventType.IncrementalSnapshot &&
    data?.source === Source.Mutation &&
    Array.isArray(data.adds)
  )
    w.adds = data.adds;
  const out = pickEvent(event, w, {}, {}, '');
  const seen = { strings: 0, keys: 0 };
  census(out, seen);
  if (seen.strings !== w.strings || seen.keys !== w.keys) throw new WalkError('a string escaped the walk');
}

export class WalkError extends Error {}

/** The state of one event's walk (a class: one hidden class for every walk keeps the pickers fast). */
class Walk {
  readonly r: Redactor;
  readonly fields: FieldIndex;
  readonly defer: WalkContext['defer'];
  readonly hold: WalkContext['hold'];
  /** Inside a mutation's added nodes (text typed into them is deferred). */
  live = false;
  /** The event's additions (a DOM mutation's `adds`), and the ids indexed from them at the first. */
  adds: readonly unknown[] = [];
  indexed: Set<number> | null = null;
  parentTag: string | null = null;
  /** Strings and object keys placed into the output, for the census. */
  strings = 0;
  keys = 0;

  constructor(ctx: WalkContext) {
    this.r = ctx.redactor;
    this.fields = ctx.fields;
    this.defer = ctx.defer;
    this.hold = ctx.hold;
  }
}

type Holder = Record<string, unknown>;
/**
 * Rebuilds one value and returns what goes in its slot. `raw` is the object holding it as it came,
 * `out` the one it goes into (the same object when rebuilt in place), `key` the slot.
 */
type Picker = (value: unknown, w: Walk, raw: Holder, out: Holder, key: string) => unknown;

// Error messages name schema slots only, never page data: they end up in the degraded marker.
function fail(what: string): never {
  throw new WalkError(`event does not fit its schema: ${what}`);
}

function isObject(x: unknown): x is Holder {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(x: unknown, what: string): string {
  if (typeof x !== 'string') fail(what);
  return x;
}

// --- Compiling schemas into pickers ------------------------------------------------------------

interface SchemaLike {
  type: string;
  pipe?: readonly { type: string; metadata?: unknown }[];
  entries?: Record<string, SchemaLike>;
  wrapped?: SchemaLike;
  item?: SchemaLike;
  options?: readonly unknown[];
  literal?: unknown;
  key?: string;
  getter?: (x: unknown) => SchemaLike;
}

function metaOf(schema: SchemaLike): Partial<SlotMeta & FallbackMeta> | undefined {
  return schema.pipe?.find((a) => a.type === 'metadata')?.metadata as Partial<SlotMeta & FallbackMeta>;
}

function compile(schema: SchemaLike): Picker {
  const meta = metaOf(schema);
  if (meta && 'hook' in meta && meta.hook) return hookPicker(meta.hook);
  switch (schema.type) {
    case 'string':
      return compileString(meta);
    case 'number':
      return (x) => (typeof x === 'number' ? x : fail('number'));
    case 'boolean':
      return (x) => (typeof x === 'boolean' ? x : fail('boolean'));
    case 'literal': {
      const lit = schema.literal;
      return (x, w) => {
        if (x !== lit) fail(`literal ${String(lit)}`);
        if (typeof x === 'string') w.strings++;
        return x;
      };
    }
    case 'picklist': {
      const options = new Set(schema.options);
      return (x, w) => {
        if (!options.has(x)) fail('enum');
        if (typeof x === 'string') w.strings++;
        return x;
      };
    }
    case 'optional': {
      const inner = compile(schema.wrapped!);
      return (x, w, raw, out, key) => (x === undefined ? undefined : inner(x, w, raw, out, key));
    }
    case 'nullable': {
      const inner = compile(schema.wrapped!);
      return (x, w, raw, out, key) => (x === null ? null : inner(x, w, raw, out, key));
    }
    case 'array': {
      const item = compile(schema.item!);
      return (x, w) => {
        if (!Array.isArray(x)) fail('array');
        const holder = x as unknown as Holder;
        for (let i = 0; i < x.length; i++) {
          const value: unknown = x[i];
          const next = item(value, w, holder, holder, String(i));
          if (next !== value) x[i] = next;
        }
        return x;
      };
    }
    case 'object':
      return compileObject(schema);
    case 'variant':
      return compileVariant(schema, meta);
    case 'union': {
      const options = (schema.options as SchemaLike[]).map(compile);
      return (x, w, raw, out, key) => {
        for (const option of options) {
          const before = { strings: w.strings, keys: w.keys };
          try {
            return option(x, w, raw, out, key);
          } catch (e) {
            if (!(e instanceof WalkError)) throw e;
            w.strings = before.strings;
            w.keys = before.keys;
          }
        }
        return fail('union');
      };
    }
    case 'lazy': {
      let inner: Picker | undefined;
      return (x, w, raw, out, key) => {
        inner ??= compile(schema.getter!(undefined));
        return inner(x, w, raw, out, key);
      };
    }
    default:
      throw new Error(`walker: schema type ${schema.type} is not supported`);
  }
}

/**
 * Offers a string to the echo guard; true when it holds it (the slot stays raw until release, like
 * a deferred field value, and counts as visited). The closure is made only when there is a guard.
 */
function held(w: Walk, out: Holder, key: string, finish: (s: string) => string): boolean {
  return w.hold?.({ holder: out, key }, finish) ?? false;
}

function compileString(meta: Partial<SlotMeta> | undefined): Picker {
  if (meta && 'redact' in meta && meta.redact === 'text')
    return (x, w, _raw, out, key) => {
      const s = str(x, 'text');
      w.strings++;
      if (w.hold && held(w, out, key, (v) => w.r.text(v))) return s;
      return w.r.text(s);
    };
  if (meta && 'redact' in meta && meta.redact === 'url')
    return (x, w, _raw, out, key) => {
      const s = str(x, 'url');
      w.strings++;
      if (w.hold && held(w, out, key, (v) => w.r.url(v))) return s;
      return w.r.url(s);
    };
  if (meta && 'token' in meta && meta.token) {
    const { allow, otherwise } = meta.token;
    const ok = allow instanceof RegExp ? (s: string) => allow.test(s) : (s: string) => allow.has(s);
    return (x, w) => {
      const s = str(x, 'token');
      w.strings++;
      if (ok(s)) return s;
      return otherwise === 'text' ? w.r.text(s) : otherwise.replace;
    };
  }
  // A string that is neither redacted nor proven non-text must not exist (fails at module load).
  throw new Error('walker: a string slot in the event schema has no redaction and no proof');
}

function compileObject(schema: SchemaLike): Picker {
  const list = Object.entries(schema.entries!);
  const keys = list.map(([key]) => key);
  const optional = list.map(([, s]) => s.type === 'optional');
  const pickers = list.map(([, s]) => compile(s.type === 'optional' ? s.wrapped! : s));
  const known = new Set(keys);
  const n = keys.length;
  return (x, w) => {
    if (!isObject(x)) fail('object');
    let present = 0;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const value = x[key];
      if (value === undefined) {
        if (optional[i]) continue;
        fail(`missing ${key}`);
      }
      const next = pickers[i]!(value, w, x, x, key);
      if (next !== value) x[key] = next;
      present++;
    }
    let total = 0;
    for (const _ in x) total++;
    if (total !== present) for (const key in x) if (!known.has(key)) delete x[key]; // unknown keys
    w.keys += present;
    return x;
  };
}

function compileVariant(schema: SchemaLike, meta: Partial<FallbackMeta> | undefined): Picker {
  const key = schema.key!;
  const byValue = new Map<unknown, Picker>();
  for (const option of schema.options as SchemaLike[]) {
    const discriminator = option.entries![key]!;
    const values = discriminator.type === 'picklist' ? discriminator.options! : [discriminator.literal];
    const pick = compile(option);
    for (const value of values) byValue.set(value, pick);
  }
  const fallback = meta?.fallback ? hookPicker(meta.fallback) : undefined;
  return (x, w, raw, out, slot) => {
    if (!isObject(x)) fail('object');
    const pick = byValue.get(x[key]) ?? fallback;
    if (!pick) return fail(`unknown ${key}`);
    return pick(x, w, raw, out, slot);
  };
}

// --- Hooks: slots that need more than their value ----------------------------------------------

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'data',
  'background',
  'cite',
  'xlink:href',
  'ping',
]);
const CSS_PRIORITY = new Set(['important', '']);

function nodeId(raw: Holder): number {
  return typeof raw.id === 'number' ? raw.id : fail('id');
}

function hookPicker(name: HookName): Picker {
  return HOOKS[name];
}

const HOOKS: Record<HookName, Picker> = {
  empty: () => ({}),
  deep: (x, w) => deepRedact(x, w),
  unknownCustom: (x, w) => {
    const data = x as Holder;
    w.strings++;
    w.keys += 2;
    return { tag: w.r.text(str(data.tag, 'tag')), payload: deepRedact(data.payload, w) };
  },
  snapshotNode: (x, w, raw, out, key) => {
    w.fields.snapshot(x as serializedNodeWithId);
    learnStructural(w);
    w.live = false;
    return pickNode(x, w, raw, out, key);
  },
  liveNode: (x, w, raw, out, key) => {
    // The event's additions are indexed together, as trees, at the first of them (after its
    // removes): page structure needs headers and terms that rrweb may list after their cells.
    if (w.indexed === null) {
      w.indexed = w.fields.addAll(w.adds);
      learnStructural(w);
    }
    if (!w.indexed.has((x as serializedNodeWithId).id)) {
      // parentId and nextId come before node in the schema: already checked to be numbers (or null).
      w.fields.addChild(
        raw.parentId as number,
        (raw.nextId ?? null) as number | null,
        x as serializedNodeWithId,
      );
      learnStructural(w);
    }
    w.live = true;
    return pickNode(x, w, raw, out, key);
  },
  children: (x, w, raw) => {
    if (!Array.isArray(x)) fail('childNodes');
    const parentTag = w.parentTag;
    w.parentTag = raw.type === NodeType.Element ? (raw.tagName as string).toLowerCase() : null;
    const holder = x as unknown as Holder;
    for (let i = 0; i < x.length; i++) pickNode(x[i], w, holder, holder, String(i)); // nodes: in place
    w.parentTag = parentTag;
    return x;
  },
  tagName: (x, w) => {
    const tag = str(x, 'tagName');
    w.strings++;
    // A tag is structure: an implausible one becomes a neutral custom element, its subtree kept.
    return plausibleName('tag', tag, w.r) ? tag : 'x-redacted';
  },
  attributes: (x, w, raw) => pickAttributes(x, w, nodeId(raw), false),
  mutationAttributes: (x, w, raw) => pickAttributes(x, w, nodeId(raw), true),
  nodeText: (x, w, raw, out, key) => {
    const text = str(x, 'textContent');
    const id = nodeId(raw);
    w.strings++;
    if (w.live && w.fields.isEditableText(id) && w.defer(id, { holder: out, key })) return text;
    // Outside a textarea, page structure may say the text is a name or address (a "Customer"
    // cell, a mailto: link): it is then redacted whole, as a field value (field-index.ts).
    const field = w.parentTag === 'textarea' ? w.fields.context(id) : w.fields.textContext(id, text);
    const finish = field ? (v: string) => w.r.field(v, field) : (v: string) => w.r.text(v);
    if (w.hold && held(w, out, key, finish)) return text;
    return finish(text);
  },
  cdata: (_x, w) => {
    w.strings++;
    return ''; // CDATA text is never shown in a page; nothing to keep
  },
  mutationText: (x, w, raw, out, key) => {
    if (x === null) return null;
    const text = str(x, 'value');
    const id = nodeId(raw);
    w.strings++;
    w.fields.setText(id, text);
    if (w.fields.isEditableText(id) && w.defer(id, { holder: out, key })) return text;
    const field = w.fields.textContext(id, text);
    const finish = field ? (v: string) => w.r.field(v, field) : (v: string) => w.r.text(v);
    if (w.hold && held(w, out, key, finish)) return text;
    return finish(text);
  },
  removedId: (x, w, raw) => {
    const id = typeof x === 'number' ? x : fail('id');
    w.fields.remove(raw.parentId as number, id); // parentId comes first in the schema: checked
    return id;
  },
  inputText: (x, w, raw, out, key) => {
    const text = str(x, 'text');
    const id = nodeId(raw);
    w.strings++;
    if (w.defer(id, { holder: out, key })) return text;
    return fieldValue(text, id, w);
  },
  cssProperty: (x, w) => {
    const name = str(x, 'property');
    if (!plausibleName('css', name, w.r)) fail('property name');
    w.strings++;
    return name;
  },
};

const pickEvent = compile(EventSchema as unknown as SchemaLike);
const pickNode = compile(NodeSchema as unknown as SchemaLike);

function pickAttributes(x: unknown, w: Walk, id: number, mutation: boolean): Holder {
  if (!isObject(x)) fail('attributes');
  for (const name in x) {
    const value = x[name];
    if (mutation && typeof value === 'string') w.fields.setAttribute(id, name, value);
    if (!plausibleName('attribute', name, w.r)) {
      delete x[name];
      continue;
    }
    const next = attributeValue(name, value, id, w, x);
    if (next !== value) x[name] = next;
    w.keys++;
  }
  return x;
}

/** Names page structure marks are learned before the walk reaches an earlier mention of them. */
function learnStructural(w: Walk): void {
  for (const [text, ctx] of w.fields.takeStructural()) w.r.field(text, ctx);
}

function attributeValue(name: string, value: unknown, id: number, w: Walk, holder: Holder): unknown {
  if (typeof value === 'string') {
    w.strings++;
    // An avatar's alt ("Jane Doe"), an option of a person picker: redacted whole, like the text.
    const byStructure = w.fields.attributeContext(id, name, value);
    if (byStructure) return w.r.field(value, byStructure);
    if (name === 'value') return fieldValue(value, id, w);
    if (w.hold && held(w, holder, name, (v) => attributeString(name, v, w.r))) return value;
    return attributeString(name, value, w.r);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (isObject(value)) return styleOM(value, w);
  return fail('attribute value');
}

function attributeString(name: string, value: string, r: Redactor): string {
  if (URL_ATTRIBUTES.has(name)) return r.url(value);
  if (name === 'srcset') return r.srcset(value);
  return r.text(value);
}

/** A style attribute as rrweb diffs it: property -> value, [value, priority], or false (removed). */
function styleOM(style: Holder, w: Walk): Holder {
  for (const prop in style) {
    if (!plausibleName('css', prop, w.r)) {
      delete style[prop];
      continue;
    }
    const v = style[prop];
    if (typeof v === 'string') {
      style[prop] = w.r.text(v);
      w.strings++;
    } else if (Array.isArray(v) && v.length === 2) {
      const priority = str(v[1], 'priority');
      style[prop] = [
        w.r.text(str(v[0], 'style value')),
        CSS_PRIORITY.has(priority) ? priority : w.r.text(priority),
      ];
      w.strings += 2;
    } else if (v !== false) fail('style value');
    w.keys++;
  }
  return style;
}

function fieldValue(value: string, id: number, w: Walk): string {
  if (value === SECRET_MASK) return value;
  const field = w.fields.context(id);
  return field ? w.r.field(value, field) : w.r.text(value);
}

/** Every string anywhere in a JSON value, keys included, goes through text(): opaque payloads. */
function deepRedact(value: unknown, w: Walk): unknown {
  if (typeof value === 'string') {
    w.strings++;
    return w.r.text(value);
  }
  if (Array.isArray(value)) return value.map((x) => deepRedact(x, w));
  if (value !== null && typeof value === 'object') {
    const out: Holder = {};
    for (const [k, x] of Object.entries(value)) {
      const key = w.r.text(k);
      if (Object.hasOwn(out, key) || key === '__proto__') continue; // two keys redacted alike: keep the first
      out[key] = deepRedact(x, w);
      w.keys++;
    }
    return out;
  }
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean' || value === null)
    return value;
  return fail('opaque value');
}

/** Counts the strings and keys of a rebuilt event: what the walk must have placed, no more. */
function census(x: unknown, seen: { strings: number; keys: number }): void {
  if (typeof x === 'string') seen.strings++;
  else if (Array.isArray(x)) for (const item of x) census(item, seen);
  else if (x !== null && typeof x === 'object') {
    for (const key in x) {
      seen.keys++;
      census((x as Holder)[key], seen);
    }
  }
}
