/**
 * Keeps the in-memory index and its files (src/indexFiles.ts) in step: loads the snapshot and shows it, then
 * catches up with the per-session files in the background; writes this window's changes through, one file each;
 * writes the snapshot rarely (after a quiet period and when the window closes); moves an index still kept in
 * workspaceState into files once; and reconciles with what other windows on the same workspace changed.
 */
import { parseSnapshot, serializeSnapshot, type Snapshot } from '../core/indexSnapshot';
import { clearKeys, hasMementoIndex, readMementoIndex, type KeyValueStore, type MementoRead } from '../core/mementoIndex';
import { INDEX_SCHEMA_VERSION, sameEntry, type IndexEntry, type IndexStore, type SessionIndex } from '../core/sessionIndex';
import { mapLimit, type IndexFiles, type ScanResult } from './indexFiles';

export interface IndexLog {
  info(message: string): void;
  warn(message: string): void;
}

/** The ids (of those asked) that the runtime's session store still has. */
export type StoreHas = (ids: string[]) => Promise<Set<string>>;

export interface SyncResult {
  added: string[];
  changed: string[];
  dropped: string[];
}

/** The snapshot is a cache: rewriting 1-2 MB per change is what this module exists to avoid. */
export const SNAPSHOT_QUIET_MS = 30_000;
/**
 * The first check of the files waits this long after the list is shown: with 10,000 sessions and a stale folder
 * stamp it stats every file (a few hundred ms of the host's time), which would compete with the view's first rows.
 */
export const CATCH_UP_DELAY_MS = 1500;
const MIGRATION_CONCURRENCY = 16;
/** Waits before each retry of a failed index write. */
const WRITE_RETRIES_MS = [50, 250];

export class IndexSync implements IndexStore {
  private index: SessionIndex | undefined;
  /** Per session: the signature of its file as last read or written by this window. */
  private signatures = new Map<string, string>();
  /** The sessions folder's stamp when `signatures` covered every file in it. */
  private dirStamp: string | undefined;
  /** Counts this window's writes; `touched` keeps, per id, the count at its last write (start and end). */
  private generation = 0;
  private readonly touched = new Map<string, number>();
  private readonly inflight = new Set<Promise<unknown>>();
  /** Ids with a write or removal in flight. */
  private readonly pending = new Map<string, number>();
  private snapshotTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  /** Written by a newer version: read as far as possible, never overwritten or cleaned up. */
  private frozen = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Settles when the work started by load() (migration, catching up with the files) is done. */
  background: Promise<void> = Promise.resolve();
  /** For the benchmark and tests: the snapshot writes so far and the last one's size. */
  readonly snapshotStats = { writes: 0, bytes: 0 };

  constructor(
    private readonly files: IndexFiles,
    private readonly legacy: KeyValueStore | undefined,
    private readonly log: IndexLog,
    private readonly quietMs = SNAPSHOT_QUIET_MS,
    /** See CATCH_UP_DELAY_MS; every reconcile asked meanwhile waits for it too. */
    private readonly catchUpDelayMs = 0,
  ) {}

  /** Writes one entry's file, trying again briefly; rejects when it could not (the index then shows no change). */
  async write(entry: IndexEntry): Promise<void> {
    await this.track(entry.id, async () => {
      try {
        this.signatures.set(entry.id, await this.retrying(() => this.files.writeEntry(entry)));
      } catch (error) {
        this.signatures.delete(entry.id);
        this.log.warn(`Could not write session ${entry.id} to the index files: ${String(error)}`);
        throw error;
      }
    });
  }

  async remove(ids: readonly string[]): Promise<void> {
    await this.track(ids, async () => {
      try {
        await this.retrying(() => this.files.removeEntries(ids));
      } catch (error) {
        this.log.warn(`Could not remove index files: ${String(error)}`);
        throw error;
      }
      for (const id of ids) this.signatures.delete(id);
    });
  }

