/**
 * Part of section `activation, Sessions view, index storage`, in the last window on the big index: the Sessions
 * view's tree provider over the index vs a small one (bench/treeBench.ts in the extension host), and the view
 * shown in the workbench until its first row is on screen.
 */
import type { Page } from 'playwright-core';
import type { Agent } from '../lib/agent';
import { log, VIEW_ID, type Bench } from '../lib/context';
import type { Raw, TreeResult } from '../lib/raw';
import { ms } from '../lib/stats';

export type TreeRun = NonNullable<Raw['tree']>;

export async function measureTree(bench: Bench, agent: Agent): Promise<TreeRun> {
  const { sessions, treeBaseline, treeReps } = bench.sizes;
  const big = await agent.op<TreeResult>('tree', { n: sessions, reps: treeReps });
  const small = await agent.op<TreeResult>('tree', { n: treeBaseline, reps: treeReps });
  const tree: TreeRun = { big, small };
  bench.raw.tree = tree;
  log(
    `tree: ${sessions} → children ${ms(big.childrenMs)}, with items ${ms(big.childrenWithItemsMs)}; ${treeBaseline} → ${ms(small.childrenWithItemsMs)}`,
  );
  return tree;
}

/** End to end, for information: the view shown in the workbench, until its first row is on screen. */
export async function measureViewShown(bench: Bench, agent: Agent, page: Page, tree: TreeRun): Promise<void> {
  const shown = Date.now();
  await agent.op('command', { id: `${VIEW_ID}.focus` });
  await page.locator('.sidebar .monaco-list-row').first().waitFor({ state: 'visible', timeout: 120_000 });
  tree.viewShownMs = Date.now() - shown;
  log(`Sessions view shown with ${bench.sizes.sessions} sessions: first row on screen after ${ms(tree.viewShownMs)}`);
}
