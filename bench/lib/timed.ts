/** How long a task took, and the longest time it kept the thread from anything else (benchmarks in the extension host). */
export interface Timed {
  ms: number;
  blockedMs: number;
}

/** Runs fn while a 1 ms interval measures how late it fires: the longest time the thread was busy. */
export async function timed<T>(fn: () => Promise<T>): Promise<Timed & { value: T }> {
  let last = performance.now();
  let blockedMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    blockedMs = Math.max(blockedMs, now - last - 1);
    last = now;
  }, 1);
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t0;
    blockedMs = Math.max(blockedMs, performance.now() - last - 1);
    return { ms, blockedMs, value };
  } finally {
    clearInterval(timer);
  }
}
