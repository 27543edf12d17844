/**
 * Exactly what ships for one step, beside the replay: the action, the target, the accessibility
 * text and the cleaned HTML, as the export writes them (the step comes from `shippableSession`).
 * The text is selectable, so "Redact selected text" can take a term from here.
 */
import type { ShippedStep } from '../../shared/review';
import { h } from '../ui/dom';
import { describeStep } from './step-text';

export function shipsPanel(step: ShippedStep, where: string, close: () => void): HTMLElement {
  const closeBtn = h('button', { type: 'button', 'aria-label': 'Close what ships', onclick: close }, 'Close');
  const block = (title: string, text: string) =>
    h(
      'details',
      { open: true },
      h('summary', {}, title),
      h('pre', { tabindex: 0, 'aria-label': `${title} of ${where}` }, text || '(empty)'),
    );
  const { observation, ...rest } = step;
  const panel = h(
    'section',
    { class: 'ships', 'aria-labelledby': 'ships-title' },
    h(
      'div',
      { class: 'row ships-head' },
      h('h3', { id: 'ships-title' }, `What ships for ${where}`),
      closeBtn,
    ),
    h('p', {}, describeStep(step.action, step.target)),
    block('Action', JSON.stringify(step.action, null, 2)),
    block('Target', JSON.stringify(step.target, null, 2)),
    block('Accessibility text', observation.axtree),
    block('Cleaned HTML', observation.html),
    block(
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
  );
  queueMicrotask(() => closeBtn.focus());
  return panel;
}
