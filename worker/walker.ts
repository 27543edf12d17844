/**
 * Redacts every string of every recorded event, in place. The switches are exhaustive over the
 * rrweb event union and our custom events: a new event type is a compile error here, not a leak.
 *
 * Field values (input events, text typed into editable elements) are not redacted here but handed
 * to `defer`, which redacts a field's successive values together when the field commits.
 */
import {
  EventType,
  type eventWithTime,
  IncrementalSource,
  type incrementalData,
  NodeType,
  type serializedNodeWithId,
  type styleOMValue,
} from '@rrweb/types';
import { type CustomPayloads, type CustomTag, SECRET_MASK } from '../shared/events';
import type { FieldIndex } from './field-index';
import type { Redactor } from './redact/index';

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
}

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

export function redactEvent(event: eventWithTime, ctx: WalkContext): void {
  switch (event.type) {
    case EventType.DomContentLoaded:
    case EventType.Load:
      event.data = {};
      return;
    case EventType.FullSnapshot:
      ctx.fields.add(event.data.node);
      redactNode(event.data.node, null, ctx, false);
      return;
    case EventType.IncrementalSnapshot:
      redactIncremental(event.data, ctx);
      return;
    case EventType.Meta:
      event.data.href = ctx.redactor.url(event.data.href);
      return;
    case EventType.Custom:
      redactCustom(event.data as { tag: string; payload: unknown }, ctx);
      return;
    case EventType.Plugin:
      event.data = deepRedact(event.data, ctx.redactor) as typeof event.data;
      return;
    case EventType.Asset:
      event.data = deepRedact(event.data, ctx.redactor) as typeof event.data;
      return;
    default:
      // Compile time: every event type is handled above. Run time: an unknown type from an
      // untrusted page is treated as opaque strings.
      unreachable(event);
      Object.assign(event, deepRedact(event, ctx.redactor));
  }
}

function redactIncremental(data: incrementalData, ctx: WalkContext): void {
  const r = ctx.redactor;
  switch (data.source) {
    case IncrementalSource.Mutation: {
      for (const add of data.adds) {
        ctx.fields.add(add.node);
        redactNode(add.node, null, ctx, true);
      }
      for (const t of data.texts) {
        if (t.value === null) continue;
        const slot = { holder: t as unknown as Record<string, unknown>, key: 'value' };
        if (!(ctx.fields.isEditableText(t.id) && ctx.defer(t.id, slot))) t.value = r.text(t.value);
      }
      for (const a of data.attributes) {
        for (const [name, value] of Object.entries(a.attributes)) {
          if (typeof value === 'string') ctx.fields.setAttribute(a.id, name, value);
          a.attributes[name] = redactAttributeValue(name, value, a.id, ctx);
        }
      }
      return;
    }
    case IncrementalSource.Input: {
      const slot = { holder: data as unknown as Record<string, unknown>, key: 'text' };
      if (!ctx.defer(data.id, slot)) data.text = fieldValue(data.text, data.id, ctx);
      return;
    }
    case IncrementalSource.StyleSheetRule:
      for (const add of data.adds ?? []) add.rule = r.text(add.rule);
      if (data.replace !== undefined) data.replace = r.text(data.replace);
      if (data.replaceSync !== undefined) data.replaceSync = r.text(data.replaceSync);
      return;
    case IncrementalSource.StyleDeclaration:
      if (data.set?.value) data.set.value = r.text(data.set.value);
      return;
    case IncrementalSource.AdoptedStyleSheet:
      for (const style of data.styles ?? []) for (const rule of style.rules) rule.rule = r.text(rule.rule);
      return;
    case IncrementalSource.Font:
      data.family = r.text(data.family);
      data.fontSource = r.url(data.fontSource);
      return;
    case IncrementalSource.CustomElement:
      data.define = data.define ? { name: r.text(data.define.name) } : data.define;
      return;
    case IncrementalSource.CanvasMutation:
      // Canvas recording is off; anything that arrives anyway is treated as opaque strings.
      Object.assign(data, deepRedact(data, r));
      return;
    case IncrementalSource.MouseMove:
    case IncrementalSource.MouseInteraction:
    case IncrementalSource.Scroll:
    case IncrementalSource.ViewportResize:
    case IncrementalSource.TouchMove:
    case IncrementalSource.MediaInteraction:
    case IncrementalSource.Drag:
    case IncrementalSource.Selection:
      return; // coordinates, ids and timings only
    default:
      unreachable(data);
      Object.assign(data, deepRedact(data, r));
  }
}

