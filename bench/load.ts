/** A closed-loop load generator: `concurrency` workers, each starting its next call when the last ends. */

export interface LoadResult {
  ok: number;
  errors: number;
  /** First few error messages, to say what went wrong. */
  errorSamples: string[];
  elapsedSeconds: number;
  /** Latency of every successful call, milliseconds. */
  latencies: number[];
}

export type Operation = (seq: number) => Promise<void>;

/** Runs `op` for `seconds`; no new call starts after the deadline, calls in flight finish and count. */
export async function runLoad(op: Operation, concurrency: number, seconds: number): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, errors: 0, errorSamples: [], elapsedSeconds: 0, latencies: [] };
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let seq = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await op(seq++);
        result.latencies.push(performance.now() - t0);
        result.ok++;
      } catch (e) {
        result.errors++;
        if (result.errorSamples.length < 5) result.errorSamples.push(e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.elapsedSeconds = (performance.now() - start) / 1000;
  return result;
}

/** Nearest-rank percentile of an unsorted sample. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
