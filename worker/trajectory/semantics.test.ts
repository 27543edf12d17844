import { describe, expect, it } from 'vitest';
import { ELEMENT, MNode } from './mirror';
import { implicitRoleTags, roleOf } from './semantics';

// Every HTML element, plus custom ones: selectors count aria matches only among the elements
// implicitRoleTags names, so it must name every tag roleOf gives a role without a role attribute.
const TAGS = [
  'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption',
  'cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset',
  'figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe frame img',
  'input ins kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup',
  'option output p param picture pre progress q rp rt ruby s samp script search section select slot',
  'small source span strong style sub summary sup table tbody td template textarea tfoot th thead',
  'time title tr track u ul var video wbr svg path x-widget my-card',
]
  .join(' ')
  .split(' ');

const INPUT_TYPES = [
  'button checkbox color date datetime-local email file hidden image month number password radio',
  'range reset search submit tel text time url week',
]
  .join(' ')
  .split(' ');

const VARIANTS: Record<string, string>[] = [
  {},
  { href: '' },
  { multiple: '' },
  { size: '3' },
  { alt: '' },
  { alt: 'x' },
  { scope: 'row' },
  { scope: 'col' },
  { 'aria-label': 'x' },
  { 'aria-labelledby': 'x' },
  ...INPUT_TYPES.flatMap((type): Record<string, string>[] => [{ type }, { type, list: 'x' }]),
];

describe('implicitRoleTags', () => {
  it('names every tag that has a role without a role attribute', () => {
    let id = 1;
    let checked = 0;
    for (const tag of TAGS) {
      for (const attrs of VARIANTS) {
        const role = roleOf(new MNode(id++, ELEMENT, tag, { ...attrs }, ''));
        if (role === null) continue;
        expect(implicitRoleTags(role), `<${tag} ${JSON.stringify(attrs)}> is a ${role}`).toContain(tag);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('gives a contenteditable host either its plain role or textbox, never a third role', () => {
    let id = 1;
    let changed = 0;
    for (const tag of TAGS) {
      const plain = roleOf(new MNode(id++, ELEMENT, tag, {}, ''));
      const editable = roleOf(new MNode(id++, ELEMENT, tag, { contenteditable: 'true' }, ''));
      expect([plain, 'textbox'], `<${tag} contenteditable> is a ${editable}`).toContain(editable);
      if (editable !== plain) changed++;
    }
    expect(changed, 'some tags become textboxes when editable').toBeGreaterThan(10);
  });
});
