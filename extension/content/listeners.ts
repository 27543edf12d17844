/**
 * Our own capture beside rrweb: keystrokes, focus, clipboard and layout. Only trusted (user)
 * events count; every listener is torn down by the recorder's AbortSignal.
 */
import type { CustomPayloads, CustomTag, LayoutPayload } from '../../shared/events';
import { SECRET_MASK } from '../../shared/events';
import { classifyKey } from './keystrokes';
import { layoutAt } from './layout';

export interface CaptureSink {
  emit<T extends CustomTag>(tag: T, payload: CustomPayloads[T]): void;
  idOf(node: Node): number;
  isSecret(el: Element): boolean;
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

  const layout = (action: LayoutPayload['action'], el: Element) =>
    sink.emit('rec/layout', layoutAt(action, el, sink.idOf));

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
      const payload = classifyKey(e, sink.idOf(el));
      // In a secret field even the rhythm of typing is left out: only named keys (Enter, Tab…).
      if (payload.kind === 'printable' && sink.isSecret(el)) return;
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
      const el = targetOf(e);
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
