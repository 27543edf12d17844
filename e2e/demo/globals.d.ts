/** Completion signals the demo's benchmark pages put on `window` (see README.md), for typed tests. */
export {};

declare global {
  interface Window {
    __stormDone?: boolean;
    __stormStats?: { nodes: number; elapsedMs: number; longestFrameMs: number };
    __appendMs?: number;
    __appendSyncMs?: number;
  }
}
