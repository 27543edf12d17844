/**
 * Typed, versioned chrome.storage items (the model is WXT's `defineItem`). Every value the
 * extension keeps in chrome.storage is declared once (shared/storage-items.ts) with its area, key,
 * valibot schema, default and version; pages and the service worker go through `read`, `write`,
 * `remove` and `watch` here, never through `chrome.storage.*.get/set` with a cast.
 *
 * Reading validates. A missing value reads as the item's default; a value that fails its schema
 * reads as the item's `invalid` value (the default unless the item says otherwise) with a console
 * warning, never an exception: a corrupt key must not crash the service worker. Items that gate
 * recording (enabled origins, consent, the recording record) choose values that do not record.
 *
 * Versions: the value's shape is stored unchanged under its key (e2e specs and older builds read
 * and seed these keys); its version goes under `<key>$v`, written only from version 2 on. A value
 * without that marker is version 1 (every value stored before items existed). Reading an older
 * version runs the item's migrations in order before validating; the migrated value is written
 * back on the next `write`, not on read (a read never races a writer).
 */
import * as v from 'valibot';

export type StorageArea = 'local' | 'session' | 'managed';
/** Areas the extension writes; `managed` is the admin's policy, read-only. */
export type WritableArea = Exclude<StorageArea, 'managed'>;

export interface StorageItem<T, A extends StorageArea = StorageArea> {
  readonly area: A;
  /** `null`: the whole area is the item (the managed policy, whose keys the admin sets). */
  readonly key: string | null;
  readonly schema: v.GenericSchema<unknown, T>;
  /** The value when nothing is stored. */
  readonly fallback: () => T;
  /** The value when what is stored fails the schema (defaults to `fallback`). */
  readonly invalid: () => T;
  /** The current shape's version (1 = the shape stored before items had versions). */
  readonly version: number;
  /** `migrations[n]` turns a version n-1 value into version n. */
  readonly migrations: Readonly<Record<number, (old: unknown) => unknown>>;
}

/** The value type an item reads and writes. */
export type ItemValue<I> = I extends StorageItem<infer T, StorageArea> ? T : never;

export function defineItem<const A extends StorageArea, S extends v.GenericSchema<unknown, unknown>>(def: {
  area: A;
  key: A extends 'managed' ? string | null : string;
  schema: S;
  fallback: () => v.InferOutput<S>;
  invalid?: () => v.InferOutput<S>;
  version?: number;
  migrations?: Record<number, (old: unknown) => unknown>;
}): StorageItem<v.InferOutput<S>, A> {
  const version = def.version ?? 1;
  for (let n = 2; n <= version; n++)
    if (!def.migrations?.[n]) throw new Error(`storage item ${def.key}: no migration to version ${n}`);
  return {
    area: def.area,
    key: def.key,
    schema: def.schema,
    fallback: def.fallback,
    invalid: def.invalid ?? def.fallback,
    version,
    migrations: def.migrations ?? {},
  };
}

/** Where an item's version marker lives. */
export const versionKey = (key: string): string => `${key}$v`;

/** Validates a stored value of version `from` (migrating it first); pure, for `read` and `watch`. */
export function parseStored<T>(item: StorageItem<T>, raw: unknown, from: unknown = 1): T {
  if (raw === undefined) return item.fallback();
  const stored = typeof from === 'number' && Number.isInteger(from) && from >= 1 ? from : 1;
  let value: unknown = raw;
  try {
    for (let n = stored + 1; n <= item.version; n++) value = item.migrations[n]?.(value);
  } catch (e) {
    console.warn(`[storage] ${itemName(item)}: migration from version ${stored} failed`, e);
    return item.invalid();
  }
  const parsed = v.safeParse(item.schema, value);
  if (parsed.success) return parsed.output;
  console.warn(`[storage] ${itemName(item)}: stored value refused (${issueText(parsed.issues)})`);
  return item.invalid();
}

export async function read<T>(item: StorageItem<T>): Promise<T> {
  if (item.key === null) {
    // Only the managed area is read whole; a browser without managed storage rejects: no policy.
    const all = await chrome.storage[item.area].get(null).catch(() => undefined);
    return parseStored(item, all);
  }
  const marker = versionKey(item.key);
  const got: Record<string, unknown> = await chrome.storage[item.area]
    .get([item.key, marker])
    .catch((e: unknown) => (item.area === 'managed' ? {} : Promise.reject(e)));
  return parseStored(item, got[item.key], got[marker]);
}

/** Stores the value (with the current version's marker from version 2 on). */
export async function write<T>(item: StorageItem<T, WritableArea>, value: NoInfer<T>): Promise<void> {
  const key = keyOf(item);
  const out: Record<string, unknown> = { [key]: value };
  if (item.version > 1) out[versionKey(key)] = item.version;
  await chrome.storage[item.area].set(out);
}

/** Removes the value and its version marker: the item reads as its default again. */
export async function remove(item: StorageItem<unknown, WritableArea>): Promise<void> {
  const key = keyOf(item);
  await chrome.storage[item.area].remove([key, versionKey(key)]);
}

/**
 * Calls `cb` with the item's value (read again, so validated and migrated like any read) after
 * every change to it, from this context or another. Returns the unsubscribe.
 */
export function watch<T>(item: StorageItem<T>, cb: (value: T) => void): () => void {
  const listener = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (area !== item.area) return;
    if (item.key !== null && !(item.key in changes) && !(versionKey(item.key) in changes)) return;
    void read(item).then(cb, (e: unknown) => console.warn(`[storage] ${itemName(item)}: not read`, e));
  };
  chrome.storage.onChanged.addListener(listener);
  return () => chrome.storage.onChanged.removeListener(listener);
}

function keyOf(item: StorageItem<unknown>): string {
  if (item.key === null) throw new Error(`storage item of area ${item.area} has no key to write`);
  return item.key;
}

function itemName(item: StorageItem<unknown>): string {
  return `${item.area}.${item.key ?? '*'}`;
}

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'invalid';
  const path = (first.path ?? []).map((p) => String(p.key)).join('.');
  return path ? `${path}: ${first.message}` : first.message;
}
