/**
 * A per-page mutation budget (like Sentry's mutation limit or PostHog's rate limiter): a token
 * bucket over raw DOM mutations, counted by our own MutationObserver. It is created before
 * rrweb's, so in each microtask checkpoint it runs first and can stop rrweb before rrweb pays for
 * serializing a storm. A one-off large render (1,000 rows) fits the bucket; sustained churn drains
 * it, and then the recorder stops rrweb, marks the gap in the stream, watches the page cheaply,
 * and takes a fresh full snapshot once it is calm, so the recording stays replayable.
 * Storms inside shadow roots are not counted (rrweb observes those separately).
 */

export interface BudgetOptions {
  /** Changes that may happen in one burst. */
  capacity: number;
  /** Changes per second the bucket regains. */
  refillPerSecond: number;
  /** Quiet needed before recording resumes: fewer than `calmChanges` in `calmMs`. */
  calmMs: number;
  calmChanges: number;
}

/** Counted as mutation records' top-level added/removed nodes plus attribute/text changes. */
export const DEFAULT_BUDGET: BudgetOptions = {
  capacity: 6_000,
  refillPerSecond: 3_000,
  calmMs: 1000,
  calmChanges: 300,
};

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly opts: BudgetOptions,
    now: number,
  ) {
    this.tokens = opts.capacity;
    this.last = now;
  }

  /** Takes `n` tokens; false when the bucket is exhausted. */
  take(n: number, now: number): boolean {
    this.tokens = Math.min(
      this.opts.capacity,
      this.tokens + ((now - this.last) / 1000) * this.opts.refillPerSecond,
    );
    this.last = now;
    this.tokens -= n;
    return this.tokens >= 0;
  }
}

export function mutationWeight(
  records: readonly Pick<MutationRecord, 'type' | 'addedNodes' | 'removedNodes'>[],
): number {
  let n = 0;
  for (const r of records) n += r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1;
  return n;
}

/** Calls `onExhausted` (once) from inside the mutation checkpoint that drains the bucket. */
export function guardMutations(doc: Document, opts: BudgetOptions, onExhausted: () => void): () => void {
  const bucket = new TokenBucket(opts, performance.now());
  const observer = new MutationObserver((records) => {
    if (!bucket.take(mutationWeight(records), performance.now())) {
      observer.disconnect();
      onExhausted();
    }
  });
  observer.observe(doc, { subtree: true, childList: true, attributes: true, characterData: true });
  return () => observer.disconnect();
}

/** Watches a degraded page with a counting MutationObserver until it has been calm long enough. */
export function waitForCalm(doc: Document, opts: BudgetOptions, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let changed = 0;
    const observer = new MutationObserver((records) => {
      changed += mutationWeight(records);
    });
    const done = () => {
      clearInterval(timer);
      observer.disconnect();
      resolve();
    };
    observer.observe(doc, { subtree: true, childList: true, attributes: true, characterData: true });
    const timer = setInterval(() => {
      const calm = changed < opts.calmChanges;
      changed = 0;
      if (calm) done();
    }, opts.calmMs);
    signal.addEventListener('abort', done, { once: true });
  });
}
