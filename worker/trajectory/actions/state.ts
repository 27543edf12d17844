/**
 * What the segmenter knows between events: the drafts built so far and the few open ends the
 * reductions look back at (the field being typed into, the last mousedown, the last Enter, a
 * paste waiting for its input, layouts waiting for their action). One plain object, passed to
 * every handler, so each action family reads and writes only the parts it needs and the state
 * is visible in one place instead of spread over private fields.
 */
import type { LayoutPayload } from '../../../shared/events';
import type { Action, EventRange, Friction, Target } from '../../../shared/trajectory';
import type { MNode } from '../mirror';
import type { Capture } from '../observe';
import type { Page, Pages } from '../pages';

export interface EventRef {
  stream: string;
  index: number;
}

export interface Draft {
  seq: number;
  action: Action;
  page: Page;
  tabId: number | null;
  node: MNode | null;
  target: Target | null;
  capture: Capture;
  /** Page key at capture time (candidate uids). */
  pageKey: string;
  layout: LayoutPayload | null;
  startedAt: number;
  endedAt: number;
  refs: Map<string, EventRange>;
  dropped: boolean;
  corrections: number;
  backtrack: Friction['backtrack'];
  tabSwitches: number;
  /** A value the page set in the field before the user edited it. */
  proposal: { value: string; after: Draft | null } | null;
  /** The user's own text just before their first deletion. */
  typedBeforeCorrection: string | null;
  /** Submitted a form and then navigated (a heuristic task end). */
  submitNavigation: boolean;
  /** The click a `type` absorbed, restored if nothing is typed after all. */
  restore: { action: Action; node: MNode | null; target: Target | null } | null;
}

/** The `type` action being built: the field and how its value moved so far. */
export interface OpenType {
  draft: Draft;
  page: Page;
  node: MNode;
  ce: boolean;
  lastValue: string;
  checkpoints: string[];
  dir: 'ins' | 'del' | null;
  changed: boolean;
}

/** An observation taken ahead of its action (a click's, at its mousedown). */
export interface Observed {
  capture: Capture;
  target: Target | null;
  node: MNode | null;
  at: number;
}

export interface SegmenterOptions {
  observations: boolean;
}

export interface SegState {
  readonly pages: Pages;
  readonly opts: SegmenterOptions;
  /** Session has navigation events from the service worker (else page loads stand in). */
  readonly hasNavEvents: boolean;
  readonly drafts: Draft[];
  seq: number;
  open: OpenType | null;
  pointer: { page: Page; node: MNode; t: number; obs: Observed; ref: EventRef } | null;
  rrwebClick: { page: Page; id: number; x: number; y: number; t: number } | null;
  lastEnter: { draft: Draft; node: MNode; t: number } | null;
  lastKeyAt: WeakMap<MNode, number>;
  fieldSetBy: WeakMap<MNode, { by: 'page' | 'user'; after: Draft | null }>;
  paste: { draft: Draft; node: MNode; t: number; gotInput: boolean } | null;
  pendingLayouts: { page: Page; layout: LayoutPayload; t: number }[];
  /** Tab and window switches since the last draft (its friction). */
  switches: number;
  /** Drafts made inside each dialog (closing one right away is a backtrack). */
  dialogActs: WeakMap<MNode, number>;
  lastActionAt: WeakMap<Page, number>;
  tabHistory: Map<number, string[]>;
  tabCreatedAt: Map<number, number>;
}

export function createState(pages: Pages, opts: SegmenterOptions, hasNavEvents: boolean): SegState {
  return {
    pages,
    opts,
    hasNavEvents,
    drafts: [],
    seq: 0,
    open: null,
    pointer: null,
    rrwebClick: null,
    lastEnter: null,
    lastKeyAt: new WeakMap(),
    fieldSetBy: new WeakMap(),
    paste: null,
    pendingLayouts: [],
    switches: 0,
    dialogActs: new WeakMap(),
    lastActionAt: new WeakMap(),
    tabHistory: new Map(),
    tabCreatedAt: new Map(),
  };
}
