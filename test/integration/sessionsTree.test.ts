/**
 * The Sessions view's data provider with VS Code's real API: what it tells VS Code to refresh. VS Code forgets every
 * row under what is refreshed until it has asked for them again, and a row button clicked meanwhile runs its command
 * with no row (Delete then asked which session): so a change that moves no row must refresh only the changed rows.
 */
import assert from 'node:assert/strict';
import { SessionIndex, type IndexEntry } from '../../src/core/sessionIndex';
import { registryTexts } from '../../src/sessions/registryTexts';
import { SessionsTree, type SessionsTreeNode } from '../../src/views/sessionsTree';
import { viewRegistry } from '../fixtures/viewRegistry';
import { sleep } from './helpers';

type Refresh = SessionsTreeNode | SessionsTreeNode[] | undefined;

suite('Sessions view rows', () => {
  let index: SessionIndex;
  let tree: SessionsTree;
  let disposeRegistry: () => void;
  let refreshes: Refresh[];

  setup(() => {
    index = new SessionIndex({ write: () => Promise.resolve(), remove: () => Promise.resolve() });
    const { registry, dispose } = viewRegistry(index, registryTexts());
    disposeRegistry = dispose;
    tree = new SessionsTree(index, registry, () => 30);
    refreshes = [];
    tree.onDidChangeTreeData((change) => refreshes.push(change));
  });

  teardown(() => {
    tree.dispose();
    disposeRegistry();
  });

  /** Roots and every group's rows, as VS Code asks for them after a refresh. */
  async function fetchAll(): Promise<SessionsTreeNode[]> {
    const rows: SessionsTreeNode[] = [];
    for (const group of await tree.getChildren()) rows.push(...(await tree.getChildren(group)));
    return rows;
  }
  const labelOf = (node: SessionsTreeNode) => {
    const label = tree.getTreeItem(node).label;
    return typeof label === 'string' ? label : label?.label;
  };
  const now = Date.now();
  const entry = (id: string, minutesAgo: number): IndexEntry => ({
    id,
    model: 'stand-in-alpha',
    created: now - 3_600_000,
    lastActive: now - minutesAgo * 60_000,
  });

  test('loading the index does not make VS Code fetch the rows twice', async () => {
    const first = tree.getChildren();
    index.reset([entry('one', 1), entry('two', 2)]);
    assert.equal((await first).length, 1, 'the Today group, once the index is in');
    await sleep(200);
    assert.deepEqual(refreshes, [], 'no refresh after the first load');
  });

  test('a rename or a new status refreshes that row alone; the row VS Code has shows the new title', async () => {
    index.reset([entry('one', 1), entry('two', 2), entry('three', 3)]);
    await fetchAll();
    // The first change after the load compares with nothing yet: the whole view.
    await index.patch('one', { title: 'warming up' });
    await sleep(200);
    assert.deepEqual(refreshes, [undefined]);
    const shown = await fetchAll();
    refreshes = [];

    await index.patch('two', { title: 'Renamed' });
    await sleep(200);
    const two = shown.find((row) => 'id' in row && row.id === 'two');
    assert.ok(two, 'two is a row');
    assert.equal(refreshes.length, 1);
    assert.deepEqual(refreshes[0], [two], 'only the renamed row, as the object VS Code was given');
    assert.equal(labelOf(two), 'Renamed', 'drawn with its new title');
  });

  test('a change that moves a row refreshes the whole view', async () => {
    index.reset([entry('one', 1), entry('two', 2)]);
    await fetchAll();
    await index.patch('one', { title: 'first change' });
    await sleep(200);
    await fetchAll();
    refreshes = [];

    await index.patch('two', { lastActive: Date.now() });
    await sleep(200);
    assert.deepEqual(refreshes, [undefined], 'two is now above one');
    await index.patch('one', { pinned: true });
    await sleep(200);
    assert.deepEqual(refreshes, [undefined, undefined], 'one moved into Pinned');
  });
});
