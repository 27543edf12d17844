/**
 * Our actions as pyautogui calls, the action space of AgentNet/OpenCUA and most screenshot-based
 * agents: coordinates normalised to the screenshot (`click(x=0.4121, y=0.2875)`), typed text as
 * `write(message=...)` with surrogate values, keys as `press`/`hotkey`, wheel as `scroll`.
 *
 * Pure: no browser, no files. docs/pixels.md has the table of every action type, and what cannot
 * be said in pyautogui (a native <select>'s popup, a paste's clipboard, a tab switch) and how it is
 * said instead. `fidelity` tells a consumer which steps are exact.
 */
import type { Action, Box, Step } from '../../shared/trajectory';

export interface Point {
  x: number;
  y: number;
}

export interface MappedAction {
  /** Python source: one statement, or several on separate lines. */
  code: string;
  /** A sentence for people (AgentNet's `action`). */
  description: string;
  /**
   * `exact`: what the user did, as pyautogui does it. `equivalent`: a different input with the
   * same effect (a keyboard activation as a click on the target). `approximate`: what can be said,
   * with a loss (see `note`). `none`: no user input to map (left out of AgentNet's traj).
   */
  fidelity: 'exact' | 'equivalent' | 'approximate' | 'none';
  note: string | null;
  /** Where the pointer acts, in CSS px of the viewport (null for keyboard-only actions). */
  pointer: Point | null;
}

export interface MapContext {
  /** The screenshot's size in CSS px (the recorded viewport). */
  viewport: { width: number; height: number };
  /** The target's box in CSS px of the top viewport (null when unknown). */
  box: Box | null;
  /** Placeholders → surrogate values (the same function the pixels were drawn with). */
  surrogate: (text: string) => string;
  /**
   * The recorded pointer moved onto the rendered target (null: as recorded). The renderer's
   * layout can differ from the recording's (surrogate values have other lengths than the hidden
   * ones), and the coordinates must point at what the screenshot shows.
   */
  pointer?: Point | null;
  /**
   * Whether the field has the keyboard focus before the step (the previous step acted on it).
   * Segmentation folds the click that focused a field into its `type` step; without focus the
   * click is given first.
   */
  focused?: boolean;
}

/** pyautogui's key names for KeyboardEvent.key / code values we record. */
const KEY_NAMES: Record<string, string> = {
  Enter: 'enter',
  Tab: 'tab',
  Backspace: 'backspace',
  Delete: 'delete',
  Escape: 'esc',
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  Home: 'home',
  End: 'end',
  PageUp: 'pageup',
  PageDown: 'pagedown',
  Insert: 'insert',
  ' ': 'space',
  Space: 'space',
  Control: 'ctrl',
  Shift: 'shift',
  Alt: 'alt',
  // pyautogui's name for the Windows/Command key; on macOS it is 'command'.
  Meta: 'win',
  Slash: '/',
  Period: '.',
  Comma: ',',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Semicolon: ';',
  Quote: "'",
  Backquote: '`',
  Backslash: '\\',
};

export function keyName(key: string): string {
  const named = KEY_NAMES[key];
  if (named) return named;
  if (/^F\d{1,2}$/.test(key)) return key.toLowerCase();
  return key.length === 1 ? key.toLowerCase() : key.toLowerCase();
}

/** A Python string literal (JSON's escapes are valid Python for the text we emit). */
export function py(s: string): string {
  return JSON.stringify(s);
}

/** A coordinate as a fraction of the screenshot, 4 decimals, clamped into [0, 1]. */
export function norm(v: number, size: number): number {
  if (!(size > 0)) return 0;
  return Math.round(Math.min(1, Math.max(0, v / size)) * 1e4) / 1e4;
}

function at(p: Point, ctx: MapContext): string {
  return `x=${norm(p.x, ctx.viewport.width)}, y=${norm(p.y, ctx.viewport.height)}`;
}

function center(b: Box): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** "the "Save customer" button", or "the page" when there is no target. */
function described(step: Step, surrogate: (s: string) => string): string {
  const t = step.target;
  if (!t) return 'the page';
  const name = surrogate(t.name || t.text).slice(0, 80);
  const kind = t.role ?? t.tag;
  return name ? `the ${py(name)} ${kind}` : `the ${kind}`;
}

