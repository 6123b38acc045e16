/**
 * Part of section `panels`: the panel opened on the long session and on the short one, alternating: its history on
 * screen (the webview's `history-rendered` mark) after getEvents() returned, and where the time went.
 */
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import * as probes from '../probes';
import type { Agent, Timeline } from '../lib/agent';
import { LONG_ID, log, SHORT_ID, type Bench } from '../lib/context';
import type { CpuUse, HistoryRun, Raw } from '../lib/raw';
import { measureCpu } from '../lib/proc';
import { epochNow, ms, sleep } from '../lib/stats';
import { traced } from '../lib/trace';
import { poll, webviewFrame, webviewHeapBytes } from '../lib/webview';

const SCROLL_LIMIT_MS = 150_000;
const OPEN_TIMEOUT_MS = 45_000;

interface OpenReply {
  callAt: number;
  doneAt: number;
  getEvents?: { end: number; start: number; count: number };
}

export async function measureHistory(bench: Bench, agent: Agent, page: Page): Promise<void> {
  const { sizes } = bench;
  const history: NonNullable<Raw['history']> = { turns: sizes.turns, shortTurns: sizes.shortTurns, long: [], short: [] };
  bench.raw.history = history;
  for (let rep = 0; rep < sizes.historyReps; rep++) {
    for (const [id, list] of [
      [SHORT_ID, history.short],
      [LONG_ID, history.long],
    ] as const) {
      list.push(await openOnce(bench, agent, page, id));
      await agent.op('closeEditors');
      await poll('the panel to close', async () => (await page.locator('iframe.webview.ready:visible').count()) === 0, 15_000);
      await sleep(300);
    }
  }
  await measureScroll(bench, agent, page);
}

/**
 * The long session opened once more, its transcript scrolled up to the first turn and back down to the newest: the
 * webview's longest block each way, and the heap it holds before, at the top and back at the newest.
 */
async function measureScroll(bench: Bench, agent: Agent, page: Page): Promise<void> {
  await openOnce(bench, agent, page, LONG_ID);
  const frame = await webviewFrame(page);
  const openedBytes = await webviewHeapBytes(page, frame);
  // Bounded: a scroll that has not reached the end by then is reported as such (the figure misses), not thrown.
  // BENCH_TRACE_SCROLL=<file.json>: a Chromium trace of the scroll up (its long tasks, collections, layouts).
  const up = await scrollOnce(agent, 'top', () =>
    traced(page, 'BENCH_TRACE_SCROLL', () =>
      measureCpu(() => frame.evaluate(probes.scrollToEnd, { edge: 'top' as const, timeoutMs: SCROLL_LIMIT_MS })),
    ),
  );
  const topBytes = await webviewHeapBytes(page, frame);
  const down = up.reached
    ? await scrollOnce(agent, 'newest', () =>
        measureCpu(() => frame.evaluate(probes.scrollToEnd, { edge: 'newest' as const, timeoutMs: SCROLL_LIMIT_MS })),
      )
    : undefined;
  const newestBytes = down ? await webviewHeapBytes(page, frame) : undefined;
  const { reached, ...run } = up;
  bench.raw.scroll = { turns: bench.sizes.turns, ...run, reachedTop: reached, heap: { openedBytes, topBytes, newestBytes } };
  if (down) {
    const { reached: reachedNewest, ...rest } = down;
    bench.raw.scroll.down = { ...rest, reachedTop: reachedNewest };
  }
  log(`scroll to the top of ${bench.sizes.turns} turns and back: ${JSON.stringify(bench.raw.scroll)}`);
  await agent.op('closeEditors');
  await poll('the panel to close', async () => (await page.locator('iframe.webview.ready:visible').count()) === 0, 15_000);
}

type ScrollProbe = Awaited<ReturnType<typeof probes.scrollToEnd>>;

/** One scroll to an end, with the pages the host posted meanwhile. */
async function scrollOnce(
  agent: Agent,
  edge: 'top' | 'newest',
  run: () => Promise<{ result: ScrollProbe; cpu?: CpuUse }>,
): Promise<ScrollProbe & { pages: number; cpu?: CpuUse }> {
  const since = epochNow();
  const { result, cpu } = await run();
  const timeline = await agent.op<Timeline>('timeline', { since });
  const pages = timeline.posts.filter((p) => p.type === 'historyPage' || p.type === 'batch').length;
  log(`scrolled to the ${edge}: ${result.reached ? 'reached' : 'NOT reached'} after ${ms(result.totalMs)}, ${pages} pages`);
  return { ...result, pages, cpu };
}

/**
 * Opens session `id` in a panel. Now and then the 10,000-turn session's resume never answers (its panel loads, its
 * history never comes; seen 4 times in 10 runs of this section): after 45 s the window is photographed and the
 * section fails saying so, instead of waiting for the op's own timeout.
 */
async function openPanel(bench: Bench, agent: Agent, page: Page, id: string): Promise<OpenReply> {
  try {
    return await agent.op<OpenReply>('open', { id }, OPEN_TIMEOUT_MS);
  } catch (error) {
    if (!/no answer/.test(String(error))) throw error;
    const shot = path.join(os.tmpdir(), `bench-open-timeout-${Date.now()}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    const tabs = await page.locator('.tabs-container .tab').allTextContents();
    bench.raw.openTimeouts = [...(bench.raw.openTimeouts ?? []), { id, tabs, screenshot: shot }];
    throw new Error(
      `the panel of ${id} showed no history within ${OPEN_TIMEOUT_MS / 1000} s (tabs: ${tabs.join(', ') || 'none'}; ${shot})`,
      { cause: error },
    );
  }
}

/** One open of session `id` in a panel, until its history is on screen. */
async function openOnce(bench: Bench, agent: Agent, page: Page, id: string): Promise<HistoryRun> {
  const opened = await openPanel(bench, agent, page, id);
  const frame = await webviewFrame(page);
  const mark = await poll('the history-rendered mark', () => frame.evaluate(probes.historyMark), 60_000);
  if (!opened.getEvents) throw new Error(`no getEvents() call was seen while opening ${id}`);
  const timeline = await agent.op<Timeline>('timeline', { since: opened.callAt });
  const init = timeline.posts.find((p) => p.type === 'init' && p.sessionId === id);
  if (!init) throw new Error(`no 'init' message was posted to the panel of ${id}`);
  const ge = opened.getEvents;
  const run: HistoryRun = {
    ms: mark.at - ge.end,
    messages: mark.messages,
    getEventsMs: ge.end - ge.start,
    events: ge.count,
    openMs: mark.at - opened.callAt,
    toInitPostMs: init.t - ge.end,
    initToRenderedMs: mark.at - init.t,
    webviewReadyMs: mark.domReady - ge.end,
    initToWebviewMs: mark.taskStart === undefined ? undefined : mark.taskStart - init.t,
    webviewRenderMs: mark.taskStart === undefined ? undefined : mark.at - mark.taskStart,
    initBytes: (init as { bytes?: number }).bytes,
    initItems: (init as { items?: number }).items,
  };
  const split =
    run.webviewRenderMs === undefined ? '' : ` (${ms(run.initToWebviewMs!)} to reach the webview, ${ms(run.webviewRenderMs)} to render)`;
  log(
    `${id}: history on screen ${ms(run.ms)} after getEvents() returned (${run.events} events in ${ms(run.getEventsMs)}); init posted +${ms(run.toInitPostMs)}, webview ready ${ms(run.webviewReadyMs)}, rendered ${ms(run.initToRenderedMs)} after init${split}; ${run.messages} message elements; ${ms(run.openMs)} from open`,
  );
  return run;
}
