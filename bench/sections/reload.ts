/**
 * Section `reload: restored panels`: a window reloaded as a user reloads it (Developer: Reload Window, so the
 * workbench saves its editors first) with one session panel open, and with ten, alternating; the panels come back
 * through the extension's WebviewPanelSerializer. Measured: from the reload to every restored panel's history on
 * screen (each webview's `history-rendered` mark, set when it rendered its first 'init').
 *
 * "On screen": VS Code loads a webview only while it is visible, and a background tab is restored only when it is
 * shown, so ten tabs in one group would measure one panel. The ten panels are laid out in a grid of ten editor
 * groups (two rows of five), each the active tab of its group, so every one of them is on screen after the reload.
 * Each panel is its own session, seeded with the same history (real turns through the bare SDK, then repeated).
 */
import type { Frame, Page } from 'playwright-core';
import * as probes from '../probes';
import type { Agent } from '../lib/agent';
import { log, MODEL, type Bench } from '../lib/context';
import { seedIndexFiles } from '../lib/entries';
import type { Raw, ReloadRun } from '../lib/raw';
import { runSdkTask } from '../lib/sdk';
import { median, ms, sleep } from '../lib/stats';
import { poll } from '../lib/webview';
import type { Stack } from '../lib/workbench';

const sessionId = (i: number) => `bench-reload-${i}`;

/** Two rows of `n / 2` groups (one row for fewer than four). */
function gridLayout(n: number): unknown {
  const row = (count: number) => ({ groups: Array.from({ length: count }, () => ({})) });
  if (n < 4) return { orientation: 0, groups: row(n).groups };
  const first = Math.ceil(n / 2);
  return { orientation: 1, groups: [row(first), row(n - first)] };
}

export async function reloadSection(bench: Bench, stack: Stack, env: NodeJS.ProcessEnv): Promise<void> {
  const { reloadPanels, reloadReps, shortTurns } = bench.sizes;
  const result: NonNullable<Raw['reload']> = { panels: reloadPanels, turns: shortTurns, one: [], many: [] };
  bench.raw.reload = result;
  const folder = stack.folders.reload;
  for (let i = 0; i < reloadPanels; i++)
    await runSdkTask(
      bench.options.sdkTasksJs,
      ['seed', '--id', sessionId(i), '--turns', String(shortTurns), '--cwd', folder, '--model', MODEL],
      env,
      300_000,
    );
  await stack.firstWindow('reload');
  const now = Date.now();
  await seedIndexFiles(
    stack.storageDirOf('reload'),
    Array.from({ length: reloadPanels }, (_, i) => ({
      id: sessionId(i),
      model: MODEL,
      created: now - 3_600_000,
      lastActive: now - 60_000 * (i + 1),
      title: `Restored conversation ${i + 1}`,
    })),
  );
  log(`seeded ${reloadPanels} sessions of ${shortTurns} turns`);

  await stack.withWindow(folder, async (first, page, control) => {
    let agent = first;
    await agent.op('activate');
    for (let rep = 0; rep < reloadReps; rep++) {
      for (const count of rep % 2 ? [reloadPanels, 1] : [1, reloadPanels]) {
        await openPanels(agent, page, count);
        const reloaded = await control.reload();
        agent = reloaded.agent;
        const run = await measureRestore(agent, page, count, reloaded.at);
        (count === 1 ? result.one : result.many).push(run);
        log(
          `reload with ${count} panel(s): every history on screen after ${ms(run.lastMs)} (first ${ms(run.firstMs)}; new extension host's agent after ${ms(run.helloMs)}, activate() ${ms(run.activationMs)}, then last history ${ms(run.afterActivateMs)})`,
        );
      }
    }
  });
  log(
    `reload: ${reloadPanels} panels ${ms(median(result.many.map((r) => r.lastMs)))} vs one ${ms(median(result.one.map((r) => r.lastMs)))}`,
  );
}

/** A fresh layout of `count` editor groups, one session panel opened in each, every one showing its history. */
async function openPanels(agent: Agent, page: Page, count: number): Promise<void> {
  await agent.op('closeEditors');
  await agent.op('command', { id: 'vscode.setEditorLayout', args: [gridLayout(count)] });
  await agent.op('command', { id: 'workbench.action.focusFirstEditorGroup' });
  for (let i = 0; i < count; i++) {
    // open() resolves once the panel's first state was posted; the panel opens in the active group.
    await agent.op('open', { id: sessionId(i) });
    if (i < count - 1) await agent.op('command', { id: 'workbench.action.focusNextGroup' });
  }
  const frames = await visibleFrames(page, count, 60_000);
  await poll(
    `${count} histories on screen before the reload`,
    async () => (await Promise.all(frames.map((f) => f.evaluate(() => document.querySelectorAll('.message').length > 0)))).every(Boolean),
    60_000,
    100,
  );
  // Every webview's mark of this load is cleared: only the restored ones count.
  await Promise.all(frames.map((f) => f.evaluate(probes.historyMark)));
  await sleep(500);
}

/** The panels' content frames, once `count` of them are on screen. */
async function visibleFrames(page: Page, count: number, timeoutMs: number): Promise<Frame[]> {
  return poll(
    `${count} webview(s) on screen`,
    async () => {
      const outers = await page.locator('iframe.webview.ready:visible').elementHandles();
      if (outers.length < count) return null;
      const frames: Frame[] = [];
      for (const outer of outers) {
        const inner = await (await outer.contentFrame())?.$('iframe#active-frame');
        const frame = await inner?.contentFrame();
        if (!frame) return null;
        frames.push(frame);
      }
      return frames;
    },
    timeoutMs,
    50,
  );
}

/**
 * After the reload: the new extension host's agent activates the extension (the benchmark's copy has no activation
 * events; the product activates on `onWebviewPanel`), then every restored panel's `history-rendered` mark is read.
 */
async function measureRestore(agent: Agent, page: Page, count: number, at: number): Promise<ReloadRun> {
  const helloAt = Date.now();
  const act = await agent.op<{ activationMs: number; startedAt: number }>('activate');
  const frames = await visibleFrames(page, count, 120_000);
  const marks = await Promise.all(
    frames.map((frame) => poll("a restored panel's history-rendered mark", () => frame.evaluate(probes.historyMark), 120_000, 50)),
  );
  const times = marks.map((m) => m.at);
  const last = Math.max(...times);
  return {
    panels: count,
    lastMs: last - at,
    firstMs: Math.min(...times) - at,
    helloMs: helloAt - at,
    activationMs: act.activationMs,
    afterActivateMs: last - act.startedAt,
    messages: marks.map((m) => m.messages),
  };
}
