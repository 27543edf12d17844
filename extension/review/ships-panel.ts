/**
 * Exactly what ships for one step, as a reader of the export meets it: the step in words, the
 * cleaned observation HTML rendered (in a sandboxed frame: no scripts, no network), the
 * accessibility text, with every redaction placeholder highlighted; the raw JSON the export writes
 * is one click away (the step comes from `shippableSession`). The text is selectable, so "Redact
 * selected text" can take a term from here.
 */

import { PLACEHOLDER_RE } from '../../shared/placeholder';
import type { ShippedStep } from '../../shared/review';
import { h } from '../ui/dom';
import { describeStep } from './step-text';

/** Text with its placeholders in <mark> (for this page's own DOM). */
export function marked(text: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  let last = 0;
  for (const m of text.matchAll(new RegExp(PLACEHOLDER_RE.source, 'g'))) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    out.push(h('mark', { class: 'ph' }, m[0]));
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * The observation HTML as a document to show in `sandbox=""` with placeholders marked: parsed
 * inertly (DOMParser runs nothing and loads nothing), text placeholders wrapped in <mark>, elements
 * whose attributes (e.g. a field's value) hold one outlined. A CSP meta forbids every fetch even if
 * the frame's inherited policy did not.
 */
export function observationDoc(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const re = new RegExp(PLACEHOLDER_RE.source);
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) {
      if (re.test((n as Text).data)) texts.push(n as Text);
    } else {
      const el = n as Element;
      if ([...el.attributes].some((a) => re.test(a.value))) el.setAttribute('data-ph', '');
    }
  }
  for (const t of texts) {
    const parts = marked(t.data).map((p) =>
      typeof p === 'string'
        ? doc.createTextNode(p)
        : Object.assign(doc.createElement('mark'), { textContent: p.textContent }),
    );
    t.replaceWith(...parts);
  }
  const head = doc.head;
  head.prepend(
    Object.assign(doc.createElement('meta'), {
      httpEquiv: 'Content-Security-Policy',
      content: "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    }),
  );
  const style = doc.createElement('style');
  style.textContent =
    'mark{background:#fde68a;color:#000;outline:1px solid #f29900}[data-ph]{outline:2px solid #f29900;outline-offset:1px}';
  head.append(style);
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}

export function shipsPanel(step: ShippedStep, where: string, close: () => void): HTMLElement {
  const closeBtn = h('button', { type: 'button', 'aria-label': 'Close what ships', onclick: close }, 'Close');
  const raw = (title: string, text: string) =>
    h(
      'div',
      {},
      h('h4', {}, title),
      h('pre', { tabindex: 0, 'aria-label': `${title} of ${where}` }, text || '(empty)'),
    );
  const { observation, ...rest } = step;
  const frame = h('iframe', {
    sandbox: '',
    title: `Cleaned page of ${where}, as exported`,
    class: 'ships-frame',
  });
  frame.srcdoc = observationDoc(observation.html);
  const panel = h(
    'section',
    { class: 'ships', 'aria-labelledby': 'ships-title' },
    h(
      'div',
      { class: 'row ships-head' },
      h('h3', { id: 'ships-title' }, `What ships for ${where}`),
      closeBtn,
    ),
    h('p', { class: 'ships-step' }, ...marked(describeStep(step.action, step.target))),
    h(
      'p',
      { class: 'muted' },
      `${observation.title || '(no title)'} · ${observation.url} · highlighted: redaction placeholders`,
    ),
    h(
      'div',
      { class: 'ships-grid' },
      h('div', {}, h('h4', {}, 'Page as exported'), frame),
      h(
        'div',
        {},
        h('h4', {}, 'Accessibility text'),
        h(
          'pre',
          { tabindex: 0, 'aria-label': `Accessibility text of ${where}` },
          ...(observation.axtree ? marked(observation.axtree) : ['(empty)']),
        ),
      ),
    ),
    h(
      'details',
      { class: 'ships-raw' },
      h('summary', {}, 'Raw JSON'),
      raw('Action', JSON.stringify(step.action, null, 2)),
      raw('Target', JSON.stringify(step.target, null, 2)),
      raw('Cleaned HTML', observation.html),
      raw(
        'Page and timing',
        JSON.stringify(
          {
            url: observation.url,
            title: observation.title,
            viewport: observation.viewport,
            startedAt: rest.startedAt,
            endedAt: rest.endedAt,
            friction: rest.friction,
            events: rest.events,
          },
          null,
          2,
        ),
      ),
    ),
  );
  queueMicrotask(() => closeBtn.focus());
  return panel;
}
