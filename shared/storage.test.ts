import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineItem, read, remove, versionKey, watch, write } from './storage';
import { type FakeChromeStorage, fakeChromeStorage } from './testing/chrome-storage';

let storage: FakeChromeStorage;
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  storage = fakeChromeStorage();
  vi.stubGlobal('chrome', { storage });
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const countItem = defineItem({
  area: 'local',
  key: 'count',
  schema: v.pipe(v.number(), v.integer(), v.minValue(0)),
  fallback: () => 7,
});

/** v1 stored a bare name, v2 an object, v3 added `tags`. */
const profileItem = defineItem({
  area: 'session',
  key: 'profile',
  schema: v.object({ name: v.string(), tags: v.array(v.string()) }),
  fallback: () => ({ name: 'nobody', tags: [] }),
  invalid: () => ({ name: 'invalid', tags: [] }),
  version: 3,
  migrations: {
    2: (old) => ({ name: old }),
    3: (old) => ({ tags: [], ...(old as object) }),
  },
});

const nextTick = () => new Promise((r) => setTimeout(r, 0));

describe('read', () => {
  it('returns the default when nothing is stored, without a warning', async () => {
    expect(await read(countItem)).toBe(7);
    expect(warn).not.toHaveBeenCalled();
  });

  it('returns a stored value that passes the schema', async () => {
    storage.local.data.set('count', 3);
    expect(await read(countItem)).toBe(3);
  });

  it('returns the default and warns, without throwing, when the stored value fails the schema', async () => {
    storage.local.data.set('count', 'three');
    expect(await read(countItem)).toBe(7);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toContain('local.count');
  });

  it("returns the item's `invalid` value, not its default, for a value that fails the schema", async () => {
    storage.session.data.set('profile', { name: 42, tags: [] });
    storage.session.data.set(versionKey('profile'), 3);
    expect(await read(profileItem)).toEqual({ name: 'invalid', tags: [] });
  });

  it('reads the managed area whole for an item without a key, and its default when managed storage rejects', async () => {
    const policy = defineItem({
      area: 'managed',
      key: null,
      schema: v.object({ a: v.optional(v.number()) }),
      fallback: () => ({ a: -1 }),
    });
    storage.managed.data.set('a', 5);
    expect(await read(policy)).toEqual({ a: 5 });
    storage.failManaged = true;
    expect(await read(policy)).toEqual({ a: -1 });
  });

  it('lets a failing local read reject (only managed storage may be absent)', async () => {
    storage.local.get = () => Promise.reject(new Error('disk'));
    await expect(read(countItem)).rejects.toThrow('disk');
  });
});

describe('versions and migrations', () => {
  it('migrates an unmarked value (version 1) through every step', async () => {
    storage.session.data.set('profile', 'ada');
    expect(await read(profileItem)).toEqual({ name: 'ada', tags: [] });
  });

  it('runs only the steps after the stored version', async () => {
    storage.session.data.set('profile', { name: 'ada' });
    storage.session.data.set(versionKey('profile'), 2);
    expect(await read(profileItem)).toEqual({ name: 'ada', tags: [] });
  });

  it('runs no step for a value of the current version', async () => {
    storage.session.data.set('profile', 'ada');
    storage.session.data.set(versionKey('profile'), 3);
    expect(await read(profileItem)).toEqual({ name: 'invalid', tags: [] }); // a bare string is no v3
  });

  it('reads a migration that throws as the invalid value, with a warning', async () => {
    const item = defineItem({
      area: 'local',
      key: 'x',
      schema: v.string(),
      fallback: () => 'default',
      invalid: () => 'closed',
      version: 2,
      migrations: {
        2: () => {
          throw new Error('boom');
        },
      },
    });
    storage.local.data.set('x', 'old');
    expect(await read(item)).toBe('closed');
    expect(warn).toHaveBeenCalled();
  });

  it('writes the version marker from version 2 on, and none for version 1', async () => {
    await write(profileItem, { name: 'ada', tags: ['a'] });
    await write(countItem, 2);
    expect(Object.fromEntries(storage.session.data)).toEqual({
      profile: { name: 'ada', tags: ['a'] },
      profile$v: 3,
    });
    expect(Object.fromEntries(storage.local.data)).toEqual({ count: 2 });
  });

  it('refuses an item whose version has no migration to it', () => {
    expect(() =>
      defineItem({ area: 'local', key: 'y', schema: v.string(), fallback: () => '', version: 2 }),
    ).toThrow('no migration to version 2');
  });
});

describe('write and remove', () => {
  it('reads back what was written', async () => {
    await write(countItem, 12);
    expect(await read(countItem)).toBe(12);
  });

  it('removes the value and its marker, so the item reads as its default', async () => {
    await write(profileItem, { name: 'ada', tags: [] });
    await remove(profileItem);
    expect(storage.session.data.size).toBe(0);
    expect(await read(profileItem)).toEqual({ name: 'nobody', tags: [] });
  });
});

describe('watch', () => {
  it('calls back with the validated value when its key changes, and not for other keys or areas', async () => {
    const seen: number[] = [];
    watch(countItem, (n) => seen.push(n));
    await write(countItem, 4);
    await storage.local.set({ other: 1 });
    await storage.session.set({ count: 5 });
    await storage.local.set({ count: -1 }); // invalid: the default
    await nextTick();
    expect(seen).toEqual([4, 7]);
  });

  it('stops calling back once unsubscribed', async () => {
    const seen: number[] = [];
    const stop = watch(countItem, (n) => seen.push(n));
    stop();
    await write(countItem, 4);
    await nextTick();
    expect(seen).toEqual([]);
    expect(storage.listenerCount()).toBe(0);
  });
});
