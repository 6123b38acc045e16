/**
 * Part of section `panels`: prompt → first delta on screen in the panel vs the bare SDK's first delta, alternating,
 * with the panel's span split at the extension's send(), the first delta at the host and its post to the webview.
 */
import type { Page } from 'playwright-core';
import type { Agent, Deltas, Timeline } from '../lib/agent';
import { log, MODEL, type Bench } from '../lib/context';
import type { PanelSession } from '../lib/panel';
import type { FloorRun, OverheadRun } from '../lib/raw';
import type { BareSdk } from '../lib/sdk';
import { ms } from '../lib/stats';
import { poll } from '../lib/webview';

export async function measureOverhead(bench: Bench, agent: Agent, page: Page, panel: PanelSession, bare: BareSdk): Promise<void> {
  const overhead: OverheadRun[] = [];
  const floorRuns: FloorRun[] = [];
  bench.raw.overhead = overhead;
  bench.raw.floor = floorRuns;
  const floor = await openFloor(agent, page);
  await floor.send('#long:20 warm up');
  for (let rep = 0; rep < bench.sizes.overheadReps; rep++) {
    const f = await floor.send(`#long:20 floor ${rep}`);
    floorRuns.push(f);
    const b = await bare.send(`#long:20 overhead ${rep}`);
    const tracked = await bare.sendTracked(`#long:20 tracked ${rep}`);
    const since = Date.now();
    const r = await panel.send(`#long:20 overhead ${rep}`, 'w0', 'w19', 60_000);
    const timeline = await agent.op<Timeline>('timeline', { since });
    const d = (await agent.op<Deltas>('deltas', { id: panel.sessionId, since }))[0];
    const sent = timeline.sends.find((x) => x.sessionId === panel.sessionId);
    if (!d || !sent) throw new Error('the hooks saw no send or no delta for the panel prompt');
    const firstPost = timeline.posts.find((x) => x.t >= d.first);
    // What the webview was given to do between the prompt and its reply's first words (it shares their thread).
    const before = timeline.posts
      .filter((x) => x.t >= sent.t && x.t < d.first)
      .map((x) => `+${(x.t - sent.t).toFixed(1)} ${x.inner ? `batch(${x.inner.join(',')})` : x.type}`);
    // Host times compared with the webview's are taken onto the webview's clock (bench/lib/clocks.ts).
    const { offsetMs } = await panel.clockOffset();
    const arrival = r.msgs.find((m) => m.streamed);
    const run: OverheadRun = {
      panelMs: r.firstAt - r.sendAt,
      bareMs: b.firstDeltaMs,
      bareTrackedMs: tracked.firstDeltaMs,
      webviewToSendMs: sent.t + offsetMs - r.sendAt,
      sendToDeltaMs: d.first - sent.t,
      deltaToPostMs: firstPost ? firstPost.t - d.first : Number.NaN,
      postToScreenMs: firstPost ? r.firstAt - (firstPost.t + offsetMs) : Number.NaN,
      postToWebviewMs: firstPost && arrival ? arrival.arrivedAt - (firstPost.t + offsetMs) : Number.NaN,
      webviewToScreenMs: arrival ? r.firstAt - arrival.arrivedAt : Number.NaN,
      lastTextMs: r.lastAt - (d.last + offsetMs),
    };
    overhead.push(run);
    log(
      `rep ${rep + 1}: panel ${ms(run.panelMs)} (Enter → send() ${ms(run.webviewToSendMs)}, send() → delta ${ms(run.sendToDeltaMs)}, → posted ${ms(run.deltaToPostMs)}, → on screen ${ms(run.postToScreenMs)}: relay ${ms(run.postToWebviewMs)}, panel ${ms(run.webviewToScreenMs)}), bare SDK ${ms(run.bareMs)} (with file tracking ${ms(run.bareTrackedMs)}), floor ${ms(f.ms)} (→ host ${ms(f.toHostMs)}, send() → delta ${ms(f.sendToDeltaMs)}, → on screen ${ms(f.deltaToScreenMs)}: relay ${ms(f.deltaToWebviewMs)}, page ${ms(f.webviewToScreenMs)}); posted before the first delta: ${before.join(' ') || 'nothing'}`,
    );
  }
  await agent.op('floorClose');
}

interface FloorRecord {
  sendAt: number;
  firstAt: number;
  idleAt: number;
  hostReceivedAt?: number;
  hostSendAt?: number;
  hostDeltaAt?: number;
  arrivedAt?: number;
}

/** The minimal webview panel (bench/floorPanel.ts) beside the product's: Enter in it, until the reply is done. */
async function openFloor(agent: Agent, page: Page): Promise<{ send(prompt: string): Promise<FloorRun> }> {
  await agent.op('floorOpen', { model: MODEL });
  const frame = await poll(
    'the floor panel',
    async () => {
      for (const f of page.frames()) if (await f.evaluate(() => !!document.getElementById('floor-prompt')).catch(() => false)) return f;
      return null;
    },
    60_000,
    100,
  );
  return {
    async send(prompt) {
      const count = await frame.evaluate(() => (window as unknown as { __floor: { runs: unknown[] } }).__floor.runs.length);
      await frame.fill('#floor-prompt', prompt);
      await frame.press('#floor-prompt', 'Enter');
      const r = await poll(
        `the floor's reply to "${prompt}"`,
        () =>
          frame.evaluate((n) => {
            const runs = (window as unknown as { __floor: { runs: FloorRecord[] } }).__floor.runs;
            return runs.length > n && runs[n].idleAt ? runs[n] : null;
          }, count),
        60_000,
      );
      if (
        !r.firstAt ||
        r.hostDeltaAt === undefined ||
        r.hostReceivedAt === undefined ||
        r.hostSendAt === undefined ||
        r.arrivedAt === undefined
      )
        throw new Error(`the floor panel saw no delta for "${prompt}"`);
      return {
        ms: r.firstAt - r.sendAt,
        toHostMs: r.hostReceivedAt - r.sendAt,
        sendToDeltaMs: r.hostDeltaAt - r.hostSendAt,
        deltaToScreenMs: r.firstAt - r.hostDeltaAt,
        deltaToWebviewMs: r.arrivedAt - r.hostDeltaAt,
        webviewToScreenMs: r.firstAt - r.arrivedAt,
      };
    },
  };
}
