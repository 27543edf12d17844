/**
 * One session under review: the replay of its stored, redacted events beside the step list of its
 * trajectories, what ships per step, the redaction report, the fixes (redact more, delete steps or
 * a range, edit intent and outcome, split, merge, undo), the decision and the audit log.
 *
 * The replay reads the events here (the Replayer needs them on this thread); everything that
 * segments or rewrites runs in the review worker.
 */

import type { ReadView, SessionRow } from '../../shared/db';
import { EventType } from '../../shared/events';
import type { StoredSession } from '../../shared/read-session';
import { neutralizeRemoteAssets } from '../../shared/replay-assets';
import type { ReviewEdit, SessionView, StepView } from '../../shared/review';
import type { AdminRules } from '../../worker/redact/index';
import type { LeftoverItem } from '../../worker/review/leftover-texts';
import { formatDuration, h, put } from '../ui/dom';
import { auditPanel } from './audit-log';
import { actor, worker } from './client';
import { confirmDecision, type Decision } from './decision';
import { STATUS_LABELS } from './filters';
import { fixTools } from './fix-tools';
import { leftoversPanel, leftoversPlaceholder } from './leftovers-panel';
import { createPlayer, type HighlightTarget, type Player } from './player';
import { redactionReport } from './redaction-report';
import { loadRemoteImages, type RemoteImages, remoteImagesBar } from './remote-images';
import { readForReplay } from './replay-events';
import { plural, sessionHead } from './session-head';
import { shipsPanel } from './ships-panel';
import { type StepList, type StepRef, stepList } from './step-list';
import { describeStep } from './step-text';
import type { Marker } from './timeline';

export interface SessionPageContext {
  db: ReadView;
  root: HTMLElement;
  say(message: string, error?: boolean): void;
  back(): void;
}

const EDITABLE = new Set(['stopped', 'in_review']);

