/**
 * One session under review: the replay of its stored, redacted events beside the step list of its
 * trajectories, what ships per step, the redaction report, the fixes (redact more, delete steps or
 * a range, edit intent and outcome, split, merge, undo), the decision and the audit log.
 *
 * The replay reads the events here (the Replayer needs them on this thread); everything that
 * segments or rewrites runs in the review worker.
 *
 * This file holds the layout, the load and the order of rendering. The page's state is one
 * object (session-state.ts) handed to the parts: the replay and its tabs (session-tabs.ts), a
 * chosen step (session-steps.ts), the personal data left (session-leftovers.ts) and the changes
 * (session-actions.ts).
 */

import { h, put } from '../ui/dom';
import { auditPanel } from './audit-log';
import { actor, worker } from './client';
import { STATUS_LABELS } from './filters';
import { fixTools } from './fix-tools';
import { redactionReport } from './redaction-report';
import { readForReplay } from './replay-events';
import { type SessionActions, sessionActions } from './session-actions';
import { sessionHead } from './session-head';
import { renderLeftovers } from './session-leftovers';
import {
  editable,
  type SessionPageContext,
  type SessionPageState,
  type SessionSlots,
  sessionPageState,
} from './session-state';
import { applyMarkers, showTab, tabPicker } from './session-tabs';
import { stepList } from './step-list';

export async function openSessionPage(ctx: SessionPageContext, sessionId: string): Promise<() => void> {
  performance.mark('review:open');
  const slots = layout(ctx.root);
  const state = sessionPageState(ctx, sessionId, slots);
  const actions = sessionActions(state, (opts) => load(state, actions, opts));
  await load(state, actions, { events: true });
  return () => {
    state.disposed = true;
    state.player?.destroy();
    state.player = null;
    state.remote?.release();
  };
}

/** Builds the page's regions into `root`; they start with what shows while the first load runs. */
function layout(root: HTMLElement): SessionSlots {
  const slots: SessionSlots = {
    head: h('div', { class: 'session-head' }),
    tabSlot: h('div', { class: 'tab-slot' }),
    assetSlot: h('div', { class: 'asset-slot' }),
    stage: h('div', { class: 'player' }),
    shipsSlot: h('div', { class: 'ships-slot' }),
    side: h('div', { class: 'side' }, h('p', { class: 'muted', role: 'status' }, 'Segmenting steps…')),
    leftoversSlot: h('div', { class: 'leftovers-slot' }),
    report: h('div', {}, h('p', { class: 'muted' }, 'Loading…')),
    fixes: h('div', {}),
    audit: h('div', {}),
  };
  put(
    root,
    h(
      'article',
      { class: 'session-view', 'aria-labelledby': 'session-title' },
      slots.head,
      h(
        'div',
        { class: 'session-main' },
        h('div', { class: 'replay-col' }, slots.tabSlot, slots.assetSlot, slots.stage, slots.shipsSlot),
        h('div', { class: 'side-col' }, slots.side, slots.leftoversSlot),
      ),
      h(
        'div',
        { class: 'session-more' },
        details('Redaction report', slots.report, true),
        details('Fix before approve', slots.fixes, false),
        details('Audit log', slots.audit, false),
      ),
    ),
  );
  return slots;
}

/**
 * (Re)reads the session and rebuilds the page; `events` re-reads the stored events and rebuilds
 * the replay too (after a change to them), keeping the replay's time and the step list's scroll.
 */
async function load(
  state: SessionPageState,
  actions: SessionActions,
  opts: { events: boolean },
): Promise<void> {
  const { ctx, sessionId, slots } = state;
  const at = state.player?.now() ?? null;
  const scroll = slots.side.querySelector('.steps-scroll')?.scrollTop ?? 0;
  state.session = await ctx.db.sessions.get(sessionId);
  if (state.disposed) return;
  if (!state.session) {
    ctx.say('That session no longer exists.', true);
    ctx.back();
    return;
  }
  renderHead(state, actions);
  if (opts.events || !state.stored) {
    state.stored = await readForReplay(ctx.db, sessionId);
    performance.mark('review:events-read');
    if (state.disposed) return;
    put(slots.tabSlot, tabPicker(state));
    showTab(state, Math.min(state.tabIndex, Math.max(0, state.stored.tabs.length - 1)), at);
    // Segmenting a long session takes the worker a while: the first frame goes first.
    await Promise.race([state.player?.ready, new Promise((r) => setTimeout(r, 1500))]);
  }
  // Opening a stopped session is the reviewer starting its review: the worker moves it to "in
  // review" and logs who (worker/store/lifecycle.ts). Building the view changes no status.
  if (state.session.status === 'stopped') {
    await worker.startReview(sessionId, actor()).catch((e: unknown) => {
      ctx.say(`Could not start the review: ${e instanceof Error ? e.message : String(e)}`, true);
    });
  }
  state.view = await worker.open(sessionId).catch((e: unknown) => {
    ctx.say(`Could not segment the steps: ${e instanceof Error ? e.message : String(e)}`, true);
    return null;
  });
  if (state.disposed) return;
  state.session = (await ctx.db.sessions.get(sessionId)) ?? state.session; // now "in review"
  renderHead(state, actions);
  await renderView(state, actions);
  const scroller = slots.side.querySelector('.steps-scroll');
  if (scroller) scroller.scrollTop = scroll;
}

function renderHead(state: SessionPageState, actions: SessionActions): void {
  const { session, ctx } = state;
  if (!session) return;
  put(
    state.slots.head,
    ...sessionHead(session, state.view, editable(state), {
      back: ctx.back,
      undo: () => void actions.undo(),
      decide: (d) => void actions.decide(d),
      remove: () => void actions.deleteWhole(),
    }),
  );
}

/** Everything built from the segmented view: step list, markers, report, fixes, audit, leftovers. */
async function renderView(state: SessionPageState, actions: SessionActions): Promise<void> {
  const { view, session, slots, ctx } = state;
  if (!view || !session) return;
  slots.shipsSlot.replaceChildren(); // what ships for a step may have changed with any edit
  const steps = stepList(view, session.startedAt, editable(state), actions.steps);
  state.steps = steps;
  slots.side.replaceChildren(steps.el);
  performance.mark('review:steps');
  applyMarkers(state);
  if (state.player)
    steps.follow(state.player.now(), state.stored?.tabs[state.tabIndex]?.tabId ?? null, false);
  put(
    slots.report,
    redactionReport(session, view, (text) => state.steps?.find(text)),
  );
  put(
    slots.fixes,
    editable(state)
      ? fixTools({
          canRedact: view.canRedact,
          start: session.startedAt,
          end: session.endedAt ?? session.startedAt,
          now: () => state.player?.now() ?? state.session?.startedAt ?? 0,
          redact: actions.redact,
          deleteRange: actions.deleteRange,
          say: (m) => ctx.say(m, true),
        })
      : h(
          'p',
          { class: 'muted' },
          `The session is ${STATUS_LABELS[session.status].toLowerCase()}: it can no longer be changed.`,
        ),
  );
  put(slots.audit, await auditPanel(ctx.db, state.sessionId));
  await renderLeftovers(state, actions);
}

function details(title: string, body: HTMLElement, open: boolean): HTMLElement {
  return h('details', { class: 'card', open }, h('summary', {}, h('h3', {}, title)), body);
}
