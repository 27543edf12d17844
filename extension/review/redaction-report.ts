/**
 * The redaction report: counts per entity type, every placeholder in the stored events (each one a
 * button that finds it in the step list), and what detection does not cover.
 */
import type { SessionRow } from '../../shared/db';
import type { SessionView } from '../../shared/review';
import { h } from '../ui/dom';

export function redactionReport(
  session: SessionRow,
  view: SessionView,
  find: (text: string) => void,
): HTMLElement {
  const byType = new Map<string, SessionView['placeholders']>();
  for (const p of view.placeholders) byType.set(p.type, [...(byType.get(p.type) ?? []), p]);
  const types = new Set([
    ...Object.keys(session.redactions).filter((k) => (session.redactions[k] ?? 0) > 0),
    ...byType.keys(),
  ]);
  const counts = [...types].sort().map((t): [string, string] => [t, String(session.redactions[t] ?? '—')]);
  return h(
    'div',
    { class: 'report' },
    counts.length === 0
      ? h('p', { class: 'muted' }, 'Nothing was redacted in this session.')
      : h(
          'table',
          { 'aria-label': 'Redactions by type' },
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, 'Type'), h('th', {}, 'Redacted'), h('th', {}, 'Placeholders')),
          ),
          h(
            'tbody',
            {},
            ...counts.map(([type, n]) =>
              h(
                'tr',
                {},
                h('td', {}, type),
                h('td', { class: 'num' }, n),
                h(
                  'td',
                  { class: 'placeholders' },
                  ...(byType.get(type) ?? []).map((p) =>
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'link',
                        'aria-label': `Find ${p.placeholder} in steps (${p.steps.length} steps)`,
                        onclick: () => find(p.placeholder),
                      },
                      p.placeholder,
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
    h('h4', {}, 'What was not covered'),
    h(
      'p',
      { class: 'muted' },
      'Detection is automatic and can miss things. Check the replay and the steps for these, and use "Redact more" for anything left:',
    ),
    h('ul', { class: 'not-covered' }, ...view.notCovered.map((line) => h('li', {}, line))),
  );
}
