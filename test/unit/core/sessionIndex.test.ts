import assert from 'node:assert/strict';
import { ENTRY_KEY_PREFIX, MementoIndexStore, SCHEMA_KEY } from '../../../src/core/mementoIndex';
import { INDEX_SCHEMA_VERSION, SessionIndex, type IndexEntry, type IndexStore } from '../../../src/core/sessionIndex';
import { MapStore } from '../fixtures/mapStore';

const entry = (id: string, lastActive: number, extra: object = {}) => ({ id, model: 'm', created: 1, lastActive, ...extra });

/** Records what the index asks its store to write. */
class RecordingStore implements IndexStore {
  writes: IndexEntry[] = [];
  removes: string[][] = [];
  write(e: IndexEntry) {
    this.writes.push(e);
    return Promise.resolve();
  }
  remove(ids: readonly string[]) {
    this.removes.push([...ids]);
    return Promise.resolve();
  }
}

suite('session index', () => {
  test('whenLoaded settles on the first reset; the list is sorted by last activity, pinned first', async () => {
    const index = new SessionIndex(new RecordingStore());
    let settled = false;
    void index.whenLoaded.then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false);
    assert.equal(index.loaded, false);
    index.reset([entry('a', 10), entry('b', 30), entry('c', 20, { pinned: true })]);
    await index.whenLoaded;
    assert.ok(settled && index.loaded);
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['c', 'b', 'a'],
    );
  });

  test('one change writes one entry, through the store', async () => {
    const store = new RecordingStore();
    const index = new SessionIndex(store);
    index.reset([]);
    for (let i = 0; i < 100; i++) await index.upsert(entry(`s${i}`, i));
    store.writes = [];
    await index.patch('s5', { lastActive: 1000 });
    assert.deepEqual(
      store.writes.map((e) => [e.id, e.lastActive]),
      [['s5', 1000]],
    );
    await index.remove(['s5', 'unknown']);
    assert.deepEqual(store.removes, [['s5']]);
  });

  test('changes from elsewhere are applied and announced, not written back', () => {
    const store = new RecordingStore();
    const index = new SessionIndex(store);
    index.reset([entry('a', 1), entry('b', 2)]);
    const seen: string[] = [];
    index.onDidChange((change) => seen.push(change.kind));
    index.applyExternal([entry('c', 3)], ['a']);
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['c', 'b'],
    );
    assert.deepEqual(seen, ['upsert', 'remove']);
    assert.equal(store.writes.length + store.removes.length, 0);
  });

  test('olderThan lists unpinned sessions idle before the cutoff', async () => {
    const index = new SessionIndex(new RecordingStore());
    index.reset([]);
    await index.upsert(entry('old', 5));
    await index.upsert(entry('oldPinned', 5, { pinned: true }));
    await index.upsert(entry('new', 50));
    assert.deepEqual(
      index.olderThan(10).map((e) => e.id),
      ['old'],
    );
  });
});

suite('session index in workspaceState (a window without a folder)', () => {
  async function open(store: MapStore, warnings: string[] = []) {
    const memento = new MementoIndexStore(store, (w) => warnings.push(w));
    const index = new SessionIndex(memento);
    await memento.load(index);
    return index;
  }

  test('round-trips entries, one key per session, under 200 bytes each', async () => {
    const store = new MapStore();
    const index = await open(store);
    await index.upsert({ id: 'f'.repeat(36), model: 'claude-sonnet-4.5', created: 1, lastActive: 2, title: 'x'.repeat(500), pinned: true });
    await index.upsert(entry('b', 30));
    store.writes = [];
    await index.patch('b', { lastActive: 31 });
    assert.deepEqual(store.writes, [`${ENTRY_KEY_PREFIX}b`]);
    const reloaded = await open(store);
    assert.equal(reloaded.size, 2);
    assert.equal(store.get(SCHEMA_KEY), INDEX_SCHEMA_VERSION);
    const key = `${ENTRY_KEY_PREFIX}${'f'.repeat(36)}`;
    assert.ok(key.length + JSON.stringify(store.get(key)).length < 200);
  });

  test('corrupt and invalid entries are dropped with a warning, valid ones kept', async () => {
    const store = new MapStore();
    store.data.set(SCHEMA_KEY, 1);
    store.data.set(`${ENTRY_KEY_PREFIX}good`, { m: 'm', c: 1, a: 2 });
    store.data.set(`${ENTRY_KEY_PREFIX}../evil`, { m: 'm', c: 1, a: 2 });
    store.data.set(`${ENTRY_KEY_PREFIX}nomodel`, { c: 1, a: 2 });
    store.data.set(`${ENTRY_KEY_PREFIX}badtime`, { m: 'm', c: 'yesterday', a: 2 });
    store.data.set(`${ENTRY_KEY_PREFIX}str`, 'garbage');
    const warnings: string[] = [];
    const index = await open(store, warnings);
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['good'],
    );
    assert.equal(warnings.length, 4);
    await Promise.resolve();
    assert.ok(!store.data.has(`${ENTRY_KEY_PREFIX}str`), 'invalid entries of our schema are cleaned up');
  });

  test('a newer schema is read as far as possible and not rewritten', async () => {
    const store = new MapStore();
    store.data.set(SCHEMA_KEY, 99);
    store.data.set(`${ENTRY_KEY_PREFIX}good`, { m: 'm', c: 1, a: 2, future: true });
    store.data.set(`${ENTRY_KEY_PREFIX}odd`, { shape: 'new' });
    const warnings: string[] = [];
    const index = await open(store, warnings);
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['good'],
    );
    assert.ok(store.data.has(`${ENTRY_KEY_PREFIX}odd`), 'left for the newer version');
    assert.equal(store.get(SCHEMA_KEY), 99);
    assert.ok(warnings.some((w) => /schema/.test(w)));
  });
});
