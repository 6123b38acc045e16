/**
 * The Sessions view's data provider (src/sessionsTree.ts, with the real vscode API inside the extension host) over
 * an index of n entries: getChildren() right after a change (the sorted list is rebuilt), and getChildren() plus
 * getTreeItem() for every child, which is what VS Code's tree view asks for on each refresh (ExtHostTreeView
 * resolves the tree item of every child it is given). Loaded by bench/hostAgent.ts after activation was measured.
 */
import { parseSnapshot, serializeSnapshot } from '../src/core/indexSnapshot';
import { SessionIndex } from '../src/core/sessionIndex';
import { registryTexts } from '../src/sessions/registryTexts';
import { SessionsTree } from '../src/views/sessionsTree';
import { viewRegistry } from '../test/fixtures/viewRegistry';
import { makeEntries, nullStore } from './lib/entries';
import { median, sleep } from './lib/stats';

export async function treeBench(n: number, reps: number) {
  const entries = makeEntries(n);
  const snapshot = serializeSnapshot({ entries, files: new Map() });
  const index = new SessionIndex(nullStore);
  // What loading the snapshot costs on the extension host's thread once its text is read: parse, decode, list.
  const loadStart = performance.now();
  index.reset(parseSnapshot(snapshot, () => undefined)?.entries ?? []);
  const loadMs = performance.now() - loadStart;
  const { registry, dispose } = viewRegistry(index, registryTexts());
  const tree = new SessionsTree(index, registry, () => 30);
  const children: number[] = [];
  const withItems: number[] = [];
  const warm: number[] = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      await index.patch(entries[rep % entries.length].id, { lastActive: Date.now() });
      const t0 = performance.now();
      const result = tree.getChildren();
      const list = Array.isArray(result) ? result : await result;
      const t1 = performance.now();
      for (const entry of list) tree.getTreeItem(entry);
      const t2 = performance.now();
      void tree.getChildren();
      const t3 = performance.now();
      children.push(t1 - t0);
      withItems.push(t2 - t0);
      warm.push(t3 - t2);
      await sleep(0);
    }
  } finally {
    tree.dispose();
    dispose();
  }
  return {
    n,
    loadMs,
    childrenMs: median(children),
    childrenWithItemsMs: median(withItems),
    warmChildrenMs: median(warm),
    samples: { children, withItems },
  };
}
