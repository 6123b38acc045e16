/** Small statistics and formatting helpers shared by the benchmark driver and its helpers. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Epoch milliseconds with sub-millisecond resolution (comparable across processes of one machine). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The driver's units in logs and the table. */
export const ms = (v: number): string => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const mib = (kibValue: number): string => `${(kibValue / 1024).toFixed(1)} MiB`;
