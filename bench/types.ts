/** What every `*.bench.ts` module's `run()` returns: a printable table and raw results. */
export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
  results: Record<string, unknown>;
}
