/**
 * The texts of a stored session that a reader sees and that ship, for leftovers.ts: text nodes
 * and human-readable attributes of every snapshot and mutation, typed values, the strings of our
 * own events (task intents, tab titles, navigations), page URLs, and the trajectories'
 * intents. Each text carries the index of its place (when and in which tab it occurs), so the page
 * can move the replay there; then each candidate gets the steps whose shipped form holds it.
 *
 * Structure (tag and attribute names, CSS, scripts) is skipped: it is not what a person reads, and
 * what it holds is covered by redaction anyway. An element whose class, id or label names the
 * account area ("user-name", "account-menu") marks its texts with the 'account' hint.
 */

import type { eventWithTime } from '@rrweb/types';
import { NodeType, Source } from '../../shared/events';
import type { StoredSession } from '../../shared/read-session';
import type { Trajectory } from '../../shared/trajectory';
import { type Leftover, type LeftoverKind, type LeftoverText, leftovers } from './leftovers';

export interface LeftoverPlace {
  /** Absolute time of the event that holds it. */
  at: number;
  /** The tab whose replay shows it; null for frames and session-level events. */
  tabId: number | null;
}

/** One candidate as the review page lists it. */
export interface LeftoverItem {
  term: string;
  kind: LeftoverKind;
  count: number;
  /** [trajectory index, step index] of steps whose shipped form holds the term. */
  steps: [number, number][];
  /** The first places it occurs (at most PLACES), earliest first. */
  places: LeftoverPlace[];
}

const PLACES = 20;
const TEXT_ATTRIBUTES = new Set([
  'title',
  'alt',
  'placeholder',
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'value',
  'label',
]);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template']);
const ACCOUNT_AREA =
  /(?:^|[^a-z])(?:user|account|profile|avatar|signed-?in|whoami|current-?user)(?:$|[^a-z])/i;

interface SNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SNode[];
  textContent?: string;
  isStyle?: boolean;
}

/** Collects texts, one place per event that holds any. */
class Collector {
  readonly texts: LeftoverText[] = [];
  readonly places: LeftoverPlace[] = [];
  /** Node ids inside an account area, per stream (node ids are per stream). */
  private account = new Set<number>();
  private place = -1;
  private time = 0;
  private tabId: number | null = null;
  /**
   * The longest value of a field's current typing run, by node id: every keystroke stores the
   * whole value, so only the longest of a run counts ("Oyelaran Bex" on the way to "Oyelaran Bexley" is no
   * candidate of its own, and redacting the full term takes the partial values too).
   */
  private typing = new Map<number, { text: string; time: number }>();

  stream(tabId: number | null): void {
    this.flushTyping();
    this.account = new Set();
    this.tabId = tabId;
  }

  /** Call once after the last event. */
  end(): void {
    this.flushTyping();
  }

  private flushTyping(): void {
    for (const { text, time } of this.typing.values()) this.addAt(text, time);
    this.typing.clear();
  }

  private typed(id: unknown, text: unknown): void {
    if (typeof text !== 'string') return;
    if (typeof id !== 'number') {
      this.add(text);
      return;
    }
    const run = this.typing.get(id);
    if (run?.text.startsWith(text)) return; // erased back, or the same: the longer one stands
    // Not the same value growing: the run before it is done, its longest value is what was stored.
    if (run && !text.startsWith(run.text)) this.addAt(run.text, run.time);
    this.typing.set(id, { text, time: this.time });
  }

  event(e: eventWithTime): void {
    this.place = -1;
    this.time = e.timestamp;
    const data = e.data as Record<string, unknown>;
    switch (e.type) {
      case 2:
        this.node(data.node as SNode, false, null);
        break;
      case 3:
        this.incremental(data);
        break;
      case 4:
        this.add(data.href);
        break;
      case 5:
        this.deep(data.payload, 0);
        break;
    }
  }

  /** A text outside any event (an intent), at time `at`. */
  extra(text: string | null, at: number): void {
    this.tabId = null;
    if (text !== null) this.addAt(text, at);
  }

  /** A text of another moment than the event being read (which adds nothing after it). */
  private addAt(text: string, time: number): void {
    this.place = -1;
    this.time = time;
    this.add(text);
    this.place = -1;
  }