export async function openSessionPage(ctx: SessionPageContext, sessionId: string): Promise<() => void> {
  performance.mark('review:open');
  let session: SessionRow | undefined;
  let stored: StoredSession | null = null;
  let view: SessionView | null = null;
  let player: Player | null = null;
  let steps: StepList | null = null;
  let tabIndex = 0;
  let disposed = false;
  /** Remote images the reviewer chose to load for this opening of the session (default: none). */
  let remote: RemoteImages | null = null;

  const head = h('div', { class: 'session-head' });
  const tabSlot = h('div', { class: 'tab-slot' });
  const assetSlot = h('div', { class: 'asset-slot' });
  const stage = h('div', { class: 'player' });
  /** What ships for the chosen step: under the replay, so the step list stays beside it. */
  const shipsSlot = h('div', { class: 'ships-slot' });
  const side = h('div', { class: 'side' }, h('p', { class: 'muted', role: 'status' }, 'Segmenting steps…'));
  /** "Possible personal data left", under the step list so the replay and the steps stay in view. */
  const leftoversSlot = h('div', { class: 'leftovers-slot' });
  /** The row to focus once the panel is rebuilt after a redaction from it. */
  let leftoverFocus: number | null = null;
  const report = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const fixes = h('div', {});
  const audit = h('div', {});
  put(
    ctx.root,
    h(
      'article',
      { class: 'session-view', 'aria-labelledby': 'session-title' },
      head,
      h(
        'div',
        { class: 'session-main' },
        h('div', { class: 'replay-col' }, tabSlot, assetSlot, stage, shipsSlot),
        h('div', { class: 'side-col' }, side, leftoversSlot),
      ),
      h(
        'div',
        { class: 'session-more' },
        details('Redaction report', report, true),
        details('Fix before approve', fixes, false),
        details('Audit log', audit, false),
      ),
    ),
  );

  const editable = () => session !== undefined && EDITABLE.has(session.status);

  // ---- the replay ----

  const showTab = (index: number, at: number | null) => {
    player?.destroy();
    player = null;
    tabIndex = index;
    const tab = stored?.tabs[index];
    if (!tab || tab.events.length < 2) {
      stage.replaceChildren(h('p', { class: 'muted' }, 'Nothing to replay in this tab.'));
      return;
    }
    // The replay contacts no one: remote references become placeholders unless chosen below.
    const replay = neutralizeRemoteAssets(tab.events, { images: remote?.map });
    put(
      assetSlot,
      remoteImagesBar(replay.remoteImages.length, remote, () => void loadRemote()),
    );
    player = createPlayer(replay.events, stage, {
      origin: session?.startedAt,
      onTime: (t, playing) => steps?.follow(t, tab.tabId, playing),
    });
    performance.mark('review:replayer-built');
    const p = player;
    void p.ready.then(() => {
      performance.mark('review:first-frame');
      if (at !== null && player === p) p.seekTo(at);
    });
    applyMarkers();
  };

  const loadRemote = async () => {
    if (!stored || remote) return;
    const urls = new Set(stored.tabs.flatMap((t) => neutralizeRemoteAssets(t.events).remoteImages));
    put(assetSlot, h('p', { class: 'muted', role: 'status' }, 'Loading remote images…'));
    const loaded = await loadRemoteImages([...urls]);
    if (disposed) return loaded.release();
    remote = loaded;
    showTab(tabIndex, player?.now() ?? null);
  };

  const applyMarkers = () => {
    const tab = stored?.tabs[tabIndex];
    if (!player || !view || !tab) return;
    const markers: Marker[] = [];
    for (const t of view.trajectories) {
      markers.push({
        at: t.startedAt,
        kind: 'task',
        label: `Task ${t.index + 1}: ${t.intent ?? 'no intent'}`,
      });
      for (const s of t.steps) {
        if (s.tabId === null || s.tabId === tab.tabId) {
          markers.push({
            at: s.startedAt,
            kind: 'step',
            label: `Step ${s.index + 1}: ${describeStep(s.action, s.target)}`,
          });
        }
      }
    }
    // Pauses are holes in the record: marked so the replay's jump over them is not mistaken for data.
    for (const e of stored?.sessionEvents ?? []) {
      const data = e.data as { tag?: unknown; payload?: { phase?: unknown } };
      if (e.type !== EventType.Custom || data.tag !== 'rec/paused') continue;
      const resumed = data.payload?.phase === 'resumed';
      markers.push({
        at: e.timestamp,
        kind: 'gap',
        label: resumed ? 'Recording resumed after a pause' : 'Paused: nothing recorded until resumed',
      });
    }
    player.setMarkers(markers);
  };

  const tabPicker = () => {
    if (!stored || stored.tabs.length < 2) return null;
    const picker = h(
      'select',
      { 'aria-label': 'Tab to replay' },
      ...stored.tabs.map((t, i) =>
        h('option', { value: i, selected: i === tabIndex }, `Tab ${i + 1} (${t.streams.length} page loads)`),
      ),
    );
    picker.addEventListener('change', () => showTab(Number(picker.value), null));
    return h('p', { class: 'row' }, picker);
  };

  const stepOf = (ref: StepRef): StepView | undefined => view?.trajectories[ref.t]?.steps[ref.s];

  const selectStep = (ref: StepRef) => {
    const step = stepOf(ref);
    if (!step || !stored) return;
    const tab = step.tabId === null ? -1 : stored.tabs.findIndex((t) => t.tabId === step.tabId);
    if (tab >= 0 && tab !== tabIndex) {
      const picker = tabSlot.querySelector('select');
      if (picker) picker.value = String(tab);
      showTab(tab, null);
    }
    const p = player;
    if (!p) return;
    const go = () => {
      p.pause(); // a chosen step is for looking at: the playhead must not carry on past it
      p.seekTo(step.startedAt);
      steps?.setCurrent(ref, true);
      requestAnimationFrame(() => p.highlight(targetOf(step)));
    };
    if (tab >= 0 && tab !== tabIndex) void p.ready.then(go);
    else go();
  };

  // ---- possible personal data left ----

  const markLeftover = (item: LeftoverItem | null, scroll: boolean) => {
    steps?.mark(item?.steps ?? null, scroll);
    player?.markText(item?.term ?? null);
  };

  const showLeftover = (item: LeftoverItem) => {
    if (!stored) return;
    const here = stored.tabs[tabIndex]?.tabId;
    // The current tab's first occurrence, else the first one in a tab that has a replay.
    const place =
      item.places.find((p) => p.tabId === here) ??
      item.places.find((p) => p.tabId !== null) ??
      item.places[0];
    if (!place) return;
    const tab = place.tabId === null ? -1 : stored.tabs.findIndex((t) => t.tabId === place.tabId);
    if (tab >= 0 && tab !== tabIndex) {
      const picker = tabSlot.querySelector('select');
      if (picker) picker.value = String(tab);
      showTab(tab, null);
    }
    const p = player;
    if (!p) return;
    const go = () => {
      p.pause();
      p.seekTo(place.at);
      steps?.mark(item.steps, true);
      requestAnimationFrame(() => p.markText(item.term));
    };
    void p.ready.then(go);
  };

  const renderLeftovers = async () => {
    const v = view;
    if (!v) return;
    put(leftoversSlot, leftoversPlaceholder('Looking for what detection may have missed…'));
    const items = await worker.leftovers(sessionId).catch((e: unknown) => {
      put(
        leftoversSlot,
        leftoversPlaceholder(
          `Could not look for personal data left: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
      return null;
    });
    if (!items || disposed || view !== v) return;
    const panel = leftoversPanel(items, {
      canRedact: editable() && v.canRedact,
      mark: markLeftover,
      show: showLeftover,
      redact: (item, index) => {
        void run(
          async () => {
            const { counts } = await worker.redactLeftover(sessionId, item.term, item.kind, actor());
            leftoverFocus = index; // the rebuilt panel focuses the row now at this index
            const n = Object.values(counts).reduce((a, b) => a + b, 0);
            return `Redacted ${plural(n, 'more value')} (a listed candidate).`;
          },
          { events: true },
        );
      },
    });
    put(leftoversSlot, panel.el);
    performance.mark('review:leftovers');
    if (leftoverFocus !== null) {
      panel.focus(leftoverFocus);
      leftoverFocus = null;
    }
  };

  // ---- changes ----

  const run = async (work: () => Promise<string | null>, opts: { events: boolean }) => {
    try {
      const message = await work();
      await load({ events: opts.events });
      if (message) ctx.say(message);
    } catch (e) {
      ctx.say(e instanceof Error ? e.message : String(e), true);
    }
  };

  const edit = (e: ReviewEdit) =>
    run(
      async () => {
        await worker.edit(sessionId, e, actor());
        return 'Saved. Undo reverts it.';
      },
      { events: false },
    );

  const anchor = (t: number) => view?.trajectories[t]?.anchor ?? 0;

  const handlers = {
    select: selectStep,
    ships: async (ref: StepRef) => {
      const shipped = await worker.shippedStep(sessionId, ref.t, ref.s);
      if (!shipped) return;
      const where = `step ${ref.s + 1} of task ${ref.t + 1}`;
      put(
        shipsSlot,
        shipsPanel(shipped, where, () => {
          shipsSlot.replaceChildren();
          side.querySelector<HTMLButtonElement>(`[data-step="${ref.t}:${ref.s}"] .step-btn`)?.focus();
        }),
      );
      shipsSlot.scrollIntoView({ block: 'nearest' });
    },
    deleteStep: (ref: StepRef) => {
      const step = stepOf(ref);
      if (!step) return;
      const what = describeStep(step.action, step.target);
      if (!confirm(`Delete step ${ref.s + 1} of task ${ref.t + 1} (${what}) and its recorded events?`))
        return;
      void run(
        async () => {
          const { removed } = await worker.deleteStep(sessionId, ref.t, ref.s, actor());
          return `Deleted the step and its ${removed} events. Undo brings them back until approval.`;
        },
        { events: true },
      );
    },
    split: (ref: StepRef) =>
      void edit({ op: 'split', anchor: anchor(ref.t), at: stepOf(ref)?.startedAt ?? 0 }),
    merge: (t: number) => void edit({ op: 'merge', anchor: anchor(t) }),
    editIntent: (t: number, text: string) => void edit({ op: 'intent', anchor: anchor(t), text }),
    setOutcome: (t: number, outcome: 'done' | 'abandoned' | 'unknown') =>
      void edit({ op: 'outcome', anchor: anchor(t), outcome }),
  };

  const redact = (rules: AdminRules, what: string) =>
    run(
      async () => {
        const { counts } = await worker.redactMore(sessionId, rules, actor());
        const n = Object.values(counts).reduce((a, b) => a + b, 0);
        return n === 0 ? `Nothing more matched ${what}.` : `Redacted ${plural(n, 'more value')} (${what}).`;
      },
      { events: true },
    );

  const deleteRange = async (from: number, to: number) => {
    if (!session) return;
    const text = `${formatDuration(from - session.startedAt)} to ${formatDuration(to - session.startedAt)}`;
    if (!confirm(`Delete everything recorded from ${text}?`)) return;
    await run(
      async () => {
        const { removed } = await worker.deleteRange(sessionId, from, to, actor());
        return removed === 0
          ? 'Nothing was recorded in that range.'
          : `Deleted ${removed} events from ${text}.`;
      },
      { events: true },
    );
  };

  const decideSession = async (decision: Decision) => {
    const stepCount = view?.trajectories.reduce((n, t) => n + t.steps.length, 0) ?? null;
    const answer = await confirmDecision(decision, null, {
      warning:
        decision === 'approved' && stepCount === 0
          ? 'This session has no steps (everything in it may have been forgotten): approving it exports an empty recording.'
          : null,
    });
    if (!answer) return;
    await run(
      async () => {
        const r = await worker.decide([sessionId], decision, answer.reviewer, answer.note);
        const skipped = r.skipped[0];
        if (skipped) throw new Error(`Could not decide: ${skipped.reason}`);
        return decision === 'approved' ? 'Session approved.' : 'Session rejected.';
      },
      { events: false },
    );
  };

  const deleteWhole = async () => {
    if (!confirm('Delete this session and all its events? This cannot be undone.')) return;
    await worker.deleteSessions([sessionId], actor());
    ctx.say('Session deleted.');
    ctx.back();
  };

  // ---- rendering ----

  const renderHead = () => {
    if (!session) return;
    put(
      head,
      ...sessionHead(session, view, editable(), {
        back: ctx.back,
        undo: () =>
          void run(
            async () => {
              const label = await worker.undo(sessionId, actor());
              return label ? `Undone: ${label}.` : 'Nothing to undo.';
            },
            { events: true },
          ),
        decide: (d) => void decideSession(d),
        remove: () => void deleteWhole(),
      }),
    );
  };

  const renderView = async () => {
    if (!view || !session) return;
    shipsSlot.replaceChildren(); // what ships for a step may have changed with any edit
    steps = stepList(view, session.startedAt, editable(), handlers);
    side.replaceChildren(steps.el);
    performance.mark('review:steps');
    applyMarkers();
    if (player) steps.follow(player.now(), stored?.tabs[tabIndex]?.tabId ?? null, false);
    put(
      report,
      redactionReport(session, view, (text) => steps?.find(text)),
    );
    put(
      fixes,
      editable()
        ? fixTools({
            canRedact: view.canRedact,
            start: session.startedAt,
            end: session.endedAt ?? session.startedAt,
            now: () => player?.now() ?? session?.startedAt ?? 0,
            redact,
            deleteRange,
            say: (m) => ctx.say(m, true),
          })
        : h(
            'p',
            { class: 'muted' },
            `The session is ${STATUS_LABELS[session.status].toLowerCase()}: it can no longer be changed.`,
          ),
    );
    put(audit, await auditPanel(ctx.db, sessionId));
    await renderLeftovers();
  };

  const load = async (opts: { events: boolean }) => {
    const at = player?.now() ?? null;
    const scroll = side.querySelector('.steps-scroll')?.scrollTop ?? 0;
    session = await ctx.db.sessions.get(sessionId);
    if (disposed) return;
    if (!session) {
      ctx.say('That session no longer exists.', true);
      ctx.back();
      return;
    }
    renderHead();
    if (opts.events || !stored) {
      stored = await readForReplay(ctx.db, sessionId);
      performance.mark('review:events-read');
      if (disposed) return;
      put(tabSlot, tabPicker());
      showTab(Math.min(tabIndex, Math.max(0, stored.tabs.length - 1)), at);
      // Segmenting a long session takes the worker a while: the first frame goes first.
      await Promise.race([player?.ready, new Promise((r) => setTimeout(r, 1500))]);
    }
    // Opening a stopped session is the reviewer starting its review: the worker moves it to "in
    // review" and logs who (worker/store/lifecycle.ts). Building the view changes no status.
    if (session.status === 'stopped') {
      await worker.startReview(sessionId, actor()).catch((e: unknown) => {
        ctx.say(`Could not start the review: ${e instanceof Error ? e.message : String(e)}`, true);
      });
    }
    view = await worker.open(sessionId).catch((e: unknown) => {
      ctx.say(`Could not segment the steps: ${e instanceof Error ? e.message : String(e)}`, true);
      return null;
    });
    if (disposed) return;
    session = (await ctx.db.sessions.get(sessionId)) ?? session; // now "in review"
    renderHead();
    await renderView();
    const scroller = side.querySelector('.steps-scroll');
    if (scroller) scroller.scrollTop = scroll;
  };

  await load({ events: true });
  return () => {
    disposed = true;
    player?.destroy();
    player = null;
    remote?.release();
  };
}

function details(title: string, body: HTMLElement, open: boolean): HTMLElement {
  return h('details', { class: 'card', open }, h('summary', {}, h('h3', {}, title)), body);
}

function targetOf(step: StepView): HighlightTarget | null {
  const t = step.target;
  if (!t) return null;
  const id = (uid: string | null) => (uid ? Number(uid.slice(uid.lastIndexOf('n') + 1)) : null);
  const frame = t.framePath[0]?.uid ?? null;
  return {
    nodeId: step.inFrame ? null : id(t.uid),
    bbox: t.bbox,
    frameNodeId: step.inFrame ? id(frame) : null,
  };
}
