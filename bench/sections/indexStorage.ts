/**
 * Part of section `activation, Sessions view, index storage`: the big index seeded in the extension's storage as a
 * window of the extension leaves it, what one change writes (files and workspace state) with it and without, the
 * snapshot at window close, and bench/indexBench.ts in the extension host (load and focus reconcile).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeEntries, seedIndexFiles } from '../lib/entries';
import type { Agent } from '../lib/agent';
import { log, MODEL, type Bench } from '../lib/context';
import type { Raw, Writes } from '../lib/raw';
import { kib, sleep } from '../lib/stats';

export type StorageRun = NonNullable<Raw['storage']>;

/** As a window of the extension leaves them: one file per session, and the snapshot. */
export async function seedBigIndex(bench: Bench, storageDir: string): Promise<StorageRun> {
  const { sessions } = bench.sizes;
  const seeded = await seedIndexFiles(storageDir, makeEntries(sessions));
  const storage: StorageRun = {
    sessions,
    indexBytes: seeded.fileBytes,
    bytesPerSession: seeded.fileBytes / sessions,
    snapshotBytes: seeded.snapshotBytes,
  };
  bench.raw.storage = storage;
  log(
    `seeded ${seeded.files} session files (${kib(seeded.fileBytes)}, ${storage.bytesPerSession.toFixed(0)} B per session) and a snapshot of ${kib(seeded.snapshotBytes)}`,
  );
  return storage;
}

/** Every file under a folder with its size and modification time. */
function filesUnder(dir: string): Map<string, { size: number; mtimeMs: number }> {
  const found = new Map<string, { size: number; mtimeMs: number }>();
  const walk = (d: string) => {
    for (const entry of existsSync(d) ? readdirSync(d, { withFileTypes: true }) : []) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const st = statSync(full);
        found.set(full, { size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  };
  walk(dir);
  return found;
}

/** One index change (a new session): the files it wrote in workspace storage and its workspace state writes. */
async function oneChange(agent: Agent, page: Page, storageDir: string): Promise<Writes> {
  const before = filesUnder(storageDir);
  await page.evaluate(() => ((window as unknown as { __benchIdb: unknown[] }).__benchIdb.length = 0));
  await agent.op('create', { model: MODEL });
  await sleep(1500);
  const after = filesUnder(storageDir);
  const written = [...after].filter(([file, st]) => before.get(file)?.mtimeMs !== st.mtimeMs || before.get(file)?.size !== st.size);
  const snapshot = written.filter(([file]) => path.basename(file) === 'index.json');
  const entries = written.filter(([file]) => path.basename(file) !== 'index.json');
  const state = await page.evaluate(() =>
    (window as unknown as { __benchIdb: Array<{ bytes: number; db: string }> }).__benchIdb.filter((w) => !w.db.endsWith('-global')),
  );
  return {
    files: entries.length,
    bytes: entries.reduce((sum, [, st]) => sum + st.size, 0),
    maxBytes: Math.max(0, ...written.map(([, st]) => st.size)),
    snapshotWritten: snapshot.length > 0,
    statePuts: state.length,
    stateBytes: state.reduce((sum, w) => sum + Math.max(0, w.bytes), 0),
  };
}

/** One change in the window on the big index (`index`) or on the empty one. */
export async function measureOneChange(
  bench: Bench,
  storage: StorageRun,
  which: 'index' | 'empty',
  agent: Agent,
  page: Page,
  storageDir: string,
): Promise<void> {
  const writes = await oneChange(agent, page, storageDir);
  if (which === 'index') {
    storage.writeBig = writes;
    log(`one change with ${bench.sizes.sessions} sessions: ${JSON.stringify(writes)}`);
  } else {
    storage.writeEmpty = writes;
    log(`one change with an empty index: ${JSON.stringify(writes)}`);
  }
}

/** The snapshot once the last window on the big index closed: rewritten only when something changed. */
export function recordSnapshotAtClose(storage: StorageRun, snapshotFile: string, mtimeBefore: number): void {
  const st = statSync(snapshotFile);
  storage.snapshotAtClose = { bytes: st.size, rewritten: st.mtimeMs !== mtimeBefore };
  log(`snapshot after the window closed: ${JSON.stringify(storage.snapshotAtClose)}`);
}

/** Loading and focus reconcile over an index folder of its own (as many sessions), in the extension host. */
export async function measureIndexStorage(bench: Bench, agent: Agent): Promise<void> {
  const indexStorage = await agent.op<NonNullable<Raw['indexStorage']>>('indexStorage', {
    n: bench.sizes.sessions,
    reps: Math.min(3, bench.sizes.treeReps),
  });
  bench.raw.indexStorage = indexStorage;
  const { samples: _samples, ...indexFigures } = indexStorage;
  log(`index storage: ${JSON.stringify(indexFigures)}`);
}
