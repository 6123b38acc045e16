/**
 * Section `activation, Sessions view, index storage`: activate() timed in settled windows on the big index and on
 * an empty one, alternating; the last window on each also measures the tree, the index's writes and its storage.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Agent } from '../lib/agent';
import { log, type Bench } from '../lib/context';
import type { Raw } from '../lib/raw';
import { ms } from '../lib/stats';
import type { Stack } from '../lib/workbench';
import { measureIndexStorage, measureOneChange, recordSnapshotAtClose, seedBigIndex, type StorageRun } from './indexStorage';
import { measureFirstRows, measureTree } from './tree';

type ActivationRun = NonNullable<Raw['activation']>;

interface ActivateReply {
  activationMs: number;
  activationCpuMs: number;
  stateAtEnd: string;
  runtimesAtEnd: number;
  runtimeSpawnAfterMs?: number;
  readyAfterMs?: number;
  sessions: number;
}

export async function activationSection(bench: Bench, stack: Stack): Promise<void> {
  const { sizes } = bench;
  const warmEmpty = await stack.firstWindow('empty');
  const warmIndex = await stack.firstWindow('index');
  log(`first windows (not counted): activation ${ms(warmEmpty)} empty, ${ms(warmIndex)} before seeding`);
  const dirs = { index: stack.storageDirOf('index'), empty: stack.storageDirOf('empty') };
  const storage = await seedBigIndex(bench, dirs.index);

  const result: ActivationRun = {
    sessions: sizes.sessions,
    empty: [],
    index: [],
    emptyCpu: [],
    indexCpu: [],
    warmup: { empty: warmEmpty, index: warmIndex },
    client: [],
  };
  bench.raw.activation = result;
  const snapshotFile = path.join(dirs.index, 'index.json');
  for (let rep = 0; rep < sizes.activationReps; rep++) {
    const last = rep === sizes.activationReps - 1;
    const order: Array<'empty' | 'index'> = rep % 2 ? ['index', 'empty'] : ['empty', 'index'];
    for (const which of order) {
      const snapshotBefore = statSync(snapshotFile).mtimeMs;
      await stack.withWindow(stack.folders[which], async (agent, page) => {
        await activateOnce(result, which, agent);
        if (!last) return;
        if (which === 'index') await lastIndexWindow(bench, storage, agent, page, dirs.index);
        else await measureOneChange(bench, storage, 'empty', agent, page, dirs.empty);
      });
      if (which === 'index' && last) recordSnapshotAtClose(storage, snapshotFile, snapshotBefore);
    }
  }
  if (bench.raw.tree) await measureFirstRows(bench, stack, bench.raw.tree);
}

/** One timed activate() and the shared client's state when it returned. */
async function activateOnce(result: ActivationRun, which: 'empty' | 'index', agent: Agent): Promise<void> {
  const act = await agent.op<ActivateReply>('activate');
  result[which].push(act.activationMs);
  result[which === 'empty' ? 'emptyCpu' : 'indexCpu'].push(act.activationCpuMs);
  result.client.push({
    stateAtEnd: act.stateAtEnd,
    runtimesAtEnd: act.runtimesAtEnd,
    runtimeSpawnAfterMs: act.runtimeSpawnAfterMs,
    readyAfterMs: act.readyAfterMs,
  });
  log(
    `${which}: activation ${ms(act.activationMs)} (CPU ${ms(act.activationCpuMs)}) with ${act.sessions} session(s); client ${act.stateAtEnd} at the end of activate(), runtime spawned ${act.runtimeSpawnAfterMs === undefined ? 'never' : ms(act.runtimeSpawnAfterMs)} after, ready ${act.readyAfterMs === undefined ? 'never' : ms(act.readyAfterMs)} after`,
  );
}

/** The last window on the big index, in this order: tree, one change, index storage (the view shown: measureFirstRows). */
async function lastIndexWindow(bench: Bench, storage: StorageRun, agent: Agent, page: Page, storageDir: string): Promise<void> {
  await measureTree(bench, agent);
  await measureOneChange(bench, storage, 'index', agent, page, storageDir);
  await measureIndexStorage(bench, agent);
  const { searchSessions, searchTurns } = bench.sizes;
  bench.raw.search = await agent.op<NonNullable<Raw['search']>>('search', { sessions: searchSessions, turns: searchTurns });
  log(`search: ${JSON.stringify(bench.raw.search)}`);
}
