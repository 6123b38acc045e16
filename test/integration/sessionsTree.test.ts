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

  test("a comparison's row takes its sessions' title when the runtime gives it, refreshed alone", async () => {
    const compared = (id: string, model: string): IndexEntry => ({ ...entry(id, 1), model, comparison: 'cmp-1' });
    index.reset([compared('c-alpha', 'stand-in-alpha'), compared('c-beta', 'stand-in-beta'), entry('other', 5)]);
    await fetchAll();
    await index.patch('other', { title: 'warming up' });
    await sleep(200);
    const shown = await fetchAll();
    const comparison = shown.find((row) => 'kind' in row && row.kind === 'comparison');
    assert.ok(comparison, 'the comparison is a row');
    assert.equal(labelOf(comparison), 'Compare: c-alpha', 'named after its first session (no title yet)');
    refreshes = [];

    await index.patch('c-alpha', { title: 'Compare me' });
    await index.patch('c-beta', { title: 'Compare me' });
    await sleep(200);
    assert.equal(refreshes.length, 1);
    assert.ok(
      Array.isArray(refreshes[0]) && refreshes[0].includes(comparison),
      'the comparison row is refreshed, as the object VS Code has',
    );
    assert.equal(labelOf(comparison), 'Compare: Compare me', 'drawn with the title, not the id');
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

  test('a group longer than a page shows 50 rows and a "Show more" row; each Show more adds the next 50', async () => {
    index.reset(Array.from({ length: 120 }, (_, i) => entry(`s${String(i).padStart(3, '0')}`, (i + 1) / 600)));
    const [today] = await tree.getChildren();
    const ids = (rows: SessionsTreeNode[]) => rows.map((row) => ('id' in row ? row.id : 'kind' in row ? row.kind : '?'));
    let rows = await tree.getChildren(today);
    assert.equal(rows.length, 51);
    assert.deepEqual(ids(rows).slice(48), ['s048', 's049', 'more'], 'the newest 50, then "Show more"');
    const more = rows[50];
    const item = tree.getTreeItem(more);
    assert.equal(labelOf(more), 'Show 50 more');
    assert.equal(item.description, '70 not shown');
    assert.equal(item.command?.command, 'copilotSessions.showMoreSessions');
    assert.deepEqual(item.command?.arguments, [more], 'the row is its argument');
    assert.equal(tree.getParent(more), today);

    assert.ok('kind' in more && more.kind === 'more');
    tree.showMore(more);
    assert.deepEqual(refreshes, [today], 'only the group is fetched again');
    rows = await tree.getChildren(today);
    assert.equal(rows.length, 101);
    assert.equal(labelOf(rows[100]), 'Show 20 more');
    assert.equal(tree.getTreeItem(rows[100]).description, '20 not shown');
    const last = rows[100];
    assert.ok('kind' in last && last.kind === 'more');
    tree.showMore(last);
    rows = await tree.getChildren(today);
    assert.deepEqual(
      ids(rows),
      Array.from({ length: 120 }, (_, i) => `s${String(i).padStart(3, '0')}`),
      'all 120, in order',
    );
    // The group's own row still counts every session.
    assert.match(tree.getTreeItem(today).accessibilityInformation?.label ?? '', /Today, 120/);
  });
});
