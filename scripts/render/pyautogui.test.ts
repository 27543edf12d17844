import { describe, expect, it } from 'vitest';
import type { Action, Step, Target } from '../../shared/trajectory';
import { createSynthesizer } from '../../worker/ship/synthetic';
import { keyName, type MapContext, norm, toPyautogui } from './pyautogui';

const target = (over: Partial<Target> = {}): Target => ({
  uid: 'p0n10',
  tag: 'input',
  role: 'textbox',
  name: 'Email',
  text: '',
  attributes: {},
  selectors: [],
  bbox: { x: 100, y: 200, width: 200, height: 40 },
  viewport: { width: 1000, height: 800 },
  devicePixelRatio: 1,
  scroll: { x: 0, y: 0 },
  visible: true,
  framePath: [],
  shadowPath: [],
  ...over,
});

const step = (action: Action, t: Target | null = target()): Step => ({
  index: 0,
  action,
  target: t,
  observation: {
    url: null,
    title: null,
    tabId: 1,
    viewport: null,
    html: '',
    axtree: '',
    targetUid: null,
    candidates: [],
  },
  friction: { thinkTimeMs: null, corrections: 0, backtrack: null, tabSwitches: 0 },
  startedAt: 1,
  endedAt: 2,
  tabId: 1,
  events: [],
});

const ctx = (over: Partial<MapContext> = {}): MapContext => {
  const synth = createSynthesizer();
  return {
    viewport: { width: 1000, height: 800 },
    box: { x: 100, y: 200, width: 200, height: 40 },
    surrogate: (s) => synth.value(s),
    ...over,
  };
};

