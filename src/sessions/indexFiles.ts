/**
 * The index on disk, in a folder of the extension's global storage kept for this workspace: `sessions/<id>.json`, one small file per session (the
 * truth: one change writes one file, and windows sharing a workspace never overwrite each other's sessions), and
 * `index.json`, the snapshot of all entries for a fast start. Every write goes to a temporary file renamed into
 * place, so a reader never sees half a file and every change also changes the folder's stamp (which makes "nothing
 * changed" one `stat`). A file's signature (inode, modification time, size) tells a scan which files to read again.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeEntry, encodeEntry, type IndexEntry } from '../core/sessionIndex';

export interface ScanResult {
  /** The folder's stamp matched the known one: nothing was created, replaced or removed since. */
  unchanged: boolean;
  /** Every session that has a file. */
  ids: Set<string>;
  /** The files whose signature changed, as read (undefined: not a valid entry). */
  read: Map<string, IndexEntry | undefined>;
  /** Signatures of every file listed. */
  signatures: Map<string, string>;
  /** The folder's stamp, when it can be trusted to change with the next change (see scan()). */
  dir?: string;
}

/**
 * The folder of one workspace's index under the extension's global storage. Not the workspace storage
 * (`context.storageUri`): VS Code gives a second window on the same workspace a storage folder of its own
 * (`<id>-1`), and the windows must share the index. The extension host runs where the folder is, so its path names it.
 */
export function workspaceIndexDir(globalStorageDir: string, workspacePath: string): string {
  const key = createHash('sha256').update(workspacePath).digest('hex').slice(0, 24);
  return path.join(globalStorageDir, 'workspaces', key);
}

/** Timestamps come from a coarse clock: a change within this margin of a scan may keep the folder's stamp. */
const STAMP_MARGIN_MS = 1000;
const ENTRY_FILE = /^([^.].*)\.json$/;
/**
 * A scan stats its files synchronously, this many at a time, yielding between slices: 10,000 asynchronous stats
 * cost about four times the CPU (a promise and a thread-pool round trip each, ~300 ms), which competed with the
 * window's first paint; a slice blocks the thread for a few milliseconds.
 */
const STAT_SLICE = 250;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `fn` over `items`, at most `limit` at a time (thousands of parallel fs calls only queue up in libuv). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

export class IndexFiles {
  readonly sessionsDir: string;
  readonly snapshotFile: string;
  private tmpCounter = 0;
  private dirMade = false;

  constructor(
    storageDir: string,
    private readonly concurrency = 32,
  ) {
    this.sessionsDir = path.join(storageDir, 'sessions');
    this.snapshotFile = path.join(storageDir, 'index.json');
  }

  private entryFile(id: string): string {
    return path.join(this.sessionsDir, `${id}.json`);
  }

  /** Writes text to a temporary file and renames it into place; returns the file's signature. */
  private async writeAtomic(file: string, text: string): Promise<string> {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++this.tmpCounter}.tmp`);
    try {
      await writeFile(tmp, text);
      // Stat before the rename: the renamed file keeps it, and a later write by another window cannot be taken for ours.
      const signature = signatureOf(await stat(tmp, { bigint: true }));
      await rename(tmp, file);
      return signature;
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** Writes one session's file; returns its signature. Throws when the disk refuses. */
  async writeEntry(entry: IndexEntry): Promise<string> {
    if (!this.dirMade) {
      await mkdir(this.sessionsDir, { recursive: true });
      this.dirMade = true;
    }
    return this.writeAtomic(this.entryFile(entry.id), JSON.stringify(encodeEntry(entry)));
  }

  async removeEntries(ids: readonly string[]): Promise<void> {
    await mapLimit(ids, this.concurrency, (id) => rm(this.entryFile(id), { force: true }));
  }

  async entryExists(id: string): Promise<boolean> {
    return stat(this.entryFile(id)).then(
      () => true,
      () => false,
    );
  }

  /** The snapshot's text, or undefined when there is none. */
  async readSnapshot(): Promise<string | undefined> {
    try {
      return await readFile(this.snapshotFile, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async writeSnapshot(text: string): Promise<number> {
    await mkdir(path.dirname(this.snapshotFile), { recursive: true });
    await this.writeAtomic(this.snapshotFile, text);
    return Buffer.byteLength(text);
  }

  /**
   * Lists the session files and reads those whose signature differs from `known`. When the folder's stamp equals
   * `knownDir`, nothing is listed at all: creating, replacing (our writes rename) or deleting a file changes it.
   */
  async scan(known: ReadonlyMap<string, string>, knownDir?: string): Promise<ScanResult> {
    const result: ScanResult = { unchanged: false, ids: new Set(), read: new Map(), signatures: new Map() };
    const started = Date.now();
    let dirStat;
    try {
      dirStat = await stat(this.sessionsDir, { bigint: true });
    } catch (error) {
      if (isMissing(error)) return result;
      throw error;
    }
    const stamp = `${dirStat.ino.toString(36)}.${dirStat.mtimeNs.toString(36)}`;
    if (knownDir !== undefined && stamp === knownDir) return { ...result, unchanged: true, dir: stamp };
    if (Number(dirStat.mtimeMs) < started - STAMP_MARGIN_MS) result.dir = stamp;
    const ids: string[] = [];
    for (const name of await readdir(this.sessionsDir)) {
      const match = ENTRY_FILE.exec(name);
      if (match) ids.push(match[1]);
    }
    const changed: string[] = [];
    for (let i = 0; i < ids.length; i += STAT_SLICE) {
      if (i) await nextTurn();
      for (const id of ids.slice(i, i + STAT_SLICE)) {
        let signature: string;
        try {
          signature = signatureOf(statSync(this.entryFile(id), { bigint: true }));
        } catch {
          continue; // deleted since the listing
        }
        result.ids.add(id);
        result.signatures.set(id, signature);
        if (known.get(id) !== signature) changed.push(id);
      }
    }
    // A file replaced between its stat and its read keeps the older signature: the next scan reads it again.
    await mapLimit(changed, this.concurrency, async (id) => {
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(this.entryFile(id), 'utf8'));
      } catch (error) {
        if (isMissing(error)) {
          result.ids.delete(id);
          result.signatures.delete(id);
          return;
        }
        raw = undefined;
      }
      result.read.set(id, decodeEntry(id, raw));
    });
    return result;
  }
}

function signatureOf(st: { ino: bigint; mtimeNs: bigint; size: bigint }): string {
  return `${st.ino.toString(36)}.${st.mtimeNs.toString(36)}.${st.size.toString(36)}`;
}
