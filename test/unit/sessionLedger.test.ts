import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SessionIndex } from '../../src/core/sessionIndex';
import { MapStore } from './mapStore';
import { SessionLedger } from '../../src/sessionLedger';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

suite('session ledger (two windows on one workspace)', () => {
  let dir: string;
  setup(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-'))));
  teardown(() => rmSync(dir, { recursive: true, force: true }));

  function window(): { index: SessionIndex; ledger: SessionLedger } {
    // Each window has its own copy of workspaceState (here: its own store) and shares the ledger folder.
    const index = new SessionIndex(new MapStore());
    index.load();
    const ledger = new SessionLedger(dir, quiet);
    ledger.follow(index);
    return { index, ledger };
  }

  test('a window picks up sessions the other created, and drops the ones it deleted', async () => {
    const one = window();
    const two = window();
    const stored = new Set<string>();
    const storeHas = async (id: string) => stored.has(id);
    for (const [w, id] of [
      [one, 'a'],
      [two, 'b'],
      [one, 'c'],
      [two, 'd'],
    ] as const) {
      await w.index.upsert({ id, model: 'm', created: 1, lastActive: 2 });
      stored.add(id);
    }
    await settle();
    await two.index.remove(['d']);
    stored.delete('d');
    await settle();
    const result = await one.ledger.reconcile(one.index, storeHas);
    assert.deepEqual(result.added.sort(), ['b']);
    assert.deepEqual(
      one.index
        .list()
        .map((e) => e.id)
        .sort(),
      ['a', 'b', 'c'],
    );
    await two.ledger.reconcile(two.index, storeHas);
    assert.deepEqual(
      two.index
        .list()
        .map((e) => e.id)
        .sort(),
      ['a', 'b', 'c'],
    );
  });

  test('entries from before the ledger existed are recorded, not dropped', async () => {
    const store = new MapStore();
    store.data.set('copilotSessions.s/old', { m: 'm', c: 1, a: 2 });
    const index = new SessionIndex(store);
    index.load();
    const ledger = new SessionLedger(dir, quiet);
    const result = await ledger.reconcile(index, async () => true);
    assert.deepEqual(result, { added: [], dropped: [] });
    assert.deepEqual(
      (await ledger.readAll())?.map((e) => e.id),
      ['old'],
    );
  });
});
