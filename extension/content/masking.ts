/**
 * Capture-time masking (invariant 2): secret fields never leave the page. A field that was ever a
 * password stays masked after a "show password" toggle; masks have a fixed length so they do not
 * leak the value's length. Text under a mask selector is replaced by the same fixed mask.
 */
import { SECRET_MASK } from '../../shared/events';
import { isElement } from './frame-documents';

const SECRET_AUTOCOMPLETE = new Set([
  'current-password',
  'new-password',
  'one-time-code',
  'cc-number',
  'cc-csc',
  'cc-exp',
  'cc-exp-month',
  'cc-exp-year',
]);

const everPassword = new WeakSet<Element>();

/** Realm-free: a same-origin child frame's inputs are no `instanceof HTMLInputElement` here. */
function isInput(n: unknown): n is HTMLInputElement {
  return isElement(n) && n.localName === 'input' && n.namespaceURI === 'http://www.w3.org/1999/xhtml';
}

/** Watches type flips so a password field revealed as text is still known to be one. */
export function rememberPasswordFields(root: Document, signal: AbortSignal): void {
  for (const el of root.querySelectorAll('input[type=password]')) everPassword.add(el);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.oldValue?.toLowerCase() === 'password')
        everPassword.add(r.target as Element);
      if (r.type === 'childList') {
        for (const n of r.addedNodes) {
          if (isInput(n) && n.type === 'password') everPassword.add(n);
          else if (isElement(n))
            for (const el of n.querySelectorAll('input[type=password]')) everPassword.add(el);
        }
      }
    }
  });
  observer.observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['type'],
    attributeOldValue: true,
  });
  signal.addEventListener('abort', () => observer.disconnect());
}

export function isSecretField(el: Element, maskSelector: string): boolean {
  if (everPassword.has(el) || el.hasAttribute('data-rr-is-password')) return true;
  if (isInput(el)) {
    const type = el.type.toLowerCase();
    if (type === 'password') {
      everPassword.add(el);
      return true;
    }
    if (type === 'hidden') return true;
  }
  const autocomplete = (el.getAttribute('autocomplete') ?? '').toLowerCase().split(/\s+/);
  if (autocomplete.some((t) => SECRET_AUTOCOMPLETE.has(t))) return true;
  if (maskSelector === '') return false;
  try {
    return el.closest(maskSelector) !== null;
  } catch {
    return true; // selectors are checked before recording; should one slip through, fail closed
  }
}

/** rrweb's maskInputFn: every input value passes here; only secrets are masked in the page. */
export function maskInput(maskSelector: string): (text: string, el: HTMLElement) => string {
  return (text, el) => (isSecretField(el, maskSelector) ? SECRET_MASK : text);
}

/**
 * rrweb's maskTextFn, for text under a mask selector. rrweb's own default keeps the shape
 * (`**** * ******`: length and word breaks); one fixed mask keeps neither. Whitespace-only text
 * (between masked elements) stays as it is: it carries nothing and keeps the replay's layout.
 */
export function maskText(text: string): string {
  return text.trim() === '' ? text : SECRET_MASK;
}
