import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENTRY_KEY_PREFIX, SCHEMA_KEY } from '../../../src/core/mementoIndex';
import { SessionIndex, type IndexEntry } from '../../../src/core/sessionIndex';
import { IndexFiles, type ScanResult } from '../../../src/sessions/indexFiles';
import { IndexSync, type StoreHas } from '../../../src/sessions/indexSync';
import { MapStore } from '../fixtures/mapStore';

const entry = (id: string, lastActive = 2, extra: Partial<IndexEntry> = {}): IndexEntry => ({
  id,
  model: 'm',
  created: 1,
  lastActive,
  ...extra,
});
const ids = (index: SessionIndex) =>
  index
    .list()
    .map((e) => e.id)
    .sort();

/** IndexFiles that remembers what its scans found. */
class WatchedFiles extends IndexFiles {
  scans: ScanResult[] = [];
  override async scan(known: ReadonlyMap<string, string>, knownDir?: string): Promise<ScanResult> {
    const result = await super.scan(known, knownDir);
    this.scans.push(result);
    return result;
  }
}

suite('session index files (workspace storage)', () => {
  let dir: string;
  setup(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'index-files-'))));
  teardown(() => rmSync(dir, { recursive: true, force: true }));

  /** One window: its own workspaceState, the shared storage folder. */
  async function window(options: { memento?: MapStore; quietMs?: number; catchUpDelayMs?: number } = {}) {
    const warnings: string[] = [];
    const infos: string[] = [];
    const files = new WatchedFiles(dir);
    const sync = new IndexSync(
      files,
      options.memento ?? new MapStore(),
      { info: (m) => infos.push(m), warn: (m) => warnings.push(m) },
      options.quietMs ?? 60_000,
      options.catchUpDelayMs ?? 0,
    );
    const index = new SessionIndex(sync);
    await sync.load(index);
    if (!options.catchUpDelayMs) await sync.background;
    return { index, sync, files, warnings, infos };
  }
  const sessionFile = (id: string) => path.join(dir, 'sessions', `${id}.json`);
  const snapshotFile = () => path.join(dir, 'index.json');
  /** Makes the sessions folder's stamp old enough to be trusted (timestamps are coarse). */
  const ageFolder = () => {
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'sessions'), past, past);
  };

  test('one change writes one small file; the snapshot waits for a quiet period', async () => {
    const w = await window({ quietMs: 150 });
    for (let i = 0; i < 50; i++) await w.index.upsert(entry(`s${i}`, i));
    assert.equal(existsSync(snapshotFile()), false, 'no snapshot per change');
    await w.index.patch('s7', { title: 'Renamed' });
    assert.ok(statSync(sessionFile('s7')).size < 200);
    assert.deepEqual(JSON.parse(readFileSync(sessionFile('s7'), 'utf8')), { m: 'm', c: 1, a: 7, t: 'Renamed' });
    // The quiet period is 150 ms; a busy machine may take longer to fire it, never to write twice.
    for (let waited = 0; w.sync.snapshotStats.writes === 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(w.sync.snapshotStats.writes, 1, 'one snapshot after the changes stopped');
    const snapshot = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as { schema: number; entries: Record<string, unknown> };
    assert.equal(snapshot.schema, 1);
    assert.equal(Object.keys(snapshot.entries).length, 50);
    assert.equal(readdirSync(path.join(dir, 'sessions')).filter((n) => n.endsWith('.tmp')).length, 0, 'no temporary files left');
  });

  test('a restart shows the snapshot, then reads only the files that changed since', async () => {
    const first = await window();
    for (let i = 0; i < 20; i++) await first.index.upsert(entry(`s${i}`, i));
    await first.sync.flush();
    // Another window, after the snapshot: a new session and a rename.
    const other = new IndexFiles(dir);
    await other.writeEntry(entry('new', 100));
    await other.writeEntry(entry('s3', 3, { title: 'Renamed elsewhere' }));
    const second = await window();
    assert.equal(second.index.size, 21);
    assert.equal(second.index.get('s3')?.title, 'Renamed elsewhere');
    const scan = second.files.scans[0];
    assert.deepEqual([...scan.read.keys()].sort(), ['new', 's3'], 'unchanged files are not read again');
  });

  test('the snapshot written after a quiet period lets the next start check the files with one stat', async () => {
    const first = await window({ quietMs: 300 });
    for (let i = 0; i < 20; i++) await first.index.upsert(entry(`s${i}`, i));
    // As if the writes were more than a second ago (the folder's timestamps are coarse).
    ageFolder();
    for (let waited = 0; first.sync.snapshotStats.writes === 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(first.sync.snapshotStats.writes, 1);
    const second = await window();
    assert.equal(second.index.size, 20);
    assert.equal(second.files.scans[0]?.unchanged, true, 'the folder stamp in the snapshot was trusted');
    // And it still sees what another window does next.
    await new IndexFiles(dir).writeEntry(entry('later', 50));
    assert.deepEqual((await second.sync.reconcile()).added, ['later']);
  });

  test('the first check of the files waits a moment after the list is shown, and loses nothing meanwhile', async () => {
    const first = await window();
    for (let i = 0; i < 5; i++) await first.index.upsert(entry(`s${i}`, i));
    await first.sync.flush();
    await new IndexFiles(dir).writeEntry(entry('elsewhere', 100));
    const started = Date.now();
    const second = await window({ catchUpDelayMs: 400 });
    assert.equal(second.index.size, 5, 'the snapshot is shown at once');
    assert.equal(second.files.scans.length, 0, 'the files are not checked yet');
    // A reconcile asked meanwhile (the client became ready, the window got the focus) waits for the same moment.
    const asked = await second.sync.reconcile();
    await second.sync.background;
    assert.ok(Date.now() - started >= 350, `checked after ${Date.now() - started} ms`);
    assert.equal(second.index.get('elsewhere')?.lastActive, 100, "the other window's session is taken over");
    assert.equal(second.files.scans.length, 2);
    assert.deepEqual(asked.added, [], 'the first check (after load) took it over already');
    // A change this window makes meanwhile is written at once, not held back.
    const third = await window({ catchUpDelayMs: 400 });
    await third.index.upsert(entry('mine', 200));
    assert.ok(existsSync(sessionFile('mine')));
    await third.sync.background;
    assert.equal(third.index.get('mine')?.lastActive, 200, 'kept through the check');
  });

  test('reconciling when nothing changed costs one stat', async () => {
    const w = await window();
    for (let i = 0; i < 10; i++) await w.index.upsert(entry(`s${i}`));
    await w.sync.reconcile();
    ageFolder();
    await w.sync.reconcile();
    const again = await w.sync.reconcile();
    assert.deepEqual(again, { added: [], changed: [], dropped: [] });
    assert.equal(w.files.scans.at(-1)?.unchanged, true);
  });

  test('two windows: each picks up what the other created and drops what it deleted', async () => {
    const one = await window();
    const two = await window();
    const stored = new Set<string>();
    const storeHas: StoreHas = async (asked) => new Set(asked.filter((id) => stored.has(id)));
    for (const [w, id] of [
      [one, 'a'],
      [two, 'b'],
      [one, 'c'],
      [two, 'd'],
    ] as const) {
      await w.index.upsert(entry(id));
      stored.add(id);
    }
    await two.index.remove(['d']);
    stored.delete('d');
    const result = await one.sync.reconcile(storeHas);
    assert.deepEqual(result.added.sort(), ['b']);
    assert.deepEqual(ids(one.index), ['a', 'b', 'c']);
    await two.sync.reconcile(storeHas);
    assert.deepEqual(ids(two.index), ['a', 'b', 'c']);
    // A session whose file vanished but which the store still has keeps its place, and its file comes back.
    rmSync(sessionFile('a'));
    await one.sync.reconcile(storeHas);
    assert.deepEqual(ids(one.index), ['a', 'b', 'c']);
    await one.sync.flush();
    assert.ok(existsSync(sessionFile('a')));
  });

  test('a session never sent a message, deleted in another window, is dropped and not written back', async () => {
    const one = await window();
    const two = await window();
    const storeHas: StoreHas = async () => new Set(); // never sent a message: the store does not have it
    await one.index.upsert(entry('fresh', 2, { empty: true }));
    await two.sync.reconcile(storeHas);
    assert.deepEqual(ids(two.index), ['fresh']);
    await one.index.remove(['fresh']);
    await two.sync.reconcile(storeHas);
    await two.sync.flush();
    assert.deepEqual(ids(two.index), [], 'gone in the other window too');
    assert.equal(existsSync(sessionFile('fresh')), false, 'its file is not written back');
    await one.sync.reconcile(storeHas);
    assert.deepEqual(ids(one.index), []);
  });

  test('a write that keeps failing is retried, then refused: the entry is not shown', async () => {
    const w = await window();
    rmSync(path.join(dir, 'sessions'), { recursive: true, force: true });
    writeFileSync(path.join(dir, 'sessions'), 'a file where the folder should be');
    await assert.rejects(w.index.upsert(entry('lost')), /ENOTDIR|EEXIST|not a directory/);
    assert.deepEqual(ids(w.index), []);
  });

  test('Recently deleted travels between windows through the files', async () => {
    const one = await window();
    const two = await window();
    const storeHas: StoreHas = async (asked) => new Set(asked);
    await one.index.upsert(entry('t'));
    await two.sync.reconcile(storeHas);
    await one.index.patch('t', { deletedAt: 5 });
    await two.sync.reconcile(storeHas);
    assert.deepEqual(ids(two.index), [], 'out of the other window’s list too');
    assert.deepEqual(
      two.index.deleted().map((e) => e.id),
      ['t'],
    );
  });

  test('without the store to ask, a missing file drops nothing', async () => {
    const w = await window();
    await w.index.upsert(entry('a'));
    rmSync(sessionFile('a'));
    await w.sync.reconcile();
    assert.deepEqual(ids(w.index), ['a']);
  });

  test('moves an index from workspaceState into files once, then clears those keys', async () => {
    const memento = new MapStore();
    memento.data.set(SCHEMA_KEY, 1);
    memento.data.set(`${ENTRY_KEY_PREFIX}old1`, { m: 'm', c: 1, a: 2, t: 'Old one' });
    memento.data.set(`${ENTRY_KEY_PREFIX}old2`, { m: 'm', c: 1, a: 3 });
    memento.data.set(`${ENTRY_KEY_PREFIX}both`, { m: 'stale', c: 1, a: 1 });
    memento.data.set(`${ENTRY_KEY_PREFIX}bad`, 'garbage');
    memento.data.set('copilotSessions.other', 'kept');
    // The ledger of an earlier version already has a newer file for one of them.
    mkdirSync(path.join(dir, 'sessions'), { recursive: true });
    writeFileSync(sessionFile('both'), JSON.stringify({ m: 'fresh', c: 1, a: 5 }));
    const w = await window({ memento });
    assert.deepEqual(ids(w.index), ['both', 'old1', 'old2']);
    assert.equal(w.index.get('both')?.model, 'fresh', 'the file wins over workspaceState');
    assert.equal(w.index.get('old1')?.title, 'Old one');
    assert.ok(existsSync(sessionFile('old1')) && existsSync(sessionFile('old2')));
    assert.deepEqual(memento.keys(), ['copilotSessions.other'], 'the index keys are cleared');
    assert.ok(w.warnings.some((m) => /invalid session index entry/.test(m)));
    // The next start reads files only.
    const again = await window({ memento });
    assert.deepEqual(ids(again.index), ['both', 'old1', 'old2']);
  });

  test('an index in workspaceState from a newer schema is read but not cleared', async () => {
    const memento = new MapStore();
    memento.data.set(SCHEMA_KEY, 99);
    memento.data.set(`${ENTRY_KEY_PREFIX}good`, { m: 'm', c: 1, a: 2, future: true });
    memento.data.set(`${ENTRY_KEY_PREFIX}odd`, { shape: 'new' });
    const w = await window({ memento });
    assert.deepEqual(ids(w.index), ['good']);
    assert.ok(memento.data.has(`${ENTRY_KEY_PREFIX}odd`) && memento.data.get(SCHEMA_KEY) === 99);
    assert.ok(w.warnings.some((m) => /schema/.test(m)));
  });

  test('a snapshot that is not JSON is reported and the files are read instead', async () => {
    const first = await window();
    await first.index.upsert(entry('kept'));
    await first.sync.flush();
    writeFileSync(snapshotFile(), '{ this is not json');
    const w = await window();
    assert.deepEqual(ids(w.index), ['kept']);
    assert.ok(w.warnings.some((m) => /snapshot is not JSON/.test(m)));
    await w.sync.flush();
    assert.doesNotThrow(() => JSON.parse(readFileSync(snapshotFile(), 'utf8')) as unknown, 'rewritten');
  });

  test('invalid entries in the snapshot or the files are dropped with a warning, valid ones kept', async () => {
    const first = await window();
    await first.index.upsert(entry('good'));
    await first.index.upsert(entry('restored'));
    await first.sync.flush();
    const snapshot = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as { entries: Record<string, unknown> };
    snapshot.entries['no-model'] = { c: 1, a: 2 };
    writeFileSync(snapshotFile(), JSON.stringify(snapshot));
    writeFileSync(sessionFile('garbage'), 'x');
    writeFileSync(sessionFile('bad-time'), JSON.stringify({ m: 'm', c: 'yesterday', a: 2 }));
    writeFileSync(sessionFile('restored'), '{');
    const w = await window();
    assert.deepEqual(ids(w.index), ['good', 'restored']);
    assert.ok(w.warnings.some((m) => /invalid entry of the session index snapshot/.test(m)));
    assert.equal(w.warnings.filter((m) => /invalid session index file/.test(m)).length, 2);
    await w.sync.flush();
    assert.ok(!existsSync(sessionFile('garbage')) && !existsSync(sessionFile('bad-time')), 'cleaned up');
    assert.deepEqual(JSON.parse(readFileSync(sessionFile('restored'), 'utf8')), { m: 'm', c: 1, a: 2 }, 'restored from the snapshot');
  });

  test('a snapshot from a newer schema is read as far as possible and never overwritten', async () => {
    mkdirSync(path.join(dir, 'sessions'), { recursive: true });
    const text = JSON.stringify({ schema: 99, entries: { good: { m: 'm', c: 1, a: 2 }, odd: { shape: 'new' } }, files: {} });
    writeFileSync(snapshotFile(), text);
    writeFileSync(sessionFile('odd'), JSON.stringify({ shape: 'new' }));
    const w = await window();
    assert.deepEqual(ids(w.index), ['good']);
    await w.index.upsert(entry('another'));
    await w.sync.flush();
    assert.equal(readFileSync(snapshotFile(), 'utf8'), text);
    assert.ok(existsSync(sessionFile('odd')), 'left for the newer version');
  });

  test('an empty storage folder loads an empty index', async () => {
    const w = await window();
    assert.equal(w.index.loaded, true);
    assert.equal(w.index.size, 0);
    assert.deepEqual(w.warnings, []);
  });
});
