/**
 * Part of section `panels`: prompt → first delta on screen in the panel vs the bare SDK's first delta, alternating,
 * with the panel's span split at the extension's send(), the first delta at the host and its post to the webview.
 */
import type { Agent, Deltas, Timeline } from '../lib/agent';
import { log, type Bench } from '../lib/context';
import type { PanelSession } from '../lib/panel';
import type { OverheadRun } from '../lib/raw';
import type { BareSdk } from '../lib/sdk';
import { ms } from '../lib/stats';

export async function measureOverhead(bench: Bench, agent: Agent, panel: PanelSession, bare: BareSdk): Promise<void> {
  const overhead: OverheadRun[] = [];
  bench.raw.overhead = overhead;
  for (let rep = 0; rep < bench.sizes.overheadReps; rep++) {
    const b = await bare.send(`#long:20 overhead ${rep}`);
    const since = Date.now();
    const r = await panel.send(`#long:20 overhead ${rep}`, 'w0', 'w19', 60_000);
    const timeline = await agent.op<Timeline>('timeline', { since });
    const d = (await agent.op<Deltas>('deltas', { id: panel.sessionId, since }))[0];
    const sent = timeline.sends.find((x) => x.sessionId === panel.sessionId);
    if (!d || !sent) throw new Error('the hooks saw no send or no delta for the panel prompt');
    const firstPost = timeline.posts.find((x) => x.t >= d.first);
    const run: OverheadRun = {
      panelMs: r.firstAt - r.sendAt,
      bareMs: b.firstDeltaMs,
      webviewToSendMs: sent.t - r.sendAt,
      sendToDeltaMs: d.first - sent.t,
      deltaToPostMs: firstPost ? firstPost.t - d.first : Number.NaN,
      postToScreenMs: firstPost ? r.firstAt - firstPost.t : Number.NaN,
      lastTextMs: r.lastAt - d.last,
    };
    overhead.push(run);
    log(
      `rep ${rep + 1}: panel ${ms(run.panelMs)} (Enter → send() ${ms(run.webviewToSendMs)}, send() → delta ${ms(run.sendToDeltaMs)}, → posted ${ms(run.deltaToPostMs)}, → on screen ${ms(run.postToScreenMs)}), bare SDK ${ms(run.bareMs)}`,
    );
  }
}