/** Pixels per wheel click: Chrome scrolls 100 CSS px per notch of a mouse wheel. */
export const WHEEL_STEP_PX = 100;

function clicks(delta: number): number {
  // pyautogui: positive scrolls up / left. Our delta: positive moved down / right.
  return -Math.sign(delta) * Math.max(1, Math.round(Math.abs(delta) / WHEEL_STEP_PX));
}

export function toPyautogui(step: Step, ctx: MapContext): MappedAction {
  const a: Action = step.action;
  const what = described(step, ctx.surrogate);
  const boxCenter = ctx.box ? center(ctx.box) : null;
  const none = (note: string): MappedAction => ({
    code: '',
    description: note,
    fidelity: 'none',
    note,
    pointer: null,
  });
  switch (a.type) {
    case 'click':
    case 'dblclick': {
      const recorded = ctx.pointer ?? (a.x !== null && a.y !== null ? { x: a.x, y: a.y } : null);
      const p = recorded ?? boxCenter;
      if (!p) return none(`${a.type} without coordinates or a target box`);
      const fn = a.type === 'dblclick' ? 'doubleClick' : a.button === 'right' ? 'rightClick' : 'click';
      const verb = a.type === 'dblclick' ? 'Double-click' : a.button === 'right' ? 'Right-click' : 'Click';
      const keyboard = a.type === 'click' && a.via === 'keyboard';
      return {
        code: `pyautogui.${fn}(${at(p, ctx)})`,
        description: `${verb} ${what}`,
        fidelity: keyboard || !recorded ? 'equivalent' : 'exact',
        note: keyboard
          ? 'activated with Enter or Space on the focused element; given as a click on its centre'
          : recorded
            ? null
            : 'no recorded pointer position; the centre of the target box',
        pointer: p,
      };
    }
    case 'check': {
      if (!boxCenter) return none('check without a target box');
      return {
        code: `pyautogui.click(${at(boxCenter, ctx)})`,
        description: `${a.checked ? 'Check' : 'Uncheck'} ${what}`,
        fidelity: 'equivalent',
        note: 'a checkbox or radio toggled; given as a click on its centre',
        pointer: boxCenter,
      };
    }
    case 'type': {
      const value = ctx.surrogate(a.value);
      const from = ctx.surrogate(a.from);
      const lines: string[] = [];
      let note: string | null = null;
      const focus = ctx.focused === false && boxCenter ? boxCenter : null;
      if (focus) lines.push(`pyautogui.click(${at(focus, ctx)})`);
      if (from !== '' && value.startsWith(from)) {
        lines.push(`pyautogui.write(message=${py(value.slice(from.length))})`);
        note = 'appended to the text already in the field';
      } else {
        if (from !== '') {
          lines.push('pyautogui.hotkey("ctrl", "a")');
          note = 'the field held other text: select all, then type the final value';
        }
        lines.push(value === '' ? 'pyautogui.press("backspace")' : `pyautogui.write(message=${py(value)})`);
      }
      if (a.values.length > 1) note = `${note ? `${note}; ` : ''}the final value only (corrections left out)`;
      return {
        code: lines.join('\n'),
        description: value === '' ? `Clear ${what}` : `Type ${py(value)} into ${what}`,
        fidelity: note ? 'approximate' : 'exact',
        note,
        pointer: focus,
      };
    }
    case 'select': {
      if (!boxCenter) return none('select without a target box');
      const label = ctx.surrogate(a.label ?? a.value);
      return {
        code: [
          `pyautogui.click(${at(boxCenter, ctx)})`,
          `pyautogui.write(message=${py(label)})`,
          'pyautogui.press("enter")',
        ].join('\n'),
        description: `Select ${py(label)} in ${what}`,
        fidelity: 'approximate',
        note: "a native <select>: its popup is drawn by the browser, not the page, and is in no screenshot; open it, type the option's label, confirm",
        pointer: boxCenter,
      };
    }
    case 'keypress': {
      const key = keyName(a.key);
      const mods = a.modifiers.map(keyName);
      const code =
        mods.length > 0
          ? `pyautogui.hotkey(${[...mods, key].map(py).join(', ')})`
          : a.count > 1
            ? `pyautogui.press(${py(key)}, presses=${a.count})`
            : `pyautogui.press(${py(key)})`;
      const repeat = mods.length > 0 && a.count > 1 ? `\n${code}`.repeat(a.count - 1) : '';
      return {
        code: code + repeat,
        description: `Press ${a.combo}${a.count > 1 ? ` ${a.count} times` : ''}`,
        fidelity: 'exact',
        note: null,
        pointer: null,
      };
    }
    case 'scroll': {
      const p = boxCenter ?? { x: ctx.viewport.width / 2, y: ctx.viewport.height / 2 };
      const lines: string[] = [];
      if (a.deltaY !== 0) lines.push(`pyautogui.scroll(${clicks(a.deltaY)}, ${at(p, ctx)})`);
      if (a.deltaX !== 0) lines.push(`pyautogui.hscroll(${clicks(a.deltaX)}, ${at(p, ctx)})`);
      if (lines.length === 0) return none('scroll by zero pixels');
      return {
        code: lines.join('\n'),
        description: `Scroll ${a.deltaY > 0 ? 'down' : a.deltaY < 0 ? 'up' : a.deltaX > 0 ? 'right' : 'left'} ${step.target ? `in ${what}` : 'the page'}`,
        fidelity: 'approximate',
        note: `wheel clicks of ${WHEEL_STEP_PX} px (recorded: ${a.deltaX}, ${a.deltaY} px)`,
        pointer: p,
      };
    }
    case 'navigate': {
      const url = ctx.surrogate(a.url);
      if (a.transition === 'reload')
        return {
          code: 'pyautogui.press("f5")',
          description: 'Reload the page',
          fidelity: 'exact',
          note: null,
          pointer: null,
        };
      if (a.qualifiers.includes('forward_back'))
        return {
          code: 'pyautogui.hotkey("alt", "left")',
          description: 'Go back',
          fidelity: 'approximate',
          note: 'back or forward in history (the direction is not recorded); given as back',
          pointer: null,
        };
      return {
        code: [
          'pyautogui.hotkey("ctrl", "l")',
          `pyautogui.write(message=${py(url)})`,
          'pyautogui.press("enter")',
        ].join('\n'),
        description: `Go to ${url}`,
        fidelity: a.transition === 'typed' ? 'exact' : 'approximate',
        note:
          a.transition === 'typed'
            ? 'the address bar is outside the screenshot (the page only)'
            : `a ${a.transition} navigation, given as typing the address`,
        pointer: null,
      };
    }
    case 'tab_switch':
      return {
        code: 'pyautogui.hotkey("ctrl", "tab")',
        description: `Switch to the tab${a.url ? ` showing ${ctx.surrogate(a.url)}` : ''}`,
        fidelity: 'approximate',
        note: 'which tab is not expressible on screen (the tab strip is not rendered); given as the next tab',
        pointer: null,
      };
    case 'paste': {
      const text = ctx.surrogate(a.text);
      return {
        code: `pyautogui.write(message=${py(text)})`,
        description: `Paste ${py(text)} into ${what}`,
        fidelity: 'approximate',
        note: "the clipboard's content came from outside the recording; given as typing the pasted text",
        pointer: null,
      };
    }
    case 'submit':
      if (a.via === 'enter')
        return {
          code: 'pyautogui.press("enter")',
          description: `Submit ${what} with Enter`,
          fidelity: 'exact',
          note: null,
          pointer: null,
        };
      return none('submitted by the page script, not by a user input');
  }
}

/** AgentNet's closing call for a trajectory's outcome (none when the outcome is unknown). */
export function terminateCode(outcome: 'done' | 'abandoned' | 'unknown'): string | null {
  if (outcome === 'done') return 'computer.terminate(status="success")';
  if (outcome === 'abandoned') return 'computer.terminate(status="failure")';
  return null;
}
