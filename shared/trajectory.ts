/**
 * Trajectories: what segmentation produces from a stored session, and what every export is built
 * from. The JSON Schema `shared/schema/trajectory.v1.schema.json` describes the same shapes; a unit
 * test (worker/trajectory/schema.test.ts) checks that the property names of these types and of the
 * schema agree and that every produced trajectory validates.
 *
 * Bump SCHEMA_VERSION (and add a new schema file) on any change that is not purely additive and
 * optional.
 */

export const SCHEMA_VERSION = '1.0.0';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Which raw events an action came from: an inclusive index range in one stored stream. */
export interface EventRange {
  /** `tab:<tabId>` (index into that tab's `events`), `frame:<streamId>` or `session`. */
  stream: string;
  from: number;
  to: number;
  /** Events of that range that the action was built from (the range may hold unrelated ones). */
  count: number;
}

export interface FrameRef {
  /** uid of the iframe element in its parent document, when the frame could be located. */
  uid: string | null;
  /** Selectors of the iframe element in its parent document (same format as Target.selectors). */
  selectors: string[][];
  /** Index among the parent document's frames in document order (DevTools Recorder `frame`). */
  index: number | null;
  url: string | null;
}

export interface Target {
  /** `p<pageLoad>n<rrwebNodeId>`: unique in a session, marked in the step's observation. */
  uid: string;
  tag: string;
  role: string | null;
  /** Accessible name (computed from the recording; may differ from Chrome's in edge cases). */
  name: string;
  /** Visible text, whitespace collapsed, at most 200 characters. */
  text: string;
  /** Key attributes (id, name, type, placeholder, href, aria-label, data-testid, title, alt, role, ...). */
  attributes: Record<string, string>;
  /**
   * DevTools-Recorder-style selectors, best first: test id, aria, text, css, xpath. Each inner array
   * is one selector; more than one string pierces shadow roots (host first). Each was checked to
   * match exactly one element of the recorded page at the moment of the action.
   */
  selectors: string[][];
  /** Box in CSS px relative to the viewport of the element's frame, from capture's layout event. */
  bbox: Box | null;
  viewport: Size | null;
  devicePixelRatio: number | null;
  scroll: { x: number; y: number } | null;
  visible: boolean | null;
  /** Frames from the top document down to the element's document (empty in the top document). */
  framePath: FrameRef[];
  /** uids of the shadow hosts from the outermost down (empty outside shadow DOM). */
  shadowPath: string[];
}

export type Modifier = 'Alt' | 'Control' | 'Meta' | 'Shift';

export interface Effects {
  /** The action submitted a form. */
  submit?: boolean;
  /** The action caused a top-level navigation (link, form submission, SPA route change). */
  navigation?: { url: string; transition: string };
}

interface ActionBase {
  effects?: Effects;
}

export interface ClickAction extends ActionBase {
  type: 'click';
  button: 'left' | 'right';
  /** Viewport coordinates of the pointer, when rrweb recorded them. */
  x: number | null;
  y: number | null;
  /** `keyboard`: activated with Enter/Space on a focused element. */
  via: 'pointer' | 'keyboard';
}

export interface DblClickAction extends ActionBase {
  type: 'dblclick';
  x: number | null;
  y: number | null;
}

export interface TypeAction extends ActionBase {
  type: 'type';
  /** Committed value (already redacted). */
  value: string;
  /** Value before the first edit. */
  from: string;
  /** Checkpoints: the value before each change of edit direction (typing vs deleting), then the final one. */
  values: string[];
  commit: 'enter' | 'focus_change' | 'other_action' | 'end';
}

export interface SelectAction extends ActionBase {
  type: 'select';
  value: string;
  /** Text of the chosen option, when known. */
  label: string | null;
}

export interface CheckAction extends ActionBase {
  type: 'check';
  checked: boolean;
}

export interface KeypressAction extends ActionBase {
  type: 'keypress';
  /** Key name as in KeyboardEvent.key / Puppeteer KeyInput (`Enter`, `Escape`, `a` for shortcuts). */
  key: string;
  modifiers: Modifier[];
  /** `Control+Shift+z`: modifiers in fixed order, then the key. */
  combo: string;
  /** Consecutive repeats merged into this action. */
  count: number;
}

