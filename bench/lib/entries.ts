/**
 * Deterministic, realistic index entries for the benchmarks: UUID ids (what New Session generates), the stand-in
 * models, titles of the length the runtime gives sessions, activity spread over the last months, 1% pinned, 10%
 * archived and 2% in Recently deleted (the view's groups; "needs you" is live state, not stored). Stored exactly as
 * the extension stores them: through src/indexFiles.ts (one file per session and the snapshot).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { serializeSnapshot } from '../../src/core/indexSnapshot';
import { encodeEntry, type IndexEntry, type IndexStore } from '../../src/core/sessionIndex';
import { IndexFiles, mapLimit } from '../../src/sessions/indexFiles';

const MODELS = ['stand-in-alpha', 'stand-in-beta', 'stand-in-gamma'];
const TITLES = [
  'Fix the flaky integration test in CI',
  'Refactor the session index into per-key storage',
  'Explain the webpack config',
  'Add pagination to the orders endpoint',
  'Why does the build fail on Node 20?',
  'Write unit tests for the date parser',
  'Migrate the settings page to the new design system',
  'Review PR 4821: retry policy',
];

/** xorshift32: the same entries on every run. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function uuid(next: () => number): string {
  const hex = Array.from({ length: 4 }, () => next().toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function makeEntries(count: number, now = Date.now(), seed = 42): IndexEntry[] {
  const next = prng(seed);
  const entries: IndexEntry[] = [];
  for (let i = 0; i < count; i++) {
    const created = now - (next() % (120 * 24 * 3600)) * 1000;
    const lastActive = Math.min(now, created + (next() % (7 * 24 * 3600)) * 1000);
    entries.push({
      id: uuid(next),
      model: MODELS[i % MODELS.length],
      created,
      lastActive,
      title: `${TITLES[i % TITLES.length]} (${i})`,
      // The view's groups besides the dates, as a long-used list has them: pinned, archived, recently deleted.
      ...(i % 100 === 7 ? { pinned: true } : {}),
      ...(i % 10 === 3 ? { archived: true } : {}),
      ...(i % 50 === 11 ? { deletedAt: now - (next() % (20 * 24 * 3600)) * 1000 } : {}),
    });
  }
  return entries;
}

/**
 * Writes the entries as a window of the extension leaves them: one file per session and a snapshot that knows
 * every file (written after the folder's stamp became trustworthy, as after a quiet period).
 */
export async function seedIndexFiles(
  storageDir: string,
  entries: readonly IndexEntry[],
): Promise<{ fileBytes: number; snapshotBytes: number; files: number }> {
  const files = new IndexFiles(storageDir);
  const signatures = new Map<string, string>();
  let fileBytes = 0;
  await mapLimit(entries, 32, async (entry) => {
    signatures.set(entry.id, await files.writeEntry(entry));
  });
  for (const entry of entries) fileBytes += Buffer.byteLength(JSON.stringify(encodeEntry(entry)));
  await sleep(1100);
  const scan = await files.scan(signatures);
  const snapshotBytes = await files.writeSnapshot(serializeSnapshot({ entries, files: scan.signatures, dir: scan.dir }));
  return { fileBytes, snapshotBytes, files: scan.ids.size };
}

/** A store that keeps nothing (the tree benchmark measures the view, not the disk). */
export const nullStore: IndexStore = {
  write: () => Promise.resolve(),
  remove: () => Promise.resolve(),
};
