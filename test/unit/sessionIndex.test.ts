import assert from 'node:assert/strict';
import { ENTRY_KEY_PREFIX, INDEX_SCHEMA_VERSION, SCHEMA_KEY, SessionIndex } from '../../src/core/sessionIndex';
import { MapStore } from './mapStore';

const entry = (id: string, lastActive: number, extra: object = {}) => ({ id, model: 'm', created: 1, lastActive, ...extra });

suite('session index', () => {
  test('round-trips entries through the store, sorted by last activity, pinned first', async () => {
    const store = new MapStore();
    const index = new SessionIndex(store);
    index.load();
    await index.upsert(entry('a', 10));
    await index.upsert(entry('b', 30));
    await index.upsert(entry('c', 20, { pinned: true, title: 'Pinned one' }));
    const reloaded = new SessionIndex(store);
    reloaded.load();
    assert.deepEqual(
      reloaded.list().map((e) => e.id),
      ['c', 'b', 'a'],
    );
    assert.equal(reloaded.get('c')?.title, 'Pinned one');
    assert.equal(store.get(SCHEMA_KEY), INDEX_SCHEMA_VERSION);
  });

  test('one change writes one entry, not the whole index', async () => {
    const store = new MapStore();
    const index = new SessionIndex(store);
    index.load();
    for (let i = 0; i < 100; i++) await index.upsert(entry(`s${i}`, i));
    store.writes = [];
    await index.patch('s5', { lastActive: 1000 });
    assert.deepEqual(store.writes, [`${ENTRY_KEY_PREFIX}s5`]);
  });

  test('an entry stays under 200 bytes', async () => {
    const store = new MapStore();
    const index = new SessionIndex(store);
    index.load();
    await index.upsert({
      id: 'f'.repeat(36),
      model: 'claude-sonnet-4.5',
      created: Date.now(),
      lastActive: Date.now(),
      title: 'x'.repeat(500),
      pinned: true,
    });
    const [key] = store.keys().filter((k) => k.startsWith(ENTRY_KEY_PREFIX));
    assert.ok(key.length + JSON.stringify(store.get(key)).length < 200, `${key.length + JSON.stringify(store.get(key)).length} bytes`);
  });

  test('corrupt and invalid entries are dropped with a warning, valid ones kept', () => {
    const store = new MapStore();
    store.data.set(SCHEMA_KEY, 1);
    store.data.set(`${ENTRY_KEY_PREFIX}good`, { m: 'm', c: 1, a: 2 });
    store.data.set(`${ENTRY_KEY_PREFIX}../evil`, { m: 'm', c: 1, a: 2 });
    store.data.set(`${ENTRY_KEY_PREFIX}nomodel`, { c: 1, a: 2 });
    store.data.set(`${ENTRY_KEY_PREFIX}badtime`, { m: 'm', c: 'yesterday', a: 2 });
    store.data.set(`${ENTRY_KEY_PREFIX}str`, 'garbage');
    const warnings: string[] = [];
    const index = new SessionIndex(store, (w) => warnings.push(w));
    assert.doesNotThrow(() => index.load());
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['good'],
    );
    assert.equal(warnings.length, 4);
    assert.ok(!store.data.has(`${ENTRY_KEY_PREFIX}str`), 'invalid entries of our schema are cleaned up');
  });

  test('a newer schema is read as far as possible and not rewritten', () => {
    const store = new MapStore();
    store.data.set(SCHEMA_KEY, 99);
    store.data.set(`${ENTRY_KEY_PREFIX}good`, { m: 'm', c: 1, a: 2, future: true });
    store.data.set(`${ENTRY_KEY_PREFIX}odd`, { shape: 'new' });
    const warnings: string[] = [];
    const index = new SessionIndex(store, (w) => warnings.push(w));
    index.load();
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['good'],
    );
    assert.ok(store.data.has(`${ENTRY_KEY_PREFIX}odd`), 'left for the newer version');
    assert.equal(store.get(SCHEMA_KEY), 99);
    assert.ok(warnings.some((w) => /schema/.test(w)));
  });

  test('olderThan lists unpinned sessions idle before the cutoff', async () => {
    const store = new MapStore();
    const index = new SessionIndex(store);
    index.load();
    await index.upsert(entry('old', 5));
    await index.upsert(entry('oldPinned', 5, { pinned: true }));
    await index.upsert(entry('new', 50));
    assert.deepEqual(
      index.olderThan(10).map((e) => e.id),
      ['old'],
    );
    await index.remove(['old', 'unknown']);
    assert.equal(index.has('old'), false);
  });
});
