/**
 * Keystrokes without characters (invariant 3): printable keys are recorded as a class only; named
 * keys and shortcuts (Ctrl/Cmd/Alt + key) keep their names. Typed text is known only from the
 * value snapshots that rrweb records and the worker redacts.
 *
 * A modifier held down does not make a key a shortcut: AltGr (`@` is AltGr+Q on a German layout,
 * `ł` AltGr+L on a Polish one; Windows reports it as Ctrl+Alt) and Mac Option (Option+E is the `´`
 * dead key, Option+2 is `€` or `@`) produce characters. Such a key is printable; recording it as a
 * shortcut would keep the physical key, from which the character follows for a known layout.
 */
import {
  type KeystrokePayload,
  type Modifiers,
  NAMED_KEYS,
  type NamedKey,
  SHORTCUT_KEY,
  type SHORTCUT_PUNCTUATION_KEYS,
} from '../../shared/events';

const NAMED = new Set<string>(NAMED_KEYS);
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph', 'Fn']);

/**
 * The only keys kept in a secret field: moving around, leaving, submitting. Not Backspace/Delete
 * (their count follows the length of what is typed), not shortcuts, modifiers or function keys.
 */
const SECRET_FIELD_KEYS = new Set<NamedKey>([
  'Enter',
  'Tab',
  'Escape',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

export type KeyEvent = Pick<
  KeyboardEvent,
  'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey' | 'repeat' | 'getModifierState'
>;

/**
 * What is recorded of a keydown; null when nothing is (any key but named navigation keys in a
 * secret field).
 */
export function classifyKey(e: KeyEvent, targetId: number, secretField = false): KeystrokePayload | null {
  const payload = classify(e, targetId);
  if (!secretField) return payload;
  return payload.kind === 'named' && SECRET_FIELD_KEYS.has(payload.key) ? payload : null;
}

function classify(e: KeyEvent, targetId: number): KeystrokePayload {
  const modifiers: Modifiers = { ctrl: e.ctrlKey, alt: e.altKey, shift: e.shiftKey, meta: e.metaKey };
  const base = { targetId, modifiers, repeat: e.repeat };
  if (NAMED.has(e.key)) return { kind: 'named', key: e.key as NamedKey, ...base };
  if (MODIFIER_KEYS.has(e.key)) return { kind: 'modifier', ...base };
  if (producesCharacter(e)) return { kind: 'printable', ...base };
  if (e.ctrlKey || e.metaKey || e.altKey) {
    const key = shortcutKey(e.code);
    if (key !== null) return { kind: 'shortcut', key, ...base };
  }
  return { kind: 'printable', ...base };
}

/**
 * A key held with AltGr, or with Alt/Option that gave something other than the physical key's own
 * character (a dead key, `é`, `@`): text, not a command. Alt+F on Windows/Linux gives `f` on KeyF
 * and stays a shortcut.
 */
function producesCharacter(e: KeyEvent): boolean {
  if (safeModifierState(e, 'AltGraph')) return true;
  if (!e.altKey) return false;
  if (e.key === 'Dead' || e.key === 'Unidentified' || e.key === 'Process') return true;
  if ([...e.key].length !== 1) return false; // a named key outside our list (MediaPlay, …)
  const own = ownCharacters(e.code);
  return own === null || !own.includes(e.key.toLowerCase());
}

function safeModifierState(e: KeyEvent, key: string): boolean {
  try {
    return typeof e.getModifierState === 'function' && e.getModifierState(key);
  } catch {
    return false;
  }
}

/** US characters of the punctuation keys, unshifted and shifted (the keys' names in `code`). */
const PUNCTUATION: Record<(typeof SHORTCUT_PUNCTUATION_KEYS)[number], string> = {
  Slash: '/?',
  Period: '.>',
  Comma: ',<',
  Minus: '-_',
  Equal: '=+',
  BracketLeft: '[{',
  BracketRight: ']}',
  Semicolon: ';:',
  Quote: `'"`,
  Backquote: '`~',
  Backslash: '\\|',
  Space: ' ',
};
const DIGIT_SHIFTED = ')!@#$%^&*(';

/** The characters a physical key gives without AltGr/Option (US layout), lower-cased; null if unknown. */
function ownCharacters(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code)?.[1];
  if (letter) return letter.toLowerCase();
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code)?.[1];
  if (digit) return digit + (code.startsWith('Digit') ? (DIGIT_SHIFTED[Number(digit)] ?? '') : '');
  return (PUNCTUATION as Record<string, string | undefined>)[code] ?? null;
}

/** The physical key of a shortcut (KeyC -> c, Digit1 -> 1); never the produced character. */
function shortcutKey(code: string): string | null {
  const m = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(code);
  if (m) return (m[1] ?? m[2] ?? '').toLowerCase();
  return SHORTCUT_KEY.test(code) ? code : null;
}
