/**
 * Review: the reviewer's edits (an overlay applied after segmentation, so stored events stay the one
 * source of truth) and the shapes the review worker hands to the review page.
 */
import type { Action, BoundaryReason, Friction, Step, Target } from './trajectory';

export type Outcome = 'done' | 'abandoned' | 'unknown';

/**
 * One reviewer edit. Trajectories are re-segmented from the stored events every time, so an edit
 * names its trajectory by `anchor` (the trajectory's `startedAt` when the edit was made), not by an
 * index that a deleted step could shift: it resolves to the trajectory that starts at `anchor`, else
 * the first one that ends at or after it.
 */
export type ReviewEdit =
  | { op: 'intent'; anchor: number; text: string }
  | { op: 'outcome'; anchor: number; outcome: Outcome }
  /** Splits before the first step that starts at or after `at`. */
  | { op: 'split'; anchor: number; at: number }
  /** Merges the trajectory with the one after it. */
  | { op: 'merge'; anchor: number };

/** Cached per session for the list, so listing never segments. Stale when `eventCount` differs. */
export interface ReviewStats {
  eventCount: number;
  trajectories: number;
  steps: number;
  /** Intent of the first trajectory after the reviewer's edits. */
  title: string | null;
}

export interface StepView {
  index: number;
  action: Action;
  target: Target | null;
  friction: Friction;
  startedAt: number;
  endedAt: number;
  tabId: number | null;
  /** The action happened in a cross-origin frame (its own stream): its node ids are not the tab's. */
  inFrame: boolean;
  /** Distinct placeholders anywhere in the step's exported form (action, target, observation). */
  placeholders: string[];
}

export interface TrajectoryView {
  id: string;
  index: number;
  /** What edits of this trajectory are anchored to. */
  anchor: number;
  intent: string | null;
  intentSource: 'marker' | 'heuristic';
  outcome: Outcome;
  boundary: { start: BoundaryReason; end: BoundaryReason };
  startedAt: number;
  endedAt: number;
  steps: StepView[];
  refinements: number;
}

export interface PlaceholderUse {
  placeholder: string;
  type: string;
  /** Occurrences in the stored events. */
  count: number;
  /** [trajectory index, step index] of steps whose exported form holds it. */
  steps: [number, number][];
}

export interface SessionView {
  sessionId: string;
  trajectories: TrajectoryView[];
  placeholders: PlaceholderUse[];
  /** What the detectors do not cover (shown beside the counts). */
  notCovered: string[];
  /** The change "Undo" would revert, if any. */
  undo: { label: string; at: number; actor: string } | null;
  /** False once the pseudonym key is gone (approved): nothing can be re-redacted. */
  canRedact: boolean;
}

/** Exactly what ships for one step (the trajectory JSONL form). */
export type ShippedStep = Step;
