/**
 * Section `panels: history, overhead, streaming, 20 sessions`: one window on the panels' folder, in this order:
 * history on screen (long vs short session), prompt → first delta vs the bare SDK, the bare SDK's streaming and
 * concurrency counterparts, streaming as fast as the model sends, then n sessions at once and memory.
 */
import { LATENCY_MS, LONG_ID, log, MODEL, SHORT_ID, type Bench } from '../lib/context';
import { seedIndexFiles } from '../lib/entries';
import { openPanelSession } from '../lib/panel';
import { BareSdk } from '../lib/sdk';
import { ms } from '../lib/stats';
import { profiledHost, traced } from '../lib/trace';
import type { Stack } from '../lib/workbench';
import { measureConcurrency } from './concurrency';
import { measureHistory } from './history';
import { measureOverhead } from './overhead';
import { measureStream } from './streaming';

export async function panelsSection(bench: Bench, stack: Stack, env: NodeJS.ProcessEnv): Promise<void> {
  const { sizes } = bench;
  await stack.firstWindow('panels');
  const entries = [
    { id: LONG_ID, model: MODEL, created: Date.now() - 3_600_000, lastActive: Date.now() - 60_000, title: 'A long conversation' },
    { id: SHORT_ID, model: MODEL, created: Date.now() - 3_600_000, lastActive: Date.now() - 120_000, title: 'A short conversation' },
  ];
  await seedIndexFiles(stack.storageDirOf('panels'), entries);
  // The baseline of the overhead figure: a bare SDK client, warmed up like the panel's session.
  const bare = await BareSdk.start(bench.options.sdkTasksJs, env, stack.folders.panels);
  let bareRunning = true;
  try {
    await bare.send('#long:20 warm up');
    await stack.withWindow(stack.folders.panels, async (agent, page) => {
      await agent.op('activate');
      await agent.op('hookWebviews');
      await agent.op('closeEditors');
      await measureHistory(bench, agent, page);

      // A fresh session in a panel: prompt → first delta on screen, alternating with the bare SDK.
      const panel = await openPanelSession(agent, page);
      await panel.send('#long:20 warm up', 'w0', 'w19', 60_000);
      // BENCH_TRACE_OVERHEAD=<file.json>: the same for the prompt → first delta turns.
      await traced(page, 'BENCH_TRACE_OVERHEAD', () =>
        profiledHost(agent, 'overhead', () => measureOverhead(bench, agent, page, panel, bare)),
      );
      // Bare-SDK counterparts of the streaming and concurrency figures, for the notes.
      const bareStream = await bare.send(`#long:${sizes.deltas} bare stream`);
      const bareMany = await bare.many(sizes.concurrent, LATENCY_MS, sizes.concurrencyReps);
      log(
        `bare SDK: ${bareStream.deltas} deltas over ${ms(bareStream.lastDeltaMs - bareStream.firstDeltaMs)}; ${bareMany.n} at once ${ms(bareMany.togetherMs)} vs alone ${ms(bareMany.aloneMs)}`,
      );
      await bare.stop();
      bareRunning = false;

      // BENCH_TRACE=<file.json>: a Chromium trace of the stream, to see where the webview's frames go.
      await traced(page, 'BENCH_TRACE', () => measureStream(bench, agent, panel, bareStream));
      await agent.op('closeEditors');
      // n live sessions through the one shared client; memory before and after.
      await profiledHost(agent, 'concurrency', () => measureConcurrency(bench, agent, bareMany, stack.server.pid));
    });
  } finally {
    if (bareRunning) await bare.stop().catch(() => undefined);
  }
}
