/**
 * The walker's strict schemas: unknown keys are dropped, names a page chose are kept only when
 * plausible, every string is redacted or proven non-text, and a string that escapes the walk fails
 * the event. Smuggled keys cannot come from a page (rrweb builds the events), only from a tampered
 * import or a bug, so these are unit tests.
 */
import type { eventWithTime } from '@rrweb/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customEvent } from '../../shared/events';
import type { Redactor } from '../redact/index';
import { CANARY, canaryRedactor } from '../testing/canary-redactor';
import { EventSchema, NodeSchema } from './event-schema';
import { FieldIndex } from './field-index';
import { redactEvent, WalkError } from './walker';
import { everyEvent } from './walker-fixtures';

const t = 1700000000000;

function walk(e: unknown, r: Redactor = canaryRedactor()): eventWithTime {
  const event = e as eventWithTime;
  redactEvent(event, { redactor: r, fields: new FieldIndex(), defer: () => false });
  return event;
}

/** Every key any schema names (valibot schema objects are plain data: entries, options, wrapped, item). */
function schemaKeys(schema: unknown, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return out;
  seen.add(schema);
  const s = schema as {
    entries?: Record<string, unknown>;
    options?: unknown[];
    wrapped?: unknown;
    item?: unknown;
  };
  for (const [k, v] of Object.entries(s.entries ?? {})) {
    out.add(k);
    schemaKeys(v, out, seen);
  }
  for (const o of Array.isArray(s.options) ? s.options : []) schemaKeys(o, out, seen);
  schemaKeys(s.wrapped, out, seen);
  schemaKeys(s.item, out, seen);
  return out;
}
const SCHEMA_KEYS = schemaKeys(NodeSchema, schemaKeys(EventSchema));

/** Every plain object inside a value (records such as attributes included), depth first. */
function objectsIn(x: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(x)) for (const item of x) objectsIn(item, out);
  else if (x !== null && typeof x === 'object') {
    out.push(x as Record<string, unknown>);
    for (const v of Object.values(x)) objectsIn(v, out);
  }
  return out;
}

const snapshot = (attributes: Record<string, unknown>, tagName = 'div') => ({
  type: 2,
  timestamp: t,
  data: {
    node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName, attributes, childNodes: [] }] },
    initialOffset: { top: 0, left: 0 },
  },
});
const element = (e: eventWithTime) =>
  (e.data as { node: { childNodes: { tagName: string; attributes: Record<string, unknown> }[] } }).node
    .childNodes[0]!;

