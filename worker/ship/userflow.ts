/**
 * A trajectory as a Chrome DevTools Recorder `UserFlow` (the JSON that @puppeteer/replay and the
 * Recorder panel replay).
 *
 * Decisions:
 * - The flow starts with setViewport and a navigate to the first observed page, so it replays from
 *   a fresh browser; later navigations the user caused (links, submits) are asserted on the click
 *   that caused them, not replayed as navigate steps. SPA route changes (history_state) are not
 *   navigations a replay can wait for, so they are not asserted.
 * - Placeholders become synthetic values of the same type (see synthetic.ts) so forms still validate.
 * - `type`, `paste` and `select` become `change` (Puppeteer's fill: types into inputs, textareas and
 *   contenteditable, picks an option by value); `check` becomes a click; Enter that submitted becomes
 *   keyDown/keyUp Enter. Steps a replay cannot perform (tab switches, script submits, targets without
 *   selectors or in a frame that could not be placed) are left out and listed in `skipped`.
 */
import type { Action, Step, Target, Trajectory } from '../../shared/trajectory';
import { replayable } from '../trajectory/selectors';
import { createSynthesizer, type Synthesizer } from './synthetic';

interface BaseStep {
  target?: string;
  frame?: number[];
  assertedEvents?: { type: 'navigation'; url?: string; title?: string }[];
}
export type FlowStep = BaseStep &
  (
    | {
        type: 'setViewport';
        width: number;
        height: number;
        deviceScaleFactor: number;
        isMobile: boolean;
        hasTouch: boolean;
        isLandscape: boolean;
      }
    | { type: 'navigate'; url: string }
    | {
        type: 'click' | 'doubleClick';
        selectors: string[][];
        offsetX: number;
        offsetY: number;
        button?: 'primary' | 'secondary';
      }
    | { type: 'change'; selectors: string[][]; value: string }
    | { type: 'keyDown' | 'keyUp'; key: string }
    | { type: 'scroll'; x: number; y: number; selectors?: string[][] }
  );

export interface UserFlow {
  title: string;
  timeout: number;
  steps: FlowStep[];
}

export interface SkippedStep {
  stepIndex: number;
  action: Action['type'];
  reason: string;
}

export interface UserFlowResult {
  flow: UserFlow;
  skipped: SkippedStep[];
  /** Synthetic values put in place of placeholders, by type. */
  synthetic: Record<string, number>;
}

const STEP_TIMEOUT_MS = 10_000;
const DOCUMENT_TAGS = new Set(['html', 'body', '#document']);

export function toUserFlow(t: Trajectory): UserFlowResult {
  const synth = createSynthesizer();
  const steps: FlowStep[] = [];
  const skipped: SkippedStep[] = [];
  const first = t.steps[0];
  const viewport = t.steps.map((s) => s.observation.viewport ?? s.target?.viewport).find((v) => v) ?? null;
  const dpr = t.steps.map((s) => s.target?.devicePixelRatio).find((d) => typeof d === 'number') ?? 1;
  const width = viewport?.width ?? 1280;
  const height = viewport?.height ?? 800;
  steps.push({
    type: 'setViewport',
    width,
    height,
    deviceScaleFactor: dpr,
    isMobile: false,
    hasTouch: false,
    isLandscape: width > height,
  });
  const startUrl = first?.observation.url;
  if (first && first.action.type !== 'navigate' && startUrl) {
    steps.push({
      type: 'navigate',
      url: synth.value(startUrl),
      assertedEvents: [navigation(synth.value(startUrl))],
    });
  }
  for (const step of t.steps) {
    const out = convert(step, synth);
    if (typeof out === 'string')
      skipped.push({ stepIndex: step.index, action: step.action.type, reason: out });
    else steps.push(...out);
  }
  return {
    flow: {
      title: t.intent ?? `Trajectory ${t.index + 1} of session ${t.sessionId}`,
      timeout: STEP_TIMEOUT_MS,
      steps,
    },
    skipped,
    synthetic: synth.counts(),
  };
}