describe('toPyautogui', () => {
  it('maps a pointer click to click() at the recorded point, normalised to the screenshot', () => {
    const m = toPyautogui(step({ type: 'click', button: 'left', x: 412, y: 230, via: 'pointer' }), ctx());
    expect(m.code).toBe('pyautogui.click(x=0.412, y=0.2875)');
    expect(m.fidelity).toBe('exact');
    expect(m.pointer).toEqual({ x: 412, y: 230 });
  });

  it('uses the pointer moved onto the rendered target when the renderer gives one', () => {
    const m = toPyautogui(
      step({ type: 'click', button: 'left', x: 412, y: 230, via: 'pointer' }),
      ctx({ pointer: { x: 500, y: 400 } }),
    );
    expect(m.code).toBe('pyautogui.click(x=0.5, y=0.5)');
  });

  it('maps right clicks, double clicks, and keyboard activations (as a click on the centre)', () => {
    expect(
      toPyautogui(step({ type: 'click', button: 'right', x: 100, y: 80, via: 'pointer' }), ctx()).code,
    ).toBe('pyautogui.rightClick(x=0.1, y=0.1)');
    expect(toPyautogui(step({ type: 'dblclick', x: 100, y: 80 }), ctx()).code).toBe(
      'pyautogui.doubleClick(x=0.1, y=0.1)',
    );
    const kb = toPyautogui(step({ type: 'click', button: 'left', x: null, y: null, via: 'keyboard' }), ctx());
    expect(kb.code).toBe('pyautogui.click(x=0.2, y=0.275)');
    expect(kb.fidelity).toBe('equivalent');
  });

  it('types surrogate values, never placeholders, clicking the field first when it has no focus', () => {
    const a: Action = {
      type: 'type',
      value: 'mail [EMAIL:abcdef]',
      from: '',
      values: ['mail [EMAIL:abcdef]'],
      commit: 'focus_change',
    };
    const focused = toPyautogui(step(a), ctx({ focused: true }));
    expect(focused.code).toBe('pyautogui.write(message="mail user1@example.com")');
    expect(focused.code).not.toContain('[EMAIL');
    const unfocused = toPyautogui(step(a), ctx({ focused: false }));
    expect(unfocused.code).toBe(
      'pyautogui.click(x=0.2, y=0.275)\npyautogui.write(message="mail user1@example.com")',
    );
  });

  it('appends to existing text, replaces other text with select-all, and clears with backspace', () => {
    const append = toPyautogui(
      step({ type: 'type', value: 'abc def', from: 'abc', values: ['abc def'], commit: 'end' }),
      ctx({ focused: true }),
    );
    expect(append.code).toBe('pyautogui.write(message=" def")');
    const replace = toPyautogui(
      step({ type: 'type', value: 'new', from: 'old', values: ['new'], commit: 'end' }),
      ctx({ focused: true }),
    );
    expect(replace.code).toBe('pyautogui.hotkey("ctrl", "a")\npyautogui.write(message="new")');
    const clear = toPyautogui(
      step({ type: 'type', value: '', from: 'old', values: [''], commit: 'end' }),
      ctx({ focused: true }),
    );
    expect(clear.code).toBe('pyautogui.hotkey("ctrl", "a")\npyautogui.press("backspace")');
  });

  it('escapes quotes, backslashes and newlines as a Python string literal', () => {
    const m = toPyautogui(
      step({ type: 'type', value: 'a "b" \\ c\nd', from: '', values: [], commit: 'end' }),
      ctx({ focused: true }),
    );
    expect(m.code).toBe('pyautogui.write(message="a \\"b\\" \\\\ c\\nd")');
  });

  it('maps keys and shortcuts to press() and hotkey() with pyautogui key names', () => {
    expect(
      toPyautogui(step({ type: 'keypress', key: 'Enter', modifiers: [], combo: 'Enter', count: 1 }), ctx())
        .code,
    ).toBe('pyautogui.press("enter")');
    expect(
      toPyautogui(step({ type: 'keypress', key: 'Tab', modifiers: [], combo: 'Tab', count: 3 }), ctx()).code,
    ).toBe('pyautogui.press("tab", presses=3)');
    expect(
      toPyautogui(
        step({ type: 'keypress', key: 'a', modifiers: ['Control'], combo: 'Control+a', count: 1 }),
        ctx(),
      ).code,
    ).toBe('pyautogui.hotkey("ctrl", "a")');
    expect(
      toPyautogui(
        step({
          type: 'keypress',
          key: 'z',
          modifiers: ['Control', 'Shift'],
          combo: 'Control+Shift+z',
          count: 2,
        }),
        ctx(),
      ).code,
    ).toBe('pyautogui.hotkey("ctrl", "shift", "z")\npyautogui.hotkey("ctrl", "shift", "z")');
    expect(keyName('ArrowDown')).toBe('down');
    expect(keyName('Escape')).toBe('esc');
    expect(keyName('BracketLeft')).toBe('[');
    expect(keyName('F5')).toBe('f5');
  });

  it('maps scrolling to wheel clicks (positive is up) at the target, horizontal to hscroll', () => {
    const down = toPyautogui(step({ type: 'scroll', x: 0, y: 300, deltaX: 0, deltaY: 300 }), ctx());
    expect(down.code).toBe('pyautogui.scroll(-3, x=0.2, y=0.275)');
    const both = toPyautogui(
      step({ type: 'scroll', x: 40, y: 0, deltaX: 40, deltaY: -120 }, null),
      ctx({ box: null }),
    );
    expect(both.code).toBe('pyautogui.scroll(1, x=0.5, y=0.5)\npyautogui.hscroll(-1, x=0.5, y=0.5)');
  });

  it('maps a select to open, type the label, confirm (its popup is in no screenshot)', () => {
    const m = toPyautogui(
      step({ type: 'select', value: 'DE', label: 'Germany' }, target({ tag: 'select', role: 'combobox' })),
      ctx(),
    );
    expect(m.code).toBe(
      'pyautogui.click(x=0.2, y=0.275)\npyautogui.write(message="Germany")\npyautogui.press("enter")',
    );
    expect(m.fidelity).toBe('approximate');
  });

  it('maps check, paste, navigation, tab switch and submit; a script submit maps to nothing', () => {
    expect(toPyautogui(step({ type: 'check', checked: true }), ctx()).code).toBe(
      'pyautogui.click(x=0.2, y=0.275)',
    );
    const paste = toPyautogui(step({ type: 'paste', text: '[PHONE:zzzzzz]', value: '' }), ctx());
    expect(paste.code).toBe('pyautogui.write(message="+1 555 0101")');
    expect(paste.fidelity).toBe('approximate');
    const nav = toPyautogui(
      step({ type: 'navigate', url: 'http://a.test/x', transition: 'typed', qualifiers: [] }, null),
      ctx(),
    );
    expect(nav.code).toBe(
      'pyautogui.hotkey("ctrl", "l")\npyautogui.write(message="http://a.test/x")\npyautogui.press("enter")',
    );
    expect(
      toPyautogui(step({ type: 'navigate', url: 'x', transition: 'reload', qualifiers: [] }, null), ctx())
        .code,
    ).toBe('pyautogui.press("f5")');
    expect(
      toPyautogui(step({ type: 'tab_switch', tabId: 2, fromTabId: 1, url: null }, null), ctx()).fidelity,
    ).toBe('approximate');
    expect(toPyautogui(step({ type: 'submit', via: 'enter' }), ctx()).code).toBe('pyautogui.press("enter")');
    const script = toPyautogui(step({ type: 'submit', via: 'script' }), ctx());
    expect(script.fidelity).toBe('none');
    expect(script.code).toBe('');
  });

  it('clamps coordinates into [0, 1]', () => {
    expect(norm(-5, 100)).toBe(0);
    expect(norm(150, 100)).toBe(1);
    expect(norm(33.333, 100)).toBe(0.3333);
  });
});
