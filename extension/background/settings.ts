/**
 * What the service worker must remember: user settings in chrome.storage.local (merged with the
 * admin policy from chrome.storage.managed), the recording state in chrome.storage.session.
 * Nothing lives only in the worker's memory, which Chrome may drop at any time.
 */
import { nextSpans, type RecordingSpan } from '../../shared/admission';
import {
  DEFAULT_BLOCK_SELECTORS,
  DEFAULT_MASK_SELECTORS,
  type EffectiveSettings,
  type ManagedPolicy,
  mergePolicy,
  parsePolicy,
  type UserSettings,
} from '../../shared/policy';
import type { RecordingState, TaskRef } from '../../shared/protocol';
import type { ConsentRecord } from '../../shared/session';

export interface Settings extends EffectiveSettings {
  consent: ConsentRecord | null;
  policy: ManagedPolicy;
}

type Stored = Partial<UserSettings> & { consent?: ConsentRecord | null };

export interface RecordingRecord {
  state: RecordingState;
  sessionId: string | null;
  windowId: number | null;
  startedAt: number | null;
  /**
   * The task in progress, without its intent: the raw intent only passes through the outbox.
   * `key` names the stored stream that holds the task's start event (redacted intent included).
   */
  task: TaskRef | null;
  error: string | null;
  /**
   * Bumped on every write of this record, reset included: the identity of the directives sent
   * under it (`FrameDirective.epoch`, see shared/admission.ts). Never goes back within a browser run.
   */
  epoch: number;
  /** When this session was recording, by epoch (admission decides a stream's stamp by them). */
  spans: RecordingSpan[];
}

const IDLE: RecordingRecord = {
  state: 'idle',
  sessionId: null,
  windowId: null,
  startedAt: null,
  task: null,
  error: null,
  epoch: 0,
  spans: [],
};

const POLICY_WAIT_MS = 500;

/**
 * The admin policy. `chrome.storage.managed.get` can take many seconds to answer right after the
 * browser starts, and every frame's hello needs settings: the last policy read is kept in
 * chrome.storage.session and used when a fresh read is slow; the fresh one replaces it on arrival.
 */
export async function readPolicy(): Promise<ManagedPolicy> {
  const fresh = chrome.storage.managed
    .get(null)
    .catch(() => ({})) // a browser without managed storage: no policy
    .then(async (raw) => {
      const policy = parsePolicy(raw);
      await chrome.storage.session.set({ policyCache: policy });
      return policy;
    });
  const cached = new Promise<ManagedPolicy | null>((resolve) =>
    setTimeout(async () => {
      const { policyCache } = (await chrome.storage.session.get('policyCache')) as {
        policyCache?: ManagedPolicy;
      };
      resolve(policyCache ?? null);
    }, POLICY_WAIT_MS),
  );
  const first = await Promise.race([fresh, cached]);
  return first ?? fresh;
}

/** Reads the policy now and replaces the cached one (after chrome.storage.managed changed). */
export async function refreshPolicy(): Promise<void> {
  const raw = await chrome.storage.managed.get(null).catch(() => ({}));
  await chrome.storage.session.set({ policyCache: parsePolicy(raw) });
}

export async function getSettings(): Promise<Settings> {
  const [s, policy] = await Promise.all([chrome.storage.local.get(null) as Promise<Stored>, readPolicy()]);
  const user: UserSettings = {
    origins: s.origins ?? [],
    blockSelectors: s.blockSelectors ?? DEFAULT_BLOCK_SELECTORS,
    maskSelectors: s.maskSelectors ?? DEFAULT_MASK_SELECTORS,
    uploadEndpoint: s.uploadEndpoint ?? null,
    reviewer: s.reviewer ?? null,
  };
  return { consent: s.consent ?? null, policy, ...mergePolicy(user, policy) };
}

/** Stores the user's own settings; policy values are never written here. */
export async function setSettings(patch: Stored): Promise<void> {
  await chrome.storage.local.set(patch);
}

/** The user's own origins (what the options page edits), without the policy's. */
export async function getUserOrigins(): Promise<UserSettings['origins']> {
  const { origins } = (await chrome.storage.local.get('origins')) as Stored;
  return origins ?? [];
}

export async function getRecording(): Promise<RecordingRecord> {
  const { recording } = (await chrome.storage.session.get('recording')) as { recording?: RecordingRecord };
  return { ...IDLE, ...recording }; // a record stored before `epoch` existed reads as epoch 0
}

export async function setRecording(
  patch: Partial<Omit<RecordingRecord, 'epoch' | 'spans'>>,
): Promise<RecordingRecord> {
  const current = await getRecording();
  const next = { ...current, ...patch, epoch: current.epoch + 1 };
  next.spans = nextSpans(current.spans, next);
  await chrome.storage.session.set({ recording: next });
  return next;
}

export async function resetRecording(): Promise<RecordingRecord> {
  const current = await getRecording();
  const next = { ...IDLE, epoch: current.epoch + 1 };
  next.spans = nextSpans(current.spans, next); // the stopped session's spans stay, closed
  await chrome.storage.session.set({ recording: next });
  return next;
}
