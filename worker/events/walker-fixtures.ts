/**
 * Test events for the walker: one event of every type, incremental source and custom tag, with a
 * canary in every string value.
 */
import type { eventWithTime } from '@rrweb/types';
import { customEvent } from '../../shared/events';
import { CANARY } from '../testing/canary-redactor';

const C = CANARY;
const t = 1700000000000;

/** One event of every type and source, with a canary in every string value. */
export function everyEvent(): eventWithTime[] {
  const el = (
    id: number,
    tagName: string,
    attributes: Record<string, string>,
    childNodes: unknown[] = [],
  ) => ({
    type: 2,
    id,
    tagName,
    attributes,
    childNodes,
  });
  const snapshot = {
    type: 0,
    id: 1,
    childNodes: [
      { type: 1, id: 2, name: `html${C}`, publicId: C, systemId: `http://x/${C}` },
      el(3, 'html', { lang: C }, [
        el(4, 'style', {}, [{ type: 3, id: 5, textContent: `.a{content:"${C}"}`, isStyle: true }]),
        el(
          6,
          'a',
          {
            href: `https://x.test/?q=${C}`,
            title: C,
            'data-x': C,
            srcset: `a.png?${C} 1x`,
            style: `color:red;--v:${C}`,
          },
          [{ type: 3, id: 7, textContent: `hello ${C}` }],
        ),
        el(8, 'input', { type: 'text', name: 'email', value: C, placeholder: C, 'aria-label': C }),
        el(9, 'textarea', { name: 'notes' }, [{ type: 3, id: 10, textContent: C }]),
        { type: 5, id: 11, textContent: C },
        { type: 4, id: 12, textContent: C },
      ]),
    ],
  };
  const inc = (data: object) => ({ type: 3, timestamp: t, data });
  const raw = [
    { type: 0, timestamp: t, data: { leak: C } },
    { type: 1, timestamp: t, data: { leak: C } },
    { type: 4, timestamp: t, data: { href: `https://x.test/${C}`, width: 1, height: 1 } },
    { type: 2, timestamp: t, data: { node: snapshot, initialOffset: { top: 0, left: 0 } } },
    inc({
      source: 0,
      texts: [{ id: 7, value: C }],
      attributes: [
        {
          id: 6,
          attributes: {
            title: C,
            href: `https://x.test/${C}`,
            style: { color: C, margin: [C, 'important'] },
          },
        },
      ],
      removes: [],
      adds: [
        { parentId: 3, nextId: null, node: el(20, 'p', { title: C }, [{ type: 3, id: 21, textContent: C }]) },
      ],
    }),
    inc({ source: 1, positions: [{ x: 1, y: 1, id: 6, timeOffset: 0 }] }),
    inc({ source: 2, type: 2, id: 6, x: 1, y: 1 }),
    inc({ source: 3, id: 1, x: 0, y: 10 }),
    inc({ source: 4, width: 10, height: 10 }),
    inc({ source: 5, id: 8, text: C, isChecked: false }),
    inc({ source: 6, positions: [] }),
    inc({ source: 7, id: 6, type: 0 }),
    inc({ source: 8, id: 4, adds: [{ rule: `.b{content:"${C}"}` }], replace: C, replaceSync: C }),
    inc({ source: 9, id: 1, type: 0, commands: [{ property: C, args: [C] }] }),
    inc({ source: 10, family: C, fontSource: `url(https://x.test/${C})`, buffer: false }),
    inc({ source: 11, level: 'log', payload: [C], trace: [] }),
    inc({ source: 12, positions: [] }),
    inc({ source: 13, id: 4, index: [0], set: { property: 'color', value: C, priority: '' } }),
    inc({ source: 14, ranges: [] }),
    inc({
      source: 15,
      id: 1,
      styleIds: [1],
      styles: [{ styleId: 1, rules: [{ rule: `.c{content:"${C}"}` }] }],
    }),
    inc({ source: 16, define: { name: `x-${C}` } }),
    customEvent('rec/clipboard', { op: 'paste', targetId: 8, text: C }, t),
    customEvent(
      'rec/keystroke',
      {
        kind: 'named',
        key: 'Enter',
        targetId: 8,
        modifiers: { ctrl: false, alt: false, shift: false, meta: false },
        repeat: false,
      },
      t,
    ),
    customEvent(
      'rec/layout',
      {
        action: 'click',
        targetId: 6,
        box: { x: 1, y: 2, width: 3, height: 4 },
        visible: true,
        viewport: { width: 800, height: 600 },
        dpr: 1,
        scroll: { x: 0, y: 0 },
        candidates: [{ id: 8, box: { x: 1, y: 2, width: 3, height: 4 } }],
      },
      t,
    ),
    customEvent('rec/focus', { targetId: 8, previousId: null }, t),
    customEvent('rec/tab', { op: 'activated', tabId: 1, windowId: 1 }, t),
    customEvent('rec/task', { op: 'end', taskId: 'x', outcome: 'done' }, t),
    customEvent(
      'rec/navigation',
      { tabId: 1, frameId: 0, url: `https://x.test/${C}`, transition: 'link', qualifiers: [] },
      t,
    ),
    customEvent('rec/task', { op: 'start', taskId: 'x', intent: C }, t),
    customEvent('rec/degraded', { reason: 'mutation-budget', detail: C }, t),
    { type: 5, timestamp: t, data: { tag: `unknown-${C}`, payload: { deep: [{ x: C }] } } },
    { type: 6, timestamp: t, data: { plugin: C, payload: { x: C } } },
    { type: 7, timestamp: t, data: { url: C, payload: { rr_type: 'CssText', cssTexts: [C] } } },
  ];
  return raw as unknown as eventWithTime[];
}
