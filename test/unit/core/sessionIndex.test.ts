import assert from 'node:assert/strict';
import { ENTRY_KEY_PREFIX, MementoIndexStore, SCHEMA_KEY } from '../../../src/core/mementoIndex';
import { cleanupCandidates, daysLeft, expiredDeleted } from '../../../src/core/retention';
import {
  INDEX_SCHEMA_VERSION,
  IndexWriteError,
  MAX_TITLE_LENGTH,
  SessionIndex,
  clampTitle,
  decodeEntry,
  encodeEntry,
  type IndexEntry,
  type IndexStore,
} from '../../../src/core/sessionIndex';
import { MapStore } from '../fixtures/mapStore';

const entry = (id: string, lastActive: number, extra: object = {}) => ({ id, model: 'm', created: 1, lastActive, ...extra });

/** Records what the index asks its store to write. */
class RecordingStore implements IndexStore {
  writes: IndexEntry[] = [];
  removes: string[][] = [];
  /** When set, every write and removal fails with it (a full disk, a folder that cannot be written). */
  failWith: Error | undefined;
  write(e: IndexEntry) {
    if (this.failWith) return Promise.reject(this.failWith);
    this.writes.push(e);
    return Promise.resolve();
  }
  remove(ids: readonly string[]) {
    if (this.failWith) return Promise.reject(this.failWith);
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

  test('after each change the list is what a full sort gives, and a list handed out before stays as it was', async () => {
    const index = new SessionIndex(new RecordingStore());
    index.reset(Array.from({ length: 200 }, (_, i) => entry(`s${i}`, (i * 37) % 50, i % 17 === 0 ? { pinned: true } : {})));
    const sortedIds = () =>
      [...index.all()]
        .filter((e) => e.deletedAt === undefined)
        .sort((a, b) => (!!a.pinned !== !!b.pinned ? (a.pinned ? -1 : 1) : b.lastActive - a.lastActive || a.id.localeCompare(b.id)))
        .map((e) => e.id);
    const before = index.list();
    const copy = before.map((e) => e.id);
    const changes: Array<[string, Partial<IndexEntry>]> = [
      ['s5', { lastActive: 100 }],
      ['s17', { pinned: false }],
      ['s3', { pinned: true, lastActive: 0 }],
      ['s42', { deletedAt: 5 }],
      ['s42', { deletedAt: undefined }],
      ['s9', { lastActive: 20 }],
    ];
    for (const [id, change] of changes) {
      await index.patch(id, change);
      assert.deepEqual(
        index.list().map((e) => e.id),
        sortedIds(),
        `after ${id} ${JSON.stringify(change)}`,
      );
    }
    await index.upsert(entry('new', 30));
    assert.deepEqual(
      index.list().map((e) => e.id),
      sortedIds(),
    );
    assert.deepEqual(
      before.map((e) => e.id),
      copy,
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

  test('Recently deleted: a deleted entry leaves the list, stays known, and keeps its flag through the stored form', async () => {
    const store = new RecordingStore();
    const index = new SessionIndex(store);
    index.reset([entry('a', 1), entry('b', 2)]);
    await index.patch('a', { deletedAt: 100 });
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['b'],
    );
    assert.deepEqual(
      index.deleted().map((e) => e.id),
      ['a'],
    );
    assert.equal(index.has('a'), true, 'the id stays taken');
    assert.equal(index.isListed('a'), false);
    assert.deepEqual(decodeEntry('a', encodeEntry(index.get('a')!)), { ...entry('a', 1), deletedAt: 100 });
    await index.patch('a', { deletedAt: undefined });
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['b', 'a'],
    );
  });

  test('a change the store refuses is not shown: the index keeps what it had and says why', async () => {
    const store = new RecordingStore();
    const index = new SessionIndex(store);
    index.reset([entry('a', 1)]);
    const seen: string[] = [];
    index.onDidChange((c) => seen.push(c.kind));
    store.failWith = new Error('ENOSPC: no space left on device');
    await assert.rejects(index.upsert(entry('b', 2)), (e: unknown) => e instanceof IndexWriteError && /ENOSPC/.test(e.message));
    await assert.rejects(index.remove(['a']), IndexWriteError);
    assert.deepEqual(
      index.list().map((e) => e.id),
      ['a'],
    );
    assert.deepEqual(seen, []);
  });

  test('a title the user chose is kept as named through the stored form', () => {
    const named = { ...entry('n', 1), title: 'Mine', named: true };
    assert.deepEqual(decodeEntry('n', encodeEntry(named)), named);
    assert.equal(decodeEntry('n', encodeEntry({ ...entry('n', 1), named: true }))?.named, undefined, 'no title, nothing named');
  });
});

suite('titles', () => {
  test('a title is one line of at most 64 characters, whatever whitespace it came with', () => {
    // What a title must read as: every run of whitespace one space, none at the ends, cut with an ellipsis.
    const expected = (title: string) => {
      const oneLine = title.replace(/\s+/g, ' ').trim();
      return oneLine.length > MAX_TITLE_LENGTH ? `${oneLine.slice(0, MAX_TITLE_LENGTH - 1)}…` : oneLine;
    };
    const long = 'Refactor the session index into per-key storage and more words';
    const titles = [
      'Fix the flaky test',
      ' leading space',
      'trailing space ',
      'two  spaces',
      'a\ttab',
      'a\nnew line',
      'no\u00a0break space',
      'line\u2028separator',
      '\ufeffbyte order mark',
      'x'.repeat(MAX_TITLE_LENGTH),
      'x'.repeat(MAX_TITLE_LENGTH + 1),
      long + long,
      '   ',
      '',
    ];
    for (const title of titles) assert.equal(clampTitle(title), expected(title), JSON.stringify(title));
    assert.equal(decodeEntry('s1', { m: 'm', c: 1, a: 2, t: '  Two\n lines ' })?.title, 'Two lines', 'a stored title is read clean');
  });
});

suite('cleanup by age and Recently deleted', () => {
  const day = 24 * 3600_000;
  const now = 100 * day;

  test('age is the store’s last modification; pinned, deleted and busy sessions are never candidates', () => {
    const entries = [
      entry('old', 10 * day),
      entry('carriedOnInCli', 10 * day),
      entry('pinned', 10 * day, { pinned: true }),
      { ...entry('deleted', 10 * day), deletedAt: 95 * day },
      entry('busy', 10 * day),
      entry('neverSent', 10 * day, { empty: true }),
      entry('recent', 99 * day),
    ];
    const modified = new Map([
      ['old', 10 * day],
      ['carriedOnInCli', 99 * day],
      ['busy', 10 * day],
    ]);
    assert.deepEqual(
      cleanupCandidates(entries, modified, 30, now, (id) => id === 'busy').map((e) => e.id),
      ['old', 'neverSent'],
    );
  });

  test('Recently deleted keeps a session for the retention period, then it expires', () => {
    const deleted = { ...entry('d', 1), deletedAt: now - 30 * day };
    assert.deepEqual(expiredDeleted([deleted], 30, now), [deleted]);
    assert.deepEqual(expiredDeleted([deleted], 31, now), []);
    assert.equal(daysLeft(deleted, 31, now), 1);
    assert.equal(daysLeft({ ...deleted, deletedAt: now }, 30, now), 30);
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
