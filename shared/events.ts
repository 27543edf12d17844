/**
 * Recorded events: rrweb's own events plus our custom events (rrweb `Custom`, type 5).
 * Every custom event carries a literal `tag` so consumers narrow with a switch that the compiler
 * checks for exhaustiveness.
 */
import type { eventWithTime } from '@rrweb/types';

export type RrwebEvent = eventWithTime;

/** rrweb EventType values we rely on (kept as literals so the worker needs no rrweb runtime). */
export const EventType = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

/** rrweb IncrementalSource values. */
export const Source = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
  TouchMove: 6,
  MediaInteraction: 7,
  StyleSheetRule: 8,
  CanvasMutation: 9,
  Font: 10,
  Log: 11,
  Drag: 12,
  StyleDeclaration: 13,
  Selection: 14,
  AdoptedStyleSheet: 15,
  CustomElement: 16,
} as const;

/** rrweb MouseInteractions values (`data.type` of a MouseInteraction event). */
export const Interaction = {
  MouseUp: 0,
  MouseDown: 1,
  Click: 2,
  ContextMenu: 3,
  DblClick: 4,
  Focus: 5,
  Blur: 6,
  TouchStart: 7,
  TouchEnd: 9,
  TouchCancel: 10,
} as const;

/** rrweb-snapshot NodeType values of serialized nodes. */
export const NodeType = {
  Document: 0,
  DocumentType: 1,
  Element: 2,
  Text: 3,
  CDATA: 4,
  Comment: 5,
} as const;

/**
 * The one sentinel for a value masked in the page (secret fields). Fixed length, so it leaks no
 * length; the worker recognises it and leaves it as it is.
 */
export const SECRET_MASK = '********';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Modifiers {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

/** Keys that are recorded by name. Anything else that produces a character is `printable`. */
export const NAMED_KEYS = [
  'Enter',
  'Tab',
  'Backspace',
  'Delete',
  'Escape',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Insert',
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'F6',
  'F7',
  'F8',
  'F9',
  'F10',
  'F11',
  'F12',
] as const;
export type NamedKey = (typeof NAMED_KEYS)[number];

/** Punctuation keys a shortcut may name, by their physical key (`KeyboardEvent.code`). */
export const SHORTCUT_PUNCTUATION_KEYS = [
  'Slash',
  'Period',
  'Comma',
  'Minus',
  'Equal',
  'BracketLeft',
  'BracketRight',
  'Semicolon',
  'Quote',
  'Backquote',
  'Backslash',
  'Space',
] as const;

/** The keys a recorded shortcut can have: a letter, a digit, or a punctuation key's code name. */
export const SHORTCUT_KEY = new RegExp(`^(?:[a-z0-9]|${SHORTCUT_PUNCTUATION_KEYS.join('|')})$`);

/**
 * A keystroke never carries the character of a printable key (invariant 3). `shortcut` keeps the
 * key because Ctrl/Cmd/Alt+key is a command, not text.
 */
export type KeystrokePayload =
  | { kind: 'printable'; targetId: number; modifiers: Modifiers; repeat: boolean }
  | { kind: 'named'; key: NamedKey; targetId: number; modifiers: Modifiers; repeat: boolean }
  | { kind: 'shortcut'; key: string; targetId: number; modifiers: Modifiers; repeat: boolean }
  | { kind: 'modifier'; targetId: number; modifiers: Modifiers; repeat: boolean };

/** Geometry at a trusted user action (rrweb records no layout). */
export interface LayoutPayload {
  action: 'click' | 'dblclick' | 'input' | 'change' | 'keydown' | 'paste' | 'submit' | 'contextmenu';
  targetId: number;
  box: Box;
  visible: boolean;
  viewport: { width: number; height: number };
  dpr: number;
  scroll: { x: number; y: number };
  /** Nearby interactive elements (capped), the candidates an agent would choose from. */
  candidates: { id: number; box: Box }[];
}

export interface ClipboardPayload {
  op: 'copy' | 'cut' | 'paste';
  targetId: number;
  /** Pasted text only (copy/cut text is not read); redacted in the worker like any value. */
  text?: string;
}

export interface FocusPayload {
  targetId: number | null;
  previousId: number | null;
}

export type TabPayload =
  | { op: 'activated' | 'created' | 'closed'; tabId: number; windowId: number }
  | { op: 'window-focus'; windowId: number };

export interface NavigationPayload {
  tabId: number;
  frameId: number;
  url: string;
  transition: string;
  qualifiers: string[];
}

export type TaskPayload =
  | { op: 'start'; taskId: string; intent: string }
  | { op: 'end'; taskId: string; outcome: 'done' | 'abandoned' };

/** The stream fell back to a degraded mode (e.g. mutation budget hit) or recovered. */
export interface DegradedPayload {
  reason: 'mutation-budget' | 'buffer-full' | 'oversize-event' | 'redaction-failed';
  detail: string;
  /** `recovered` marks the end of a degraded span (a full snapshot follows). */
  phase?: 'degraded' | 'recovered';
}

/**
 * A pause is a hole in the record: the coordinator marks where it began and ended (session
 * events), so a replay shows the gap instead of a jump. Nothing typed during it is stored.
 */
export interface PausedPayload {
  phase: 'paused' | 'resumed';
}

export interface CustomPayloads {
  'rec/keystroke': KeystrokePayload;
  'rec/layout': LayoutPayload;
  'rec/clipboard': ClipboardPayload;
  'rec/focus': FocusPayload;
  'rec/tab': TabPayload;
  'rec/navigation': NavigationPayload;
  'rec/task': TaskPayload;
  'rec/degraded': DegradedPayload;
  'rec/paused': PausedPayload;
}
export type CustomTag = keyof CustomPayloads;

export type CustomEvent = {
  [T in CustomTag]: {
    type: typeof EventType.Custom;
    timestamp: number;
    data: { tag: T; payload: CustomPayloads[T] };
  };
}[CustomTag];

export function customEvent<T extends CustomTag>(
  tag: T,
  payload: CustomPayloads[T],
  timestamp = Date.now(),
): Extract<CustomEvent, { data: { tag: T } }> {
  return { type: 5, timestamp, data: { tag, payload } } as Extract<CustomEvent, { data: { tag: T } }>;
}

export function isCustom(e: RrwebEvent): e is RrwebEvent & CustomEvent {
  return e.type === EventType.Custom && typeof (e.data as { tag?: unknown }).tag === 'string';
}