export interface ScrollAction extends ActionBase {
  type: 'scroll';
  x: number;
  y: number;
  deltaX: number;
  deltaY: number;
}

export interface NavigateAction extends ActionBase {
  type: 'navigate';
  url: string;
  /** chrome.webNavigation transition type (`typed`, `reload`, `link`, ...), or `unknown`. */
  transition: string;
  qualifiers: string[];
}

export interface TabSwitchAction extends ActionBase {
  type: 'tab_switch';
  tabId: number;
  fromTabId: number | null;
  url: string | null;
}

export interface PasteAction extends ActionBase {
  type: 'paste';
  /** Pasted text (redacted; masked for secret fields). */
  text: string;
  /** Field value after the paste. */
  value: string;
}

export interface SubmitAction extends ActionBase {
  type: 'submit';
  /** `enter`: implicit submission from a field; `script`: no user action found for it. */
  via: 'enter' | 'script';
}

export type Action =
  | ClickAction
  | DblClickAction
  | TypeAction
  | SelectAction
  | CheckAction
  | KeypressAction
  | ScrollAction
  | NavigateAction
  | TabSwitchAction
  | PasteAction
  | SubmitAction;

export type ActionType = Action['type'];

export const ACTION_TYPES: readonly ActionType[] = [
  'click',
  'dblclick',
  'type',
  'select',
  'check',
  'keypress',
  'scroll',
  'navigate',
  'tab_switch',
  'paste',
  'submit',
];

export interface Observation {
  url: string | null;
  title: string | null;
  tabId: number | null;
  viewport: Size | null;
  /** Cleaned HTML; candidates carry `uid`, the target also `data-target="true"`. */
  html: string;
  /** Accessibility tree as indented text; the target's line ends with `[target]`. */
  axtree: string;
  targetUid: string | null;
  /** Interactive elements near the target at capture time, with their boxes. */
  candidates: { uid: string; bbox: Box }[];
}

export interface Friction {
  /** Time since the previous step of the trajectory ended (null for the first step). */
  thinkTimeMs: number | null;
  /** Deletions, undos and replacements inside a typed value. */
  corrections: number;
  backtrack: 'undo' | 'back_navigation' | 'dialog_dismissed' | null;
  /** Tab or window switches since the previous step (this step included). */
  tabSwitches: number;
}

export interface Step {
  index: number;
  action: Action;
  target: Target | null;
  observation: Observation;
  friction: Friction;
  startedAt: number;
  endedAt: number;
  tabId: number | null;
  events: EventRange[];
}

export type BoundaryReason =
  | 'marker'
  | 'session_start'
  | 'session_end'
  | 'idle'
  | 'origin_change'
  | 'submit_navigation';

export interface RefinementTargetRef {
  uid: string;
  tag: string;
  role: string | null;
  name: string;
  selectors: string[][];
}

export interface Refinement {
  schemaVersion: string;
  id: string;
  sessionId: string;
  trajectoryId: string | null;
  /** Index of the `type` step that committed the final value. */
  stepIndex: number | null;
  /** `assist_edit`: a value set by the page or an assistant, edited by the user; `self_correction`: the user's own text, corrected before commit. */
  kind: 'assist_edit' | 'self_correction';
  context: {
    intent: string | null;
    url: string | null;
    title: string | null;
    target: RefinementTargetRef | null;
    /** The action after which the page set the proposal (assist_edit), when known. */
    proposedAfter: { stepIndex: number | null; type: ActionType; targetName: string | null } | null;
  };
  proposal: string;
  final: string;
  /** The value checkpoints from proposal to final. */
  edits: string[];
  at: number;
}

export interface Trajectory {
  schemaVersion: string;
  id: string;
  sessionId: string;
  index: number;
  intent: string | null;
  intentSource: 'marker' | 'heuristic';
  taskId: string | null;
  outcome: 'done' | 'abandoned' | 'unknown';
  boundary: { start: BoundaryReason; end: BoundaryReason };
  startedAt: number;
  endedAt: number;
  steps: Step[];
  refinements: Refinement[];
}
