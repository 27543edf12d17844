/**
 * A per-page mutation budget (like Sentry's mutation limit or PostHog's rate limiter): a token
 * bucket over the nodes rrweb's mutation events touch. A one-off large render (a 10k-node table)
 * fits the bucket; sustained churn drains it, and then the recorder stops rrweb (whose
 * serialization is the cost), marks the gap in the stream, watches the page cheaply, and takes a
 * fresh full snapshot once it is calm, so the recording stays replayable.
 */
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';

export interface BudgetOptions {
  /** Nodes that may change in one burst. */
  capacity: number;
  /** Nodes per second the bucket regains. */
  refillPerSecond: number;
  /** Quiet needed before recording resumes: fewer than `calmNodes` changes in `calmMs`. */
  calmMs: number;
  calmNodes: number;
}

export const DEFAULT_BUDGET: BudgetOptions = {
  capacity: 20_000,
  refillPerSecond: 10_000,
  calmMs: 1000,
  calmNodes: 500,
};

export function mutationWeight(e: eventWithTime): number {
  if (e.type !== 3 || e.data.source !== 0) return 0;
  const d = e.data;
  let n = d.removes.length + d.texts.length + d.attributes.length;
  for (const a of d.adds) n += subtreeSize(a.node);
  return n;
}

function subtreeSize(node: serializedNodeWithId): number {
  let n = 1;
  if (node.type === 0 || node.type === 2) for (const c of node.childNodes) n += subtreeSize(c);
  return n;
}

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

/** Watches a degraded page with a counting MutationObserver until it has been calm long enough. */
export function waitForCalm(doc: Document, opts: BudgetOptions, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let changed = 0;
    const observer = new MutationObserver((records) => {
      for (const r of records) changed += r.addedNodes.length + r.removedNodes.length + 1;
    });
    observer.observe(doc, { subtree: true, childList: true, attributes: true, characterData: true });
    const timer = setInterval(() => {
      const calm = changed < opts.calmNodes;
      changed = 0;
      if (calm || signal.aborted) {
        clearInterval(timer);
        observer.disconnect();
        resolve();
      }
    }, opts.calmMs);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      observer.disconnect();
      resolve();
    });
  });
}
