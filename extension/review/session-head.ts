/**
 * The session view's header: title (the first task's intent after edits), status, what was
 * recorded, the decision once made, and the session's actions (undo, approve, reject, delete).
 */
import type { SessionRow } from '../../shared/db';
import type { SessionView } from '../../shared/review';
import { type Child, formatBytes, formatDuration, h } from '../ui/dom';
import type { Decision } from './decision';
import { duration, STATUS_LABELS } from './filters';

export interface HeadActions {
  back(): void;
  undo(): void;
  decide(decision: Decision): void;
  remove(): void;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function sessionHead(
  s: SessionRow,
  view: SessionView | null,
  editable: boolean,
  on: HeadActions,
): Child[] {
  const steps = view ? view.trajectories.reduce((a, t) => a + t.steps.length, 0) : null;
  const title = view?.trajectories.find((t) => t.intent)?.intent ?? s.intent ?? 'Session without intent';
  const undo = view?.undo;
  const facts = [
    new Date(s.startedAt).toLocaleString(),
    s.origins.join(', '),
    formatDuration(duration(s)),
    `${formatBytes(s.bytes)} stored`,
    `${s.eventCount} events`,
    steps === null ? null : `${plural(steps, 'step')} in ${plural(view?.trajectories.length ?? 0, 'task')}`,
  ];
  const button = (label: string, onclick: () => void, cls?: string) =>
    h('button', { type: 'button', class: cls, onclick }, label);
  return [
    h(
      'div',
      { class: 'row' },
      button('← All sessions', on.back, 'back'),
      h('h2', { id: 'session-title', tabindex: -1 }, title),
      h('span', { class: `pill ${s.status}` }, STATUS_LABELS[s.status]),
    ),
    h('p', { class: 'muted meta' }, facts.filter(Boolean).join(' · ')),
    s.review
      ? h(
          'p',
          { class: 'decision' },
          `${s.review.decision === 'approved' ? 'Approved' : 'Rejected'} by ${s.review.reviewer} on ${new Date(s.review.at).toLocaleString()}`,
          s.review.note ? ` — ${s.review.note}` : '',
        )
      : null,
    h(
      'div',
      { class: 'row actions' },
      editable
        ? h(
            'button',
            { type: 'button', disabled: !undo, onclick: on.undo },
            undo ? `Undo: ${undo.label}` : 'Undo (nothing to undo)',
          )
        : null,
      editable ? button('Approve session', () => on.decide('approved'), 'primary') : null,
      // One way to the export page, which offers both the download and the upload of the bundle.
      s.status === 'approved'
        ? h(
            'a',
            { href: chrome.runtime.getURL(`export.html#export=${s.id}`), class: 'button' },
            'Export or upload this session',
          )
        : null,
      editable ? button('Reject session', () => on.decide('rejected')) : null,
      s.status === 'recording'
        ? h('span', { class: 'muted' }, 'Still recording: stop it before reviewing.')
        : button('Delete session', on.remove, 'danger'),
    ),
  ];
}
