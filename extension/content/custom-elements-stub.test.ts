import { describe, expect, it } from 'vitest';
import { installCustomElementsStub } from './custom-elements-stub';

type Scope = Parameters<typeof installCustomElementsStub>[0];

describe('installCustomElementsStub', () => {
  it('installs a lookup that answers undefined where the registry is null (isolated world)', () => {
    const scope: Scope = { customElements: null };
    expect(installCustomElementsStub(scope)).toBe(true);
    expect(scope.customElements?.get('x-anything')).toBeUndefined();
  });

  it('installs where the registry is missing altogether', () => {
    const scope = {} as Scope;
    expect(installCustomElementsStub(scope)).toBe(true);
    expect(typeof scope.customElements?.get).toBe('function');
  });

  it('leaves a real registry alone (main world)', () => {
    const real = { get: () => class {} } as unknown as CustomElementRegistry;
    const scope: Scope = { customElements: real };
    expect(installCustomElementsStub(scope)).toBe(false);
    expect(scope.customElements).toBe(real);
  });

  it('is idempotent: a second call keeps the first stub', () => {
    const scope: Scope = { customElements: null };
    installCustomElementsStub(scope);
    const first = scope.customElements;
    expect(installCustomElementsStub(scope)).toBe(false);
    expect(scope.customElements).toBe(first);
  });

  it('has no define, so rrweb patches nothing and nobody believes they registered an element', () => {
    const scope: Scope = { customElements: null };
    installCustomElementsStub(scope);
    expect('define' in (scope.customElements ?? {})).toBe(false);
    expect(Object.isFrozen(scope.customElements)).toBe(true);
  });
});