  private add(text: unknown, hint?: 'account'): void {
    if (typeof text !== 'string' || text.length < 3) return;
    if (this.place < 0) {
      this.place = this.places.length;
      this.places.push({ at: this.time, tabId: this.tabId });
    }
    this.texts.push(hint ? { text, at: this.place, hint } : { text, at: this.place });
  }

  private node(n: SNode | undefined, inAccount: boolean, parentTag: string | null): void {
    if (!n || typeof n !== 'object') return;
    if (n.type === NodeType.Text) {
      if (n.isStyle || (parentTag !== null && SKIP_TAGS.has(parentTag))) return;
      if (inAccount) this.account.add(n.id);
      this.add(n.textContent, inAccount ? 'account' : undefined);
      return;
    }
    let account = inAccount;
    let tag = parentTag;
    if (n.type === NodeType.Element) {
      tag = (n.tagName ?? '').toLowerCase();
      if (SKIP_TAGS.has(tag)) return;
      const a = n.attributes ?? {};
      if (!account) account = [a.class, a.id, a['data-testid'], a['aria-label']].some(isAccountName);
      if (account) this.account.add(n.id);
      for (const [k, v] of Object.entries(a)) if (TEXT_ATTRIBUTES.has(k)) this.add(v);
    }
    for (const c of n.childNodes ?? []) this.node(c, account, tag);
  }

  private incremental(d: Record<string, unknown>): void {
    if (d.source === Source.Input) this.typed(d.id, d.text);
    if (d.source !== Source.Mutation) return;
    for (const a of (d.adds as { parentId: number; node: SNode }[] | undefined) ?? [])
      this.node(a.node, this.account.has(a.parentId), null);
    for (const t of (d.texts as { id: number; value: unknown }[] | undefined) ?? [])
      this.add(t.value, this.account.has(t.id) ? 'account' : undefined);
    for (const a of (d.attributes as { attributes: Record<string, unknown> }[] | undefined) ?? [])
      for (const [k, v] of Object.entries(a.attributes ?? {})) if (TEXT_ATTRIBUTES.has(k)) this.add(v);
  }

  /** Our own events' payloads: every string (intents, titles, URLs; kinds and enums are short). */
  private deep(v: unknown, depth: number): void {
    if (depth > 6) return;
    if (typeof v === 'string') this.add(v);
    else if (Array.isArray(v)) for (const x of v) this.deep(x, depth + 1);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) this.deep(x, depth + 1);
  }
}

function isAccountName(v: unknown): boolean {
  return typeof v === 'string' && v.length < 200 && ACCOUNT_AREA.test(v);
}

/** The session's candidates, ranked, with the places and steps where each occurs. */
export function sessionLeftovers(
  stored: StoredSession,
  trajectories: readonly Trajectory[],
  limit = 50,
): LeftoverItem[] {
  const c = new Collector();
  for (const tab of stored.tabs) {
    c.stream(tab.tabId);
    for (const e of tab.events) c.event(e);
  }
  for (const events of stored.frames.values()) {
    c.stream(null);
    for (const e of events) c.event(e);
  }
  c.stream(null);
  for (const e of stored.sessionEvents) c.event(e);
  for (const t of trajectories) c.extra(t.intent, t.startedAt);
  c.end();

  const found: Leftover[] = leftovers(c.texts, limit);
  if (found.length === 0) return [];
  // What ships per step: its exported form, searched part by part. Stringifying whole steps
  // (observations are ~90 kB each) cost seconds on a long session; their HTML and accessibility
  // tree are strings already.
  const stepTexts = trajectories.flatMap((t) =>
    t.steps.map((s) => {
      const { observation, events: _events, ...rest } = s;
      const { html, axtree, ...obs } = observation;
      return {
        ref: [t.index, s.index] as [number, number],
        json: JSON.stringify([rest, obs]),
        html,
        axtree,
      };
    }),
  );
  return found.map((f) => {
    const places = f.at
      .map((i) => c.places[i]!)
      .sort((a, b) => a.at - b.at)
      .slice(0, PLACES);
    const quoted = JSON.stringify(f.term).slice(1, -1);
    const escaped = escapeHtml(f.term);
    const holds = (x: (typeof stepTexts)[number]) =>
      x.json.includes(quoted) || x.html.includes(escaped) || x.axtree.includes(f.term);
    return {
      term: f.term,
      kind: f.kind,
      count: f.count,
      steps: stepTexts.filter(holds).map((s) => s.ref),
      places,
    };
  });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
