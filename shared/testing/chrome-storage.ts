/**
 * An in-memory chrome.storage for unit tests: the three areas and onChanged, with values cloned
 * on the way in and out (as Chrome serializes them) and change events fired after each write.
 * `failManaged` makes managed reads reject, like a browser without managed storage.
 */
type Listener = (changes: Record<string, chrome.storage.StorageChange>, area: string) => void;

export interface FakeArea {
  data: Map<string, unknown>;
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface FakeChromeStorage {
  local: FakeArea;
  session: FakeArea;
  managed: FakeArea;
  onChanged: { addListener(l: Listener): void; removeListener(l: Listener): void };
  /** How many listeners are registered (to check an unsubscribe). */
  listenerCount(): number;
  failManaged: boolean;
}

export function fakeChromeStorage(): FakeChromeStorage {
  const listeners = new Set<Listener>();
  const emit = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (Object.keys(changes).length > 0) for (const l of listeners) l(structuredClone(changes), area);
  };
  const fake: FakeChromeStorage = {
    local: area('local'),
    session: area('session'),
    managed: area('managed'),
    onChanged: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
    listenerCount: () => listeners.size,
    failManaged: false,
  };
  function area(name: string): FakeArea {
    const data = new Map<string, unknown>();
    return {
      data,
      async get(keys) {
        if (name === 'managed' && fake.failManaged) throw new Error('managed storage unavailable');
        const wanted = keys === null || keys === undefined ? [...data.keys()] : [keys].flat();
        return Object.fromEntries(
          wanted.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]),
        );
      },
      async set(items) {
        const changes: Record<string, chrome.storage.StorageChange> = {};
        for (const [k, value] of Object.entries(items)) {
          changes[k] = { oldValue: data.get(k), newValue: structuredClone(value) };
          data.set(k, structuredClone(value));
        }
        emit(changes, name);
      },
      async remove(keys) {
        const changes: Record<string, chrome.storage.StorageChange> = {};
        for (const k of [keys].flat())
          if (data.has(k)) {
            changes[k] = { oldValue: data.get(k) };
            data.delete(k);
          }
        emit(changes, name);
      },
    };
  }
  return fake;
}
