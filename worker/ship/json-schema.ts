/**
 * A JSON Schema (2020-12) validator for the keywords our trajectory schema uses, interpreted rather
 * than compiled: extension pages forbid eval, so ajv cannot run there. A schema using any other
 * keyword is refused when the validator is created, so a schema change cannot silently weaken
 * validation (the unit test also checks agreement with ajv).
 */

type Schema = boolean | { [k: string]: unknown };

const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  '$defs',
  '$comment',
  'examples',
  'default',
]);
const KEYWORDS = new Set([
  '$ref',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'items',
  'minItems',
  'anyOf',
  'oneOf',
  'enum',
  'const',
]);

export interface SchemaError {
  path: string;
  message: string;
}

export type Validate = (value: unknown) => SchemaError[];

/** A validator for `root` or one of its `$defs` (`ref` like `#/$defs/trajectory`). */
export function createValidator(root: Record<string, unknown>, ref = '#', maxErrors = 5): Validate {
  const id = typeof root.$id === 'string' ? root.$id : '';
  const patterns = new Map<string, RegExp>();
  const resolve = (r: string): Schema => {
    const local = r.startsWith(id) && id !== '' ? r.slice(id.length) : r;
    if (!local.startsWith('#')) throw new Error(`unsupported $ref ${r}`);
    let node: unknown = root;
    for (const part of local.slice(1).split('/').filter(Boolean)) {
      node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (node === undefined) throw new Error(`unresolved $ref ${r}`);
    return node as Schema;
  };
  checkKeywords(root, resolve);
  const start = resolve(ref);

  const validate = (value: unknown): SchemaError[] => {
    const errors: SchemaError[] = [];
    check(start, value, '', errors);
    return errors.slice(0, maxErrors);
  };

  function check(s: Schema, v: unknown, path: string, errors: SchemaError[]): boolean {
    if (errors.length >= maxErrors) return false;
    if (s === true) return true;
    if (s === false) return fail(errors, path, 'is not allowed');
    const before = errors.length;
    if (typeof s.$ref === 'string' && !check(resolve(s.$ref), v, path, errors)) return false;
    if (s.type !== undefined && !typeOk(s.type as string | string[], v)) {
      return fail(errors, path, `must be ${[s.type].flat().join(' or ')}`);
    }
    if ('const' in s && !deepEqual(s.const, v))
      return fail(errors, path, `must be ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) {
      return fail(errors, path, `must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    }
    if (typeof v === 'string') {
      if (typeof s.pattern === 'string') {
        let re = patterns.get(s.pattern);
        if (!re) {
          re = new RegExp(s.pattern, 'u');
          patterns.set(s.pattern, re);
        }
        if (!re.test(v)) fail(errors, path, `must match ${s.pattern}`);
      }
      if (typeof s.minLength === 'number' && [...v].length < s.minLength)
        fail(errors, path, `is shorter than ${s.minLength}`);
    }
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) fail(errors, path, `must be >= ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) fail(errors, path, `must be <= ${s.maximum}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems)
        fail(errors, path, `must have at least ${s.minItems} items`);
      if (s.items !== undefined) {
        for (let i = 0; i < v.length && errors.length < maxErrors; i++)
          check(s.items as Schema, v[i], `${path}/${i}`, errors);
      }
    }
    if (isObject(v)) {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const key of (s.required ?? []) as string[]) {
        if (!Object.hasOwn(v, key)) fail(errors, `${path}/${key}`, 'is required');
      }
      for (const [key, val] of Object.entries(v)) {
        if (errors.length >= maxErrors) break;
        if (Object.hasOwn(props, key)) check(props[key]!, val, `${path}/${key}`, errors);
        else if (s.additionalProperties === false)
          fail(errors, `${path}/${key}`, 'is not an allowed property');
        else if (s.additionalProperties !== undefined) {
          check(s.additionalProperties as Schema, val, `${path}/${key}`, errors);
        }
      }
    }
    if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => check(sub as Schema, v, path, []))) {
      fail(errors, path, 'matches none of the allowed shapes');
    }
    if (Array.isArray(s.oneOf)) {
      const n = s.oneOf.filter((sub) => check(sub as Schema, v, path, [])).length;
      if (n !== 1) {
        // Report why the closest branch failed: the one whose errors are deepest in the value.
        fail(
          errors,
          path,
          n === 0
            ? `matches none of the allowed shapes${closest(s.oneOf as Schema[], v, path)}`
            : 'matches more than one shape',
        );
      }
    }
    return errors.length === before;
  }

  function closest(branches: Schema[], v: unknown, path: string): string {
    let best: SchemaError | null = null;
    for (const b of branches) {
      const errs: SchemaError[] = [];
      check(b, v, path, errs);
      const e = errs[0];
      if (e && (!best || e.path.length > best.path.length)) best = e;
    }
    return best && best.path !== path ? ` (${best.path} ${best.message})` : '';
  }

  return validate;
}

function fail(errors: SchemaError[], path: string, message: string): false {
  errors.push({ path: path || '/', message });
  return false;
}

function typeOk(type: string | string[], v: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case 'null':
        return v === null;
      case 'boolean':
        return typeof v === 'boolean';
      case 'string':
        return typeof v === 'string';
      case 'number':
        return typeof v === 'number' && Number.isFinite(v);
      case 'integer':
        return typeof v === 'number' && Number.isInteger(v);
      case 'array':
        return Array.isArray(v);
      case 'object':
        return isObject(v);
      default:
        throw new Error(`unsupported type ${t}`);
    }
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function checkKeywords(root: Schema, resolve: (r: string) => Schema): void {
  const seen = new Set<unknown>();
  const walk = (s: unknown): void => {
    if (typeof s === 'boolean' || seen.has(s)) return;
    if (!isObject(s)) throw new Error('a schema must be an object or a boolean');
    seen.add(s);
    for (const [k, v] of Object.entries(s)) {
      if (k === '$defs') for (const d of Object.values(v as Record<string, unknown>)) walk(d);
      else if (ANNOTATIONS.has(k)) continue;
      else if (!KEYWORDS.has(k)) throw new Error(`unsupported JSON Schema keyword "${k}"`);
      else if (k === 'properties') for (const p of Object.values(v as Record<string, unknown>)) walk(p);
      else if (k === 'items' || k === 'additionalProperties') walk(v);
      else if (k === 'anyOf' || k === 'oneOf') for (const sub of v as unknown[]) walk(sub);
      else if (k === '$ref') resolve(v as string);
    }
  };
  walk(root);
}
