/**
 * Part of section `activation, Sessions view, index storage`, in the last window on the big index: the Sessions
 * view's tree provider over the index vs a small one (bench/treeBench.ts in the extension host), and the view
 * shown in the workbench until its first row is on screen.
 */
import type { Agent } from '../lib/agent';
import { log, VIEW_ID, type Bench } from '../lib/context';
import { makeEntries, seedIndexFiles } from '../lib/entries';
import type { Stack } from '../lib/workbench';
import type { Raw, TreeResult } from '../lib/raw';
import { median, ms } from '../lib/stats';

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

/**
 * The view shown in a fresh window, with the small index and with the big one, alternating (same steps in each:
 * activate, focus the view, wait for its first row): the figure's ratio, of the medians. One sample each swung by
 * a factor of two on this shared machine. The small folder is seeded here, after its first window.
 */
export async function measureFirstRows(bench: Bench, stack: Stack, tree: TreeRun): Promise<void> {
  await stack.firstWindow('small');
  await seedIndexFiles(stack.storageDirOf('small'), makeEntries(bench.sizes.treeBaseline));
  const shownIn = (folder: 'small' | 'index') =>
    stack.withWindow(stack.folders[folder], async (agent, page) => {
      await agent.op('activate');
      const shown = Date.now();
      await agent.op('command', { id: `${VIEW_ID}.focus` });
      await page.locator('.sidebar .monaco-list-row').first().waitFor({ state: 'visible', timeout: 120_000 });
      return Date.now() - shown;
    });
  const samples = { small: [] as number[], index: [] as number[] };
  for (let rep = 0; rep < bench.sizes.firstRowReps; rep++) {
    for (const folder of rep % 2 ? (['index', 'small'] as const) : (['small', 'index'] as const))
      samples[folder].push(await shownIn(folder));
  }
  tree.viewShownSamples = samples;
  tree.smallViewShownMs = median(samples.small);
  tree.viewShownMs = median(samples.index);
  log(
    `first row on screen: ${ms(tree.viewShownMs)} with ${bench.sizes.sessions} sessions, ${ms(tree.smallViewShownMs)} with ${bench.sizes.treeBaseline} (medians of ${samples.index.join(', ')} and ${samples.small.join(', ')} ms)`,
  );
}
