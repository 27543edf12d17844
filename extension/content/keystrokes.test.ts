import { describe, expect, it } from 'vitest';
import { classifyKey, type KeyEvent } from './keystrokes';

/** A keydown as Chromium reports it; `altGraph` is what getModifierState('AltGraph') answers. */
function key(
  k: string,
  code: string,
  mods: { ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean; altGraph?: boolean } = {},
): KeyEvent {
  return {
    key: k,
    code,
    ctrlKey: mods.ctrl ?? false,
    altKey: mods.alt ?? false,
    shiftKey: mods.shift ?? false,
    metaKey: mods.meta ?? false,
    repeat: false,
    getModifierState: (m: string) => m === 'AltGraph' && (mods.altGraph ?? false),
  };
}

const kind = (e: KeyEvent, secret = false) => classifyKey(e, 7, secret)?.kind ?? null;

describe('classifyKey: AltGr and Option produce characters, not shortcuts', () => {
  it('AltGr+Q giving "@" (German layout) is printable, with no key', () => {
    const p = classifyKey(key('@', 'KeyQ', { altGraph: true }), 7);
    expect(p).toEqual({
      kind: 'printable',
      targetId: 7,
      modifiers: { ctrl: false, alt: false, shift: false, meta: false },
      repeat: false,
    });
  });

  it('AltGr reported by Windows as Ctrl+Alt is printable (€ on AltGr+E, ł on AltGr+L)', () => {
    expect(kind(key('€', 'KeyE', { ctrl: true, alt: true, altGraph: true }))).toBe('printable');
    expect(kind(key('ł', 'KeyL', { ctrl: true, alt: true, altGraph: true }))).toBe('printable');
  });

  it('Ctrl+Alt giving another character is printable even without the AltGraph state', () => {
    expect(kind(key('@', 'KeyQ', { ctrl: true, alt: true }))).toBe('printable');
  });

  it('Mac Option+E (the ´ dead key, or é) is printable', () => {
    expect(kind(key('´', 'KeyE', { alt: true }))).toBe('printable');
    expect(kind(key('Dead', 'KeyE', { alt: true }))).toBe('printable');
    expect(kind(key('é', 'KeyE', { alt: true }))).toBe('printable');
  });

  it('Mac Option+2 giving "€" and Option+L giving "@" are printable', () => {
    expect(kind(key('€', 'Digit2', { alt: true }))).toBe('printable');
    expect(kind(key('@', 'KeyL', { alt: true }))).toBe('printable');
  });

  it('no printable key carries the character or the physical key', () => {
    for (const e of [key('@', 'KeyQ', { altGraph: true }), key('´', 'KeyE', { alt: true })]) {
      const p = classifyKey(e, 7);
      expect(p).not.toHaveProperty('key');
      expect(JSON.stringify(p)).not.toMatch(/@|´|KeyQ|KeyE/);
    }
  });
});

describe('classifyKey: real shortcuts stay shortcuts', () => {
  it('Alt+F on Windows/Linux (key "f" on KeyF) is the shortcut f', () => {
    expect(classifyKey(key('f', 'KeyF', { alt: true }), 7)).toMatchObject({ kind: 'shortcut', key: 'f' });
  });

  it('Alt+Shift+F and Alt+1 stay shortcuts', () => {
    expect(classifyKey(key('F', 'KeyF', { alt: true, shift: true }), 7)).toMatchObject({
      kind: 'shortcut',
      key: 'f',
    });
    expect(classifyKey(key('1', 'Digit1', { alt: true }), 7)).toMatchObject({ kind: 'shortcut', key: '1' });
  });

  it('Ctrl+C, Cmd+V and Ctrl+Alt+T (no AltGr) are shortcuts by physical key', () => {
    expect(classifyKey(key('c', 'KeyC', { ctrl: true }), 7)).toMatchObject({ kind: 'shortcut', key: 'c' });
    expect(classifyKey(key('v', 'KeyV', { meta: true }), 7)).toMatchObject({ kind: 'shortcut', key: 'v' });
    expect(classifyKey(key('t', 'KeyT', { ctrl: true, alt: true }), 7)).toMatchObject({
      kind: 'shortcut',
      key: 't',
    });
  });

  it('plain letters are printable, named keys keep their name', () => {
    expect(kind(key('a', 'KeyA'))).toBe('printable');
    expect(classifyKey(key('Enter', 'Enter'), 7)).toMatchObject({ kind: 'named', key: 'Enter' });
  });
});

describe('classifyKey in a secret field keeps only named navigation keys', () => {
  it.each([
    ['Enter', 'Enter'],
    ['Tab', 'Tab'],
    ['Escape', 'Escape'],
    ['ArrowLeft', 'ArrowLeft'],
    ['Home', 'Home'],
    ['End', 'End'],
  ])('%s is kept', (k, code) => {
    expect(classifyKey(key(k, code), 7, true)).toMatchObject({ kind: 'named', key: k });
  });

  it.each([
    ['printable', key('a', 'KeyA')],
    ['AltGr character', key('@', 'KeyQ', { altGraph: true })],
    ['Option character', key('´', 'KeyE', { alt: true })],
    ['Alt shortcut', key('f', 'KeyF', { alt: true })],
    ['Ctrl shortcut', key('v', 'KeyV', { ctrl: true })],
    ['modifier', key('Shift', 'ShiftLeft', { shift: true })],
    ['AltGraph modifier', key('AltGraph', 'AltRight', { altGraph: true })],
    ['Backspace', key('Backspace', 'Backspace')],
    ['Delete', key('Delete', 'Delete')],
    ['F5', key('F5', 'F5')],
  ])('%s is dropped', (_name, e) => {
    expect(classifyKey(e, 7, true)).toBeNull();
  });
});
