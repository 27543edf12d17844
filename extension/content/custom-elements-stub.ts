/**
 * Chromium gives a content script's isolated world no custom element registry:
 * `window.customElements` is `null` there. @rrweb/record's `serializeElementNode` calls
 * `customElements.get(tagName)` inside a `try` for every element it serializes, so in our world
 * each element threw and caught a TypeError, which made serializing ~5–6x slower than in the page's
 * own world (docs/upstream/rrweb-custom-elements.md has the figures).
 *
 * The stub answers `get` with `undefined`, exactly what the thrown-and-caught lookup amounted to
 * (custom elements were never detected here), so the recording is byte-identical. It has no
 * `define`: rrweb's define-observer then patches nothing, as before, and nothing can believe it
 * registered an element. It lives on the isolated world's own `window`, which the page never sees.
 */

/** What rrweb reads; `undefined` is also what the page's registry says for unknown names. */
export type CustomElementsLookup = Pick<CustomElementRegistry, 'get'>;

const STUB: CustomElementsLookup = Object.freeze({
  get: (_name: string): CustomElementConstructor | undefined => undefined,
});

interface Scope {
  customElements: CustomElementRegistry | CustomElementsLookup | null | undefined;
}

/**
 * Installs the stub on `scope` only where it has no registry (a no-op in the main world or where
 * a real registry exists). Idempotent. Returns whether it installed.
 */
export function installCustomElementsStub(scope: Scope): boolean {
  if (scope.customElements != null) return false;
  // An own data property shadows the `[Replaceable]` accessor, in this world only.
  Object.defineProperty(scope, 'customElements', {
    value: STUB,
    configurable: true,
    writable: true,
    enumerable: true,
  });
  return true;
}
