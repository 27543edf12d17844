/**
 * Keystrokes without characters (invariant 3): printable keys are recorded as a class only; named
 * keys and shortcuts (Ctrl/Cmd/Alt + key) keep their names. Typed text is known only from the
 * value snapshots that rrweb records and the worker redacts.
 */
import { type KeystrokePayload, type Modifiers, NAMED_KEYS, type NamedKey } from '../../shared/events';

const NAMED = new Set<string>(NAMED_KEYS);
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph', 'Fn']);

export function classifyKey(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey' | 'repeat'>,
  targetId: number,
): KeystrokePayload {
  const modifiers: Modifiers = { ctrl: e.ctrlKey, alt: e.altKey, shift: e.shiftKey, meta: e.metaKey };
  const base = { targetId, modifiers, repeat: e.repeat };
  if (NAMED.has(e.key)) return { kind: 'named', key: e.key as NamedKey, ...base };
  if (MODIFIER_KEYS.has(e.key)) return { kind: 'modifier', ...base };
  if (e.ctrlKey || e.metaKey || e.altKey) {
    const key = shortcutKey(e.code);
    if (key !== null) return { kind: 'shortcut', key, ...base };
  }
  return { kind: 'printable', ...base };
}

/** The physical key of a shortcut (KeyC -> c, Digit1 -> 1); never the produced character. */
function shortcutKey(code: string): string | null {
  const m = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(code);
  if (m) return (m[1] ?? m[2] ?? '').toLowerCase();
  if (
    /^(?:Slash|Period|Comma|Minus|Equal|BracketLeft|BracketRight|Semicolon|Quote|Backquote|Backslash|Space)$/.test(
      code,
    )
  )
    return code;
  return null;
}
