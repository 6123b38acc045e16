/**
 * The index's storage (src/indexSync.ts over src/indexFiles.ts) with n sessions, in the extension host's own Node:
 * loading from the snapshot (until the list is shown, and until the files were checked in the background), loading
 * without a snapshot (every file read), and the cross-window reconcile that runs on every window focus, when
 * nothing changed and when another window changed one session. For each, the wall time and the longest stretch the
 * thread was blocked (a 1 ms timer's worst lateness). Loaded by bench/hostAgent.ts after activation was measured.
 */
import { mkdtempSync, rmSync, unlinkSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SessionIndex } from '../src/core/sessionIndex';
import { IndexFiles } from '../src/sessions/indexFiles';
import { IndexSync } from '../src/sessions/indexSync';
import { makeEntries, seedIndexFiles } from './lib/entries';
import { median } from './lib/stats';
import { timed, type Timed } from './lib/timed';

const quiet = { info: () => undefined, warn: () => undefined };

function open(dir: string) {
  const sync = new IndexSync(new IndexFiles(dir), undefined, quiet);
  const index = new SessionIndex(sync);
  return { sync, index };
}

export async function indexBench(n: number, reps: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'index-bench-'));
  const sessionsDir = path.join(dir, 'sessions');
  const age = () => {
    const past = new Date(Date.now() - 60_000);
    utimesSync(sessionsDir, past, past);
  };
  const entries = makeEntries(n);
  const samples: Record<string, Timed[]> = {
    loadShown: [],
    loadChecked: [],
    loadNoSnapshot: [],
    reconcileUnchanged: [],
    reconcileStale: [],
    reconcileOneChanged: [],
  };
  try {
    const seeded = await seedIndexFiles(dir, entries);
    for (let rep = 0; rep < reps; rep++) {
      age();
      // A window opening: the list is shown from the snapshot, then checked against the files in the background.
      const w = open(dir);
      const shown = await timed(() => w.sync.load(w.index));
      samples.loadShown.push(shown);
      samples.loadChecked.push(await timed(() => w.sync.background));
      if (w.index.size !== n) throw new Error(`loaded ${w.index.size} of ${n}`);
      // Window focus, nothing changed anywhere: the folder's stamp answers.
      samples.reconcileUnchanged.push(await timed(() => w.sync.reconcile(() => Promise.resolve(new Set()))));
      // Window focus after this window wrote (the stamp moved): every file's signature is compared, none is read.
      await w.index.patch(entries[rep].id, { lastActive: Date.now() });
      samples.reconcileStale.push(await timed(() => w.sync.reconcile(() => Promise.resolve(new Set()))));
      // Window focus after another window changed one session.
      await new IndexFiles(dir).writeEntry({ ...entries[rep + 1], title: `changed elsewhere ${rep}` });
      const one = await timed(() => w.sync.reconcile(() => Promise.resolve(new Set())));
      if (one.value.changed.length !== 1) throw new Error(`expected one changed session, got ${JSON.stringify(one.value)}`);
      samples.reconcileOneChanged.push(one);
      w.sync.dispose();
      // A window opening without a snapshot (first start, or a damaged one): every file is read before the list shows.
      const snapshot = path.join(dir, 'index.json');
      const saved = new IndexFiles(dir);
      const text = await saved.readSnapshot();
      unlinkSync(snapshot);
      const cold = open(dir);
      samples.loadNoSnapshot.push(await timed(() => cold.sync.load(cold.index)));
      cold.sync.dispose();
      if (text) await saved.writeSnapshot(text);
    }
    const summary = (list: Timed[]) => ({ ms: median(list.map((s) => s.ms)), blockedMs: median(list.map((s) => s.blockedMs)) });
    return {
      n,
      seeded,
      loadShown: summary(samples.loadShown),
      loadChecked: summary(samples.loadChecked),
      loadNoSnapshot: summary(samples.loadNoSnapshot),
      reconcileUnchanged: summary(samples.reconcileUnchanged),
      reconcileStale: summary(samples.reconcileStale),
      reconcileOneChanged: summary(samples.reconcileOneChanged),
      samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((s) => ({ ms: s.ms, blockedMs: s.blockedMs }))])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
