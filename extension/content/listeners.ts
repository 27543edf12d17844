/**
 * Our own capture beside rrweb: keystrokes, focus, clipboard and layout. Only trusted (user)
 * events count: every listener that emits anything checks `isTrusted` first, since a page can
 * dispatch any event it likes. Every listener is torn down by the recorder's AbortSignal.
 */
import type { CustomPayloads, CustomTag, LayoutPayload } from '../../shared/events';
import { SECRET_MASK } from '../../shared/events';
import { classifyKey } from './keystrokes';
import { layoutAt } from './layout';

export interface CaptureSink {
  emit<T extends CustomTag>(tag: T, payload: CustomPayloads[T]): void;
  idOf(node: Node): number;
  isSecret(el: Element): boolean;
  /** A value snapshot of a field (an rrweb Input event), as rrweb would record it. */
  emitValue(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, userTriggered: boolean): void;
  /** Called at each trusted action: bring page-world changes rrweb cannot see into the stream. */
  beforeAction(): void;
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isField = (el: Element | null): el is Field =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/** The value a field had from its markup, before anyone changed it. */
function initialValue(el: Field): string {
  if (el instanceof HTMLSelectElement) {
    const options = [...el.options];
    return (options.find((o) => o.defaultSelected) ?? options[0])?.value ?? '';
  }
  return el.defaultValue;
}

/** The element an event really targeted, through open shadow roots. */
function targetOf(e: Event): Element | null {
  const t = e.composedPath()[0];
  return t instanceof Element ? t : null;
}

export function installListeners(doc: Document, sink: CaptureSink, signal: AbortSignal): void {
  const opts = { capture: true, signal, passive: true } as const;
  let lastFocusId: number | null = null;
  let lastInputTarget: Element | null = null;
  // What the user last left in each field. rrweb in the isolated world cannot see `input.value =`
  // from page scripts; a field found different on focus was set by the page (a proposal).
  const userValues = new WeakMap<Field, string>();
  /** At each trusted action: fields whose value the page changed since the user last typed. */
  const syncPageSetValues = () => {
    for (const el of doc.querySelectorAll<Field>('input, textarea, select')) {
      if (
        el instanceof HTMLInputElement &&
        /^(checkbox|radio|button|submit|reset|file|image|hidden)$/.test(el.type)
      )
        continue;
      if (el.value === (userValues.get(el) ?? initialValue(el))) continue;
      userValues.set(el, el.value);
      sink.emitValue(el, false);
    }
  };
  doc.addEventListener(
    'input',
    (e) => {
      const el = e.isTrusted ? targetOf(e) : null;
      if (isField(el)) userValues.set(el, el.value);
    },
    opts,
  );

  const layout = (action: LayoutPayload['action'], el: Element) => {
    syncPageSetValues();
    sink.beforeAction();
    sink.emit('rec/layout', layoutAt(action, el, sink.idOf));
  };

  for (const type of ['click', 'dblclick', 'contextmenu'] as const) {
    doc.addEventListener(
      type,
      (e) => {
        const el = e.isTrusted ? targetOf(e) : null;
        if (el) layout(type, el);
      },
      opts,
    );
  }

  doc.addEventListener(
    'keydown',
    (e) => {
      const el = e.isTrusted ? targetOf(e) : null;
      if (!el) return;
      // In a secret field even the rhythm of typing is left out: only navigation keys (Enter, Tab…).
      const payload = classifyKey(e, sink.idOf(el), sink.isSecret(el));
      if (payload === null) return;
      if (payload.kind === 'named' && payload.key === 'Enter') layout('keydown', el);
      sink.emit('rec/keystroke', payload);
    },
    opts,
  );

  doc.addEventListener(
    'input',
    (e) => {
      const el = e.isTrusted ? targetOf(e) : null;
      if (!el || el === lastInputTarget) return;
      lastInputTarget = el; // one layout per field being typed, not per key
      layout('input', el);
    },
    opts,
  );

  doc.addEventListener(
    'change',
    (e) => {
      const el = e.isTrusted ? targetOf(e) : null;
      if (
        el &&
        (el instanceof HTMLSelectElement ||
          (el instanceof HTMLInputElement && /^(checkbox|radio)$/.test(el.type)))
      )
        layout('change', el);
    },
    opts,
  );

  doc.addEventListener(
    'submit',
    (e) => {
      // A page's `form.dispatchEvent(new Event('submit'))` is no user action and makes no step.
      const el = e.isTrusted ? targetOf(e) : null;
      if (el) layout('submit', el);
    },
    opts,
  );

  doc.addEventListener(
    'focusin',
    (e) => {
      if (!e.isTrusted) return;
      const el = targetOf(e);
      const id = el ? sink.idOf(el) : null;
      if (id === lastFocusId) return;
      syncPageSetValues();
      sink.beforeAction();
      sink.emit('rec/focus', { targetId: id, previousId: lastFocusId });
      lastFocusId = id;
      lastInputTarget = null;
    },
    opts,
  );

  for (const op of ['copy', 'cut', 'paste'] as const) {
    doc.addEventListener(
      op,
      (e) => {
        const el = e.isTrusted ? targetOf(e) : null;
        if (!el) return;
        const pasted = e.clipboardData?.getData('text/plain') ?? '';
        const text = op !== 'paste' ? undefined : sink.isSecret(el) ? SECRET_MASK : pasted;
        if (op === 'paste') layout('paste', el);
        sink.emit(
          'rec/clipboard',
          text === undefined ? { op, targetId: sink.idOf(el) } : { op, targetId: sink.idOf(el), text },
        );
      },
      opts,
    );
  }
}
