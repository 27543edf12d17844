/**
 * The state of one opened session page, in one object that the page's parts (session-tabs,
 * session-steps, session-leftovers, session-actions) read and write. It used to be the local
 * variables of one long closure; naming it here makes plain what each part depends on.
 */

import type { ReadView, SessionRow } from '../../shared/db';
import type { StoredSession } from '../../shared/read-session';
import type { SessionView } from '../../shared/review';
import type { Player } from './player';
import type { RemoteImages } from './remote-images';
import type { StepList } from './step-list';

export interface SessionPageContext {
  db: ReadView;
  root: HTMLElement;
  say(message: string, error?: boolean): void;
  back(): void;
}

/** The page's fixed regions, built once by the layout; the parts fill them. */
export interface SessionSlots {
  head: HTMLElement;
  tabSlot: HTMLElement;
  assetSlot: HTMLElement;
  stage: HTMLElement;
  /** What ships for the chosen step: under the replay, so the step list stays beside it. */
  shipsSlot: HTMLElement;
  side: HTMLElement;
  /** "Possible personal data left", under the step list so the replay and the steps stay in view. */
  leftoversSlot: HTMLElement;
  report: HTMLElement;
  fixes: HTMLElement;
  audit: HTMLElement;
}

export interface SessionPageState {
  readonly ctx: SessionPageContext;
  readonly sessionId: string;
  readonly slots: SessionSlots;
  session: SessionRow | undefined;
  stored: StoredSession | null;
  view: SessionView | null;
  player: Player | null;
  steps: StepList | null;
  tabIndex: number;
  /** Set when the page is left: a load or render still in flight then touches nothing. */
  disposed: boolean;
  /** Remote images the reviewer chose to load for this opening of the session (default: none). */
  remote: RemoteImages | null;
  /** The row to focus once the leftovers panel is rebuilt after a redaction from it. */
  leftoverFocus: number | null;
}

export function sessionPageState(
  ctx: SessionPageContext,
  sessionId: string,
  slots: SessionSlots,
): SessionPageState {
  return {
    ctx,
    sessionId,
    slots,
    session: undefined,
    stored: null,
    view: null,
    player: null,
    steps: null,
    tabIndex: 0,
    disposed: false,
    remote: null,
    leftoverFocus: null,
  };
}

const EDITABLE = new Set(['stopped', 'in_review']);

/** Only a session not yet decided can be changed. */
export function editable(state: SessionPageState): boolean {
  return state.session !== undefined && EDITABLE.has(state.session.status);
}
