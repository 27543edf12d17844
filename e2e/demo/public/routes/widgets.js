/**
 * /widgets: the hard cases for a DOM recorder side by side: iframes (same- and cross-origin), an
 * open shadow root, CSS that exists only in the CSSOM, and values set by script.
 */
import { h } from '../dom.js';
import { createStyledCard } from '../widgets/css-in-js.js';
import '../widgets/rating-widget.js';

/** The same server reached through the other loopback name is a different origin. */
function partnerUrl() {
  const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return `${location.protocol}//${other}:${location.port}/partner.html`;
}

function panel(title, description, ...content) {
  return h(
    'section',
    // Headings deliberately differ from the widgets' own accessible names so locators stay unique.
    { class: 'card panel' },
    h('h2', {}, title),
    h('p', { class: 'muted small' }, description),
    ...content,
  );
}

function programmaticValue() {
  const input = h('input', {
    id: 'programmatic-input',
    name: 'programmatic',
    type: 'text',
    placeholder: 'Type here or let the page set it',
    'data-testid': 'programmatic-input',
  });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button secondary',
      'data-testid': 'programmatic-set',
      // A page-set value: no input event, so only a value-setter hook can see it.
      onclick: () => {
        input.value = 'set-by-script';
      },
    },
    'Set value',
  );
  return h(
    'div',
    { class: 'field' },
    h('label', { for: 'programmatic-input' }, 'Programmatic value'),
    h('div', { class: 'inline' }, input, button),
  );
}

export function renderWidgets(page) {
  page.append(
    h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        {},
        h('h1', {}, 'Widgets'),
        h('p', { class: 'muted' }, 'Embedded tools and integrations on your support workspace.'),
      ),
    ),
    h(
      'div',
      { class: 'widget-grid' },
      panel(
        'Customer notes',
        'Same-origin iframe.',
        h('iframe', {
          title: 'Embedded notes',
          src: '/frame.html',
          class: 'embed-frame',
          'data-testid': 'widgets-frame-notes',
        }),
      ),
      panel(
        'Shipping partner',
        `Cross-origin iframe served from ${new URL(partnerUrl()).host}.`,
        h('iframe', {
          title: 'Partner widget',
          src: partnerUrl(),
          class: 'embed-frame',
          'data-testid': 'widgets-frame-partner',
        }),
      ),
      panel(
        'Conversation rating',
        'Custom element with an open shadow root.',
        h('rating-widget', { 'data-testid': 'rating-widget' }),
      ),
      panel('Plan card', 'Styled at runtime with insertRule and adoptedStyleSheets.', createStyledCard()),
      panel('Script-filled field', 'An input whose value is set by script.', programmaticValue()),
    ),
  );
}