function redactNode(
  node: serializedNodeWithId,
  parentTag: string | null,
  ctx: WalkContext,
  live: boolean,
): void {
  const r = ctx.redactor;
  switch (node.type) {
    case NodeType.Document:
      for (const child of node.childNodes) redactNode(child, null, ctx, live);
      return;
    case NodeType.DocumentType:
      node.name = r.text(node.name);
      node.publicId = r.text(node.publicId);
      node.systemId = r.url(node.systemId);
      return;
    case NodeType.Element: {
      const tag = node.tagName.toLowerCase();
      for (const [name, value] of Object.entries(node.attributes)) {
        node.attributes[name] = redactAttributeValue(name, value, node.id, ctx) as string;
      }
      for (const child of node.childNodes) redactNode(child, tag, ctx, live);
      return;
    }
    case NodeType.Text: {
      if (live && ctx.fields.isEditableText(node.id)) {
        if (ctx.defer(node.id, { holder: node as unknown as Record<string, unknown>, key: 'textContent' }))
          return;
      }
      const ctxField = parentTag === 'textarea' ? ctx.fields.context(node.id) : undefined;
      node.textContent = ctxField ? r.field(node.textContent, ctxField) : r.text(node.textContent);
      return;
    }
    case NodeType.CDATA:
      node.textContent = ''; // CDATA text is never shown in a page; nothing to keep
      return;
    case NodeType.Comment:
      node.textContent = r.text(node.textContent);
      return;
    default:
      unreachable(node);
      Object.assign(node, deepRedact(node, r));
  }
}

function redactAttributeValue<V>(name: string, value: V, nodeId: number, ctx: WalkContext): V | string {
  const r = ctx.redactor;
  if (typeof value === 'string') {
    if (name === 'value') return fieldValue(value, nodeId, ctx);
    if (URL_ATTRIBUTES.has(name)) return r.url(value);
    if (name === 'srcset') return r.srcset(value);
    return r.text(value);
  }
  if (value !== null && typeof value === 'object') return redactStyleOM(value as styleOMValue, r) as V;
  return value;
}

function redactStyleOM(style: styleOMValue, r: Redactor): styleOMValue {
  for (const [prop, v] of Object.entries(style)) {
    if (typeof v === 'string') style[prop] = r.text(v);
    else if (Array.isArray(v)) style[prop] = [r.text(v[0]), v[1]];
  }
  return style;
}

function fieldValue(value: string, nodeId: number, ctx: WalkContext): string {
  if (value === SECRET_MASK) return value;
  const field = ctx.fields.context(nodeId);
  return field ? ctx.redactor.field(value, field) : ctx.redactor.text(value);
}

type CustomHandlers = { [T in CustomTag]: (p: CustomPayloads[T], r: Redactor) => void };

const CUSTOM: CustomHandlers = {
  'rec/keystroke': (p) => {
    // Printable keys carry no character by construction; a shortcut keeps only its key name.
    if (p.kind === 'shortcut' && p.key.length > 1 && !/^[A-Za-z0-9]+$/.test(p.key)) p.key = '?';
  },
  'rec/layout': () => {},
  'rec/clipboard': (p, r) => {
    if (p.text !== undefined) p.text = r.text(p.text);
  },
  'rec/focus': () => {},
  'rec/tab': () => {},
  'rec/navigation': (p, r) => {
    p.url = r.url(p.url);
  },
  'rec/task': (p, r) => {
    if (p.op === 'start') p.intent = r.text(p.intent);
  },
  'rec/degraded': (p, r) => {
    p.detail = r.text(p.detail);
  },
};

function redactCustom(data: { tag: string; payload: unknown }, ctx: WalkContext): void {
  const handler = (CUSTOM as Record<string, ((p: unknown, r: Redactor) => void) | undefined>)[data.tag];
  if (handler && data.payload !== null && typeof data.payload === 'object')
    handler(data.payload, ctx.redactor);
  else data.payload = deepRedact(data.payload, ctx.redactor); // unknown tag: every string, fail closed
  data.tag = ctx.redactor.text(data.tag);
}

/** Every string anywhere in a JSON value goes through text(): the fallback for opaque payloads. */
export function deepRedact(value: unknown, r: Redactor): unknown {
  if (typeof value === 'string') return r.text(value);
  if (Array.isArray(value)) return value.map((v) => deepRedact(v, r));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[r.text(k)] = deepRedact(v, r);
    return out;
  }
  return value;
}

/** Makes a switch exhaustive at compile time; the caller still handles the impossible at run time. */
function unreachable(_x: never): void {}