  /** A busy disk or an antivirus holding a file often lets go within a moment: try a few times before giving up. */
  private async retrying<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (attempt >= WRITE_RETRIES_MS.length) throw error;
        await new Promise((resolve) => setTimeout(resolve, WRITE_RETRIES_MS[attempt]));
      }
    }
  }

  /** Marks the ids as written before and after `fn`, so that a scan running meanwhile does not undo the change. */
  private async track(ids: string | readonly string[], fn: () => Promise<void>): Promise<void> {
    const list = typeof ids === 'string' ? [ids] : ids;
    for (const id of list) {
      this.touched.set(id, ++this.generation);
      this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    }
    const running = fn();
    this.inflight.add(running);
    try {
      await running;
    } finally {
      this.inflight.delete(running);
      for (const id of list) {
        this.touched.set(id, ++this.generation);
        const left = (this.pending.get(id) ?? 1) - 1;
        if (left) this.pending.set(id, left);
        else this.pending.delete(id);
      }
      this.markDirty();
    }
  }

  private markDirty(): void {
    if (this.frozen) return;
    this.dirty = true;
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => void this.saveSnapshot(true), this.quietMs);
    this.snapshotTimer.unref?.();
  }

  /** `catchUp`: check the files first, so that the snapshot carries a folder stamp the next start can trust. */
  private async saveSnapshot(catchUp = false): Promise<void> {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    const index = this.index;
    if (!this.dirty || this.frozen || !index?.loaded) return;
    // This window's own writes moved the stamp: without a check, the next start would stat every file.
    if (catchUp) await this.reconcile().catch(() => undefined);
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    this.dirty = false;
    const entries = [...index.all()];
    const files = new Map<string, string>();
    for (const entry of entries) {
      const signature = this.signatures.get(entry.id);
      if (signature) files.set(entry.id, signature);
    }
    try {
      this.snapshotStats.bytes = await this.files.writeSnapshot(serializeSnapshot({ entries, files, dir: this.dirStamp }));
      this.snapshotStats.writes++;
    } catch (error) {
      this.log.warn(`Could not write the session index snapshot: ${String(error)}`);
    }
  }

  /** Waits for this window's writes, then writes the snapshot if anything changed since the last one. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
    await this.saveSnapshot();
  }

  dispose(): void {
    clearTimeout(this.snapshotTimer);
  }

  /**
   * Shows the snapshot (or, without one, the files read now), plus any entries still in workspaceState; then, in
   * the background, moves those into files and catches up with changes other windows made since the snapshot.
   */
  async load(index: SessionIndex): Promise<void> {
    this.index = index;
    const started = Date.now();
    const warn = (message: string) => this.log.warn(message);
    let legacy: MementoRead | undefined;
    let snapshot: Snapshot | undefined;
    let entries: IndexEntry[] = [];
    try {
      legacy = this.legacy && hasMementoIndex(this.legacy) ? readMementoIndex(this.legacy, warn) : undefined;
      try {
        const text = await this.files.readSnapshot();
        if (text !== undefined) snapshot = parseSnapshot(text, warn);
      } catch (error) {
        warn(`Could not read the session index snapshot: ${String(error)}`);
      }
      if (snapshot) {
        this.frozen = snapshot.schema > INDEX_SCHEMA_VERSION;
        entries = snapshot.entries;
        this.signatures = snapshot.files;
        this.dirStamp = snapshot.dir;
      } else {
        // Nothing to show before the files are read: read them now, so that the list is never shown empty by mistake.
        entries = this.accept(await this.files.scan(new Map()));
      }
    } catch (error) {
      warn(`Could not read the session index files: ${String(error)}`);
    }
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    // Files win over workspaceState: they are what every window kept up to date.
    const migrating = legacy?.entries.filter((entry) => !byId.has(entry.id)) ?? [];
    for (const entry of migrating) byId.set(entry.id, entry);
    index.reset(byId.values());
    if (this.catchUpDelayMs > 0) {
      const held = new Promise((resolve) => setTimeout(resolve, this.catchUpDelayMs).unref?.());
      this.queue = this.queue.then(() => held);
    }
    this.log.info(
      `Loaded ${index.size} session(s) from ${snapshot ? 'the index snapshot' : 'the index files'}${migrating.length ? ` and workspaceState` : ''} in ${Date.now() - started} ms.`,
    );
    this.background = this.afterLoad(legacy, migrating, snapshot !== undefined).catch((error: unknown) =>
      warn(`Session index: ${String(error)}`),
    );
  }

  private async afterLoad(legacy: MementoRead | undefined, migrating: IndexEntry[], fromSnapshot: boolean): Promise<void> {
    if (legacy) await this.migrate(legacy, migrating);
    if (fromSnapshot) await this.reconcile();
    else this.markDirty();
  }

  /** Writes the entries that were only in workspaceState to files, then clears them there in one pass. */
  private async migrate(legacy: MementoRead, migrating: IndexEntry[]): Promise<void> {
    let failed = 0;
    await mapLimit(migrating, MIGRATION_CONCURRENCY, async (entry) => {
      // Another window may have written it meanwhile: its file is newer than workspaceState.
      if (await this.files.entryExists(entry.id)) return;
      try {
        this.signatures.set(entry.id, await this.files.writeEntry(entry));
      } catch (error) {
        failed++;
        this.log.warn(`Could not move session ${entry.id} to the index files: ${String(error)}`);
      }
    });
    this.markDirty();
    if (failed) return; // kept in workspaceState: the next start tries again
    if (legacy.newerSchema) return; // a newer version may understand what we could not read
    if (!this.legacy) return;
    await clearKeys(this.legacy, legacy.keys);
    this.log.info(`Moved the session index from workspaceState to files (${migrating.length} session(s) written).`);
  }

  /** The valid entries of a full scan; invalid files are reported (and removed, unless a newer version wrote them). */
  private accept(scan: ScanResult): IndexEntry[] {
    const entries: IndexEntry[] = [];
    for (const [id, entry] of scan.read) {
      if (entry) entries.push(entry);
      else this.dropInvalidFile(id);
    }
    for (const [id, signature] of scan.signatures) if (scan.read.get(id)) this.signatures.set(id, signature);
    this.dirStamp = scan.dir;
    return entries;
  }

  private dropInvalidFile(id: string): void {
    this.log.warn(`Dropped an invalid session index file (${JSON.stringify(`sessions/${id}.json`).slice(0, 160)}).`);
    this.signatures.delete(id);
    if (!this.frozen) void this.files.removeEntries([id]).catch(() => undefined);
  }

  /**
   * Catches up with the files: adds sessions other windows created, takes over their changes, and, when the store
   * can be asked (`storeHas`), drops sessions whose file is gone and that the store no longer has (deleted in
   * another window). A session the store still has gets its file back. Cheap when nothing changed: one `stat`.
   */
  reconcile(storeHas?: StoreHas): Promise<SyncResult> {
    const run = this.queue.then(() => this.reconcileOnce(storeHas));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reconcileOnce(storeHas: StoreHas | undefined): Promise<SyncResult> {
    const result: SyncResult = { added: [], changed: [], dropped: [] };
    const index = this.index;
    if (!index?.loaded) return result;
    const startedAt = this.generation;
    const scan = await this.files.scan(this.signatures, this.dirStamp);
    if (scan.unchanged) return result;
    // Written by this window since the scan began (or still being written): the file may be older than the index.
    const busy = (id: string) => (this.touched.get(id) ?? -1) > startedAt || this.pending.has(id);
    const upserts: IndexEntry[] = [];
    let skipped = false;
    for (const [id, entry] of scan.read) {
      if (busy(id)) {
        skipped = true;
        continue;
      }
      if (!entry) {
        const current = index.get(id);
        // A damaged file of a session this window knows: restore it from the index.
        if (current) void this.write(current).catch(() => undefined);
        else this.dropInvalidFile(id);
        continue;
      }
      const current = index.get(id);
      if (!current) {
        upserts.push(entry);
        result.added.push(id);
      } else if (!sameEntry(current, entry)) {
        upserts.push(entry);
        result.changed.push(id);
      }
      this.signatures.set(id, scan.signatures.get(id)!);
    }
    for (const [id, signature] of scan.signatures) if (!scan.read.has(id) && !busy(id)) this.signatures.set(id, signature);
    const withoutFile = [...index.all()].filter((entry) => !scan.ids.has(entry.id) && !busy(entry.id)).map((entry) => entry.id);
    for (const id of withoutFile) this.signatures.delete(id);
    const removes: string[] = [];
    if (storeHas && withoutFile.length) {
      const inStore = await storeHas(withoutFile);
      for (const id of withoutFile) {
        const entry = index.get(id);
        if (!entry || busy(id)) continue;
        // The store still has it: its file was lost, not deleted. A session never sent a message is not in the
        // store, so its missing file is the only sign that another window deleted it: it is dropped too (there is
        // no history to lose), never written back.
        if (inStore.has(id)) void this.write(entry).catch(() => undefined);
        else removes.push(id);
      }
    }
    this.dirStamp = skipped || withoutFile.length ? undefined : scan.dir;
    index.applyExternal(upserts, removes);
    result.dropped = removes;
    if (scan.read.size || removes.length) this.markDirty();
    if (upserts.length || removes.length)
      this.log.info(
        `Index: ${result.added.length} session(s) added and ${result.changed.length} changed in other windows, ${removes.length} deleted elsewhere.`,
      );
    return result;
  }
}