describe('strict rebuild: extra keys', () => {
  it('never lets an extra key with a string value survive unredacted, in any object of any event type', () => {
    const events = everyEvent();
    fc.assert(
      fc.property(
        fc.nat({ max: events.length - 1 }),
        fc.nat(),
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 12 }),
          fc.constantFrom('text', 'value', 'href', '__proto__', 'jane.doe@mail.test', 'rootId', '_cssText'),
          fc.string({ maxLength: 6 }).map((s) => `${s}${CANARY}`),
        ),
        fc.string({ maxLength: 8 }).map((s) => `${s}${CANARY}`),
        (which, where, key, value) => {
          const event = structuredClone(events[which]!);
          const objects = objectsIn(event);
          const target = objects[where % objects.length]!;
          fc.pre(!Object.hasOwn(target, key));
          Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
          try {
            walk(event);
          } catch (e) {
            // A string where a known key wants a number or object fails the event (the stream writer
            // stores a marker instead, import refuses the bundle); an unknown key never does.
            expect(e).toBeInstanceOf(WalkError);
            expect(SCHEMA_KEYS.has(key)).toBe(true);
            return;
          }
          expect(JSON.stringify(event)).not.toContain(CANARY);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('drops extra keys on coordinate-only sources, Meta events and our custom payloads', () => {
    const mouse = walk({
      type: 3,
      timestamp: t,
      data: { source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: 0, note: 'a' }], extra: 'b' },
    });
    expect(mouse.data).toEqual({ source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: 0 }] });
    const scroll = walk({ type: 3, timestamp: t, data: { source: 3, id: 1, x: 0, y: 5, who: 'c' } });
    expect(scroll.data).toEqual({ source: 3, id: 1, x: 0, y: 5 });
    const viewport = walk({ type: 3, timestamp: t, data: { source: 4, width: 1, height: 2, who: 'c' } });
    expect(viewport.data).toEqual({ source: 4, width: 1, height: 2 });
    const meta = walk({
      type: 4,
      timestamp: t,
      extra: 'e',
      data: { href: 'https://x.test/', width: 1, height: 2, title: 'f' },
    });
    expect(meta).toEqual({ type: 4, timestamp: t, data: { href: 'https://x.test/', width: 1, height: 2 } });
    const focus = customEvent('rec/focus', { targetId: 1, previousId: 2 }, t);
    (focus.data.payload as unknown as Record<string, unknown>).label = 'g';
    expect(walk(focus).data).toEqual({ tag: 'rec/focus', payload: { targetId: 1, previousId: 2 } });
    const tab = customEvent('rec/tab', { op: 'window-focus', windowId: 3 }, t);
    (tab.data.payload as unknown as Record<string, unknown>).title = 'h';
    expect(walk(tab).data).toEqual({ tag: 'rec/tab', payload: { op: 'window-focus', windowId: 3 } });
  });

  it('keeps what replay needs (rootId, shadow flags, isStyle, _cssText, rr_* attributes)', () => {
    const data = {
      node: {
        type: 0,
        id: 1,
        compatMode: 'CSS1Compat',
        childNodes: [
          {
            type: 2,
            id: 2,
            tagName: 'style',
            rootId: 9,
            isShadowHost: true,
            isShadow: false,
            attributes: { _cssText: '.a{color:red}', rr_width: '10px', rr_mediaCurrentTime: 3, open: true },
            childNodes: [{ type: 3, id: 3, textContent: '.b{}', isStyle: true, rootId: 9 }],
            isSVG: true,
            needBlock: false,
            isCustom: true,
          },
        ],
      },
      initialOffset: { top: 1, left: 2 },
    };
    const e = walk({ type: 2, timestamp: t, data: structuredClone(data) });
    expect(e.data).toEqual(data);
  });
});

describe('strict rebuild: names a page chose', () => {
  it('keeps HTML, SVG, ARIA, data-* and framework attribute names', () => {
    const names = [
      'class',
      'viewBox',
      'xlink:href',
      'aria-label',
      'data-testid',
      'data-v-7ba5bd90',
      '@click',
      '@click.prevent',
      ':class',
      'v-if',
      'v-bind:[key]',
      '#default',
      'x-on:click.outside',
      'x-data',
      '(click)',
      '[disabled]',
      '*ngIf',
      'hx-get',
      '_ngcontent-c0',
    ];
    const e = walk(snapshot(Object.fromEntries(names.map((n) => [n, 'v']))));
    expect(Object.keys(element(e).attributes)).toEqual(names);
  });

  it('drops attribute names that look like personal data or that the redactor would change', () => {
    const kept = { title: 'x' };
    const e = walk(
      snapshot({
        ...kept,
        'jane.doe@mail.test': '',
        'data-user-jane@mail.test': '',
        '4111111111111111': '',
        'data-phone-4155550134': '',
        'has space': '',
        'a/b': '',
        [`data-${CANARY}`]: '', // the canary redactor changes it
        ['x'.repeat(100)]: '',
      }),
    );
    expect(element(e).attributes).toEqual(kept);
  });

  it('drops implausible CSS property names in style objects and fails a style declaration on one', () => {
    const e = walk({
      type: 3,
      timestamp: t,
      data: {
        source: 0,
        adds: [],
        removes: [],
        texts: [],
        attributes: [
          {
            id: 2,
            attributes: {
              style: {
                color: 'red',
                '--brand': ['blue', 'important'],
                'jane@mail.test': 'x',
                '-webkit-x': false,
              },
            },
          },
        ],
      },
    });
    const attrs = (e.data as { attributes: { attributes: Record<string, unknown> }[] }).attributes[0]!
      .attributes;
    expect(attrs).toEqual({ style: { color: 'red', '--brand': ['blue', 'important'], '-webkit-x': false } });
    expect(() =>
      walk({
        type: 3,
        timestamp: t,
        data: {
          source: 13,
          id: 1,
          index: [0],
          set: { property: 'jane@mail.test', value: 'x', priority: '' },
        },
      }),
    ).toThrow(/property name/);
  });

  it('replaces an implausible tag name by a neutral custom element and keeps its subtree', () => {
    const e = walk(snapshot({ title: 'x' }, 'jane.doe@mail.test'));
    expect(element(e)).toMatchObject({ tagName: 'x-redacted', attributes: { title: 'x' } });
  });
});