/** The flow steps for one step, or why it cannot be replayed. */
function convert(step: Step, synth: Synthesizer): FlowStep[] | string {
  const a = step.action;
  if (a.type === 'navigate')
    return [{ type: 'navigate', url: synth.value(a.url), assertedEvents: [navigation(synth.value(a.url))] }];
  if (a.type === 'tab_switch') return 'tab switches are not replayed (one page per flow)';
  if (a.type === 'submit' && a.via === 'script') return 'submitted by script, not by the user';
  if (a.type === 'scroll' && (!step.target || DOCUMENT_TAGS.has(step.target.tag))) {
    return [{ type: 'scroll', x: a.x, y: a.y, target: 'main' }];
  }
  const target = step.target;
  if (!target) return 'no target';
  if (target.selectors.length === 0) return 'no selector matched the target uniquely';
  // Trajectories segmented before selectors avoided placeholders (or edited since) may hold some.
  const selectors = target.selectors.filter(replayable);
  if (selectors.length === 0) return 'every selector holds a redaction placeholder (cannot match the page)';
  const frame = framePath(target);
  if (frame === null) return 'the target is in a frame that could not be placed';
  const base = { target: 'main', ...(frame.length > 0 ? { frame } : {}), selectors };
  switch (a.type) {
    case 'click':
    case 'dblclick': {
      const navigated = a.effects?.navigation;
      return [
        {
          ...base,
          type: a.type === 'click' ? 'click' : 'doubleClick',
          ...offset(target, a.x, a.y),
          ...(a.type === 'click' && a.button === 'right' ? { button: 'secondary' as const } : {}),
          ...(navigated && navigated.transition !== 'history_state'
            ? { assertedEvents: [navigation(synth.value(navigated.url))] }
            : {}),
        },
      ];
    }
    case 'check':
      return [{ ...base, type: 'click', ...offset(target, null, null) }];
    case 'type':
      return [{ ...base, type: 'change', value: synth.value(a.value) }];
    case 'paste':
      return [{ ...base, type: 'change', value: synth.value(a.value) }];
    case 'select':
      return [{ ...base, type: 'change', value: synth.value(a.value) }];
    case 'scroll':
      return [{ ...base, type: 'scroll', x: a.x, y: a.y }];
    case 'submit':
      return keys([], 'Enter', 1);
    case 'keypress':
      return keys(a.modifiers, a.key, a.count);
  }
}

function keys(modifiers: string[], key: string, count: number): FlowStep[] {
  const out: FlowStep[] = [];
  for (const m of modifiers) out.push({ type: 'keyDown', key: m, target: 'main' });
  for (let i = 0; i < Math.max(1, count); i++) {
    out.push({ type: 'keyDown', key, target: 'main' }, { type: 'keyUp', key, target: 'main' });
  }
  for (const m of [...modifiers].reverse()) out.push({ type: 'keyUp', key: m, target: 'main' });
  return out;
}

/** Where in the element to click: the recorded pointer position inside its box, else the centre. */
function offset(t: Target, x: number | null, y: number | null): { offsetX: number; offsetY: number } {
  const box = t.bbox;
  if (!box) return { offsetX: 1, offsetY: 1 };
  const clamp = (v: number, size: number) =>
    Math.round(Math.min(Math.max(v, 0), Math.max(size - 1, 0)) * 10) / 10;
  return {
    offsetX: x === null ? clamp(box.width / 2, box.width) : clamp(x - box.x, box.width),
    offsetY: y === null ? clamp(box.height / 2, box.height) : clamp(y - box.y, box.height),
  };
}

/** Child-frame indexes from the top document down; null when a frame's index is unknown. */
function framePath(t: Target): number[] | null {
  const out: number[] = [];
  for (const f of t.framePath) {
    if (f.index === null) return null;
    out.push(f.index);
  }
  return out;
}

function navigation(url: string): { type: 'navigation'; url: string } {
  return { type: 'navigation', url };
}
