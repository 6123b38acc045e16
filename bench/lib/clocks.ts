/**
 * The webview's clock against the extension host's. Both count epoch time as `performance.timeOrigin + now()`, each
 * from its own process's origin, and the stream's and the first delta's breakdowns compare one with the other: the
 * offset is measured each run (through the driver, NTP-style: the sample with the shortest round trip to each side),
 * applied, and reported, so a figure is never a clock difference (measured here: under 1 ms).
 */
import type { Frame } from 'playwright-core';
import type { Agent } from './agent';
import { epochNow } from './stats';

async function offsetFromDriver(read: () => Promise<number>): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 9; i++) {
    const before = epochNow();
    const other = await read();
    const after = epochNow();
    if (after - before < best.rtt) best = { offset: other - (before + after) / 2, rtt: after - before };
  }
  return best;
}

/** Webview time minus host time, and the uncertainty (half the two shortest round trips). */
export async function webviewMinusHost(agent: Agent, frame: Frame): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  const host = await offsetFromDriver(() => agent.op<number>('now'));
  const webview = await offsetFromDriver(() => frame.evaluate(() => performance.timeOrigin + performance.now()));
  return { offsetMs: webview.offset - host.offset, uncertaintyMs: (host.rtt + webview.rtt) / 2 };
}