describe('strict rebuild: strings proven non-text', () => {
  it('keeps enums and known tokens, and redacts or replaces anything else', () => {
    const mods = { ctrl: true, alt: false, shift: false, meta: false };
    const shortcut = walk(
      customEvent(
        'rec/keystroke',
        { kind: 'shortcut', key: 'hunter2', targetId: 1, modifiers: mods, repeat: false },
        t,
      ),
    );
    expect(shortcut.data).toMatchObject({ payload: { key: '?' } });
    const slash = walk(
      customEvent(
        'rec/keystroke',
        { kind: 'shortcut', key: 'Slash', targetId: 1, modifiers: mods, repeat: false },
        t,
      ),
    );
    expect(slash.data).toMatchObject({ payload: { key: 'Slash' } });
    const nav = walk(
      customEvent(
        'rec/navigation',
        {
          tabId: 1,
          frameId: 0,
          url: 'https://x.test/',
          transition: `x${CANARY}`,
          qualifiers: ['forward_back', CANARY],
        },
        t,
      ),
    );
    expect(nav.data).toMatchObject({ payload: { transition: 'x[X]', qualifiers: ['forward_back', '[X]'] } });
    const task = walk(customEvent('rec/task', { op: 'end', taskId: `id-${CANARY}`, outcome: 'done' }, t));
    expect(task.data).toMatchObject({ payload: { taskId: 'id-[X]' } });
  });

  it('fails an event whose enum holds anything but its values', () => {
    const bad = customEvent('rec/clipboard', { op: 'paste', targetId: 1 }, t);
    (bad.data.payload as unknown as Record<string, unknown>).op = `paste ${CANARY}`;
    expect(() => walk(bad)).toThrow(/enum/);
  });

  it('redacts every string of an unknown custom tag, keys included', () => {
    const e = walk({
      type: 5,
      timestamp: t,
      data: { tag: `x/${CANARY}`, payload: { [CANARY]: [CANARY], n: 1 } },
    });
    expect(e.data).toEqual({ tag: 'x/[X]', payload: { '[X]': ['[X]'], n: 1 } });
  });
});

describe('strict rebuild: the final census', () => {
  it('fails the event when a string reaches it outside the walk (a redactor returning a non-string)', () => {
    const r = canaryRedactor();
    const broken: Redactor = { ...r, url: (s) => ({ leak: s }) as unknown as string };
    expect(() =>
      walk(
        { type: 4, timestamp: t, data: { href: `https://x.test/${CANARY}`, width: 1, height: 1 } },
        broken,
      ),
    ).toThrow(/escaped/);
  });

  it('passes every event of every type (nothing legitimate trips it)', () => {
    for (const e of everyEvent()) expect(() => walk(e)).not.toThrow();
  });
});
