/** What `dataset render` writes to `render.json`: one entry per step, screenshots by content. */
import type { Box, EventRange } from '../../shared/trajectory';
import type { MappedAction, Point } from './pyautogui';

export interface RenderedScreenshot {
  /** Path under the output folder: `screens/<sha256 prefix>.<png|webp>`. */
  file: string;
  sha256: string;
  bytes: number;
  /** Pixels (CSS px of the recorded viewport × scale). */
  width: number;
  height: number;
}

export interface RenderedStep {
  sessionId: string;
  trajectoryId: string;
  stepIndex: number;
  /** Our ids back to the raw events (the step's ranges in the bundle's events file). */
  events: EventRange[];
  actionType: string;
  /** The instant shown: the last recorded state before the action's first event (ms epoch). */
  at: number;
  screenshot: string;
  /**
   * The target's box in screenshot pixels: where the element is in the rendered page when it was
   * found there (`boxSource: 'rendered'`), else the recorded box. Null without a target or box.
   */
  box: Box | null;
  boxSource: 'rendered' | 'recorded' | null;
  /** The box capture recorded at the action, in screenshot pixels. */
  recordedBox: Box | null;
  /** Intersection over union of the recorded and the rendered box (null if either is missing). */
  iou: number | null;
  /** The pointer, in screenshot pixels (null for keyboard actions). */
  pointer: Point | null;
  action: Pick<MappedAction, 'code' | 'description' | 'fidelity' | 'note'>;
  /** With --element-shots: the target element captured on its own, at its rendered box. */
  elementShot?: string;
}

export interface RenderedEnd {
  trajectoryId: string;
  /** The state after the trajectory's last step (for AgentNet's closing terminate step). */
  screenshot: string;
  at: number;
}

export interface RenderIndex {
  format: 'recorder-render';
  version: 1;
  bundleSha256: string;
  scale: number;
  imageFormat: 'png' | 'webp';
  steps: RenderedStep[];
  ends: RenderedEnd[];
  screenshots: RenderedScreenshot[];
  /** Steps that could not be rendered, with why. */
  skipped: { trajectoryId: string; stepIndex: number; reason: string }[];
  stats: {
    seconds: number;
    renderSeconds: number;
    stepsPerSecond: number;
    /** Length of the recorded sessions, for "MB of screenshots per recorded minute". */
    recordedMinutes: number;
    screenshotBytes: number;
  };
}
