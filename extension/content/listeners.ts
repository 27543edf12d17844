/**
 * Our own capture beside rrweb: keystrokes, focus, clipboard and layout. Only trusted (user)
 * events count: every listener that emits anything checks `isTrusted` first, since a page can
 * dispatch any event it likes. Every listener is torn down by the recorder's AbortSignal.
 *
 * The listeners cover the recording document and every same-origin frame document in it (added
 * later or navigated too: frame-documents.ts), since rrweb records those frames through this
 * document and no recorder runs in them. Node ids come from rrweb's one mirror for all of them;
 * nodes of a child frame are of another realm, so no `instanceof` checks here.
 */
import type { CustomPayloads, CustomTag, LayoutPayload } from '../../shared/events';
import { SECRET_MASK } from '../../shared/events';
import { eachFrameDocument, frameOffset, isElement } from './frame-documents';
import { classifyKey } from './keystrokes';
import { layoutAt } from './layout';

export interface CaptureSink {
  emit<T extends CustomTag>(tag: T, payload: CustomPayloads[T]): void;
  idOf(node: Node): number;
  isSecret(el: Element): boolean;
  /**
   * Called at each trusted action: bring page-world changes rrweb cannot see (values set by page
   * scripts, runtime CSS) into the stream (freshness.ts).
   */
  beforeAction(): void;
  /** A trusted `input` on `el`: what the field holds now is the user's, not a page-set value. */
  userInput(el: Element): void;
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const HTML_NS = 'http://www.w3.org/1999/xhtml';
const FIELD_TAGS = new Set(['input', 'textarea', 'select']);
const isField = (el: Element | null): el is Field =>
  el !== null && el.namespaceURI === HTML_NS && FIELD_TAGS.has(el.localName);
const isSelect = (el: Field): el is HTMLSelectElement => el.localName === 'select';
const isInput = (el: Element): el is HTMLInputElement =>
  el.namespaceURI === HTML_NS && el.localName === 'input';

/** The element an event really targeted, through open shadow roots. */
function targetOf(e: Event): Element | null {
  const t = e.composedPath()[0];
  return isElement(t) ? t : null;
}

/** What the listeners of all covered documents share: focus and typing move between frames. */
interface Shared {
  top: Document;
  sink: CaptureSink;
  /** Covered documents; one navigated away from (no window any more) is dropped when met. */
  docs: Set<Document>;
  lastFocusId: number | null;
  lastInputTarget: Element | null;
}

export function installListeners(doc: Document, sink: CaptureSink, signal: AbortSignal): void {
  const shared: Shared = {
    top: doc,
    sink,
    docs: new Set(),
    lastFocusId: null,
    lastInputTarget: null,
  };
  eachFrameDocument(doc, signal, (d) => {
    shared.docs.add(d);
    listenOn(d, shared, signal);
  });
}

function listenOn(doc: Document, shared: Shared, signal: AbortSignal): void {
  const { sink } = shared;
  const opts = { capture: true, signal, passive: true } as const;
  doc.addEventListener(
    'input',
    (e) => {
      const el = e.isTrusted ? targetOf(e) : null;
      if (el) sink.userInput(el);
    },
    opts,
  );

  const layout = (action: LayoutPayload['action'], el: Element) => {
    sink.beforeAction();
    // Boxes in a child frame are placed in the recording document's viewport.
    const offset = doc === shared.top ? undefined : frameOffset(doc, shared.top);
    sink.emit('rec/layout', layoutAt(action, el, sink.idOf, offset));
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
      if (!el || el === shared.lastInputTarget) return;
      shared.lastInputTarget = el; // one layout per field being typed, not per key
      layout('input', el);
    },
    opts,
  );

  doc.addEventListener(
    'change',
    (e) => {
      const el = e.isTrusted ? targetOf(e) : null;
      if (el && ((isField(el) && isSelect(el)) || (isInput(el) && /^(checkbox|radio)$/.test(el.type))))
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
      if (id === shared.lastFocusId) return;
      sink.beforeAction();
      sink.emit('rec/focus', { targetId: id, previousId: shared.lastFocusId });
      shared.lastFocusId = id;
      shared.lastInputTarget = null;
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
