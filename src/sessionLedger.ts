/**
 * A durable record of this workspace's sessions, one small file per session in the extension's workspace storage.
 * Several windows on one workspace each keep their own copy of workspaceState and can overwrite each other's
 * list; files per session cannot. The index is reconciled with this ledger, so no window loses another's sessions,
 * and a session one window deleted disappears from the others.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeEntry, encodeEntry, type IndexEntry, type SessionIndex } from './core/sessionIndex';
import type { Logger } from './sharedClient';

export class SessionLedger {
  constructor(
    private readonly dir: string | undefined,
    private readonly log: Logger,
  ) {}

  private file(id: string): string {
    return path.join(this.dir ?? '', `${id}.json`);
  }

  async record(entry: IndexEntry): Promise<void> {
    if (!this.dir) return;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(this.file(entry.id), JSON.stringify(encodeEntry(entry)));
    } catch (error) {
      this.log.warn(`Could not record session ${entry.id} in the ledger: ${String(error)}`);
    }
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (!this.dir) return;
    await Promise.all(ids.map((id) => rm(this.file(id), { force: true }).catch(() => undefined)));
  }

  async readAll(): Promise<IndexEntry[] | undefined> {
    if (!this.dir) return undefined;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const entries: IndexEntry[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      try {
        const entry = decodeEntry(name.slice(0, -5), JSON.parse(await readFile(path.join(this.dir, name), 'utf8')));
        if (entry) entries.push(entry);
      } catch {
        // A file being written by another window right now is read at the next reconciliation.
      }
    }
    return entries;
  }

  /** Keeps the ledger in step with the index's changes. */
  follow(index: SessionIndex): { dispose(): void } {
    return index.onDidChange((change) => {
      if (change.kind === 'upsert') for (const entry of change.entries) void this.record(entry);
      if (change.kind === 'remove') void this.remove(change.ids);
    });
  }

  /**
   * Adds what other windows created and this window's list lacks; drops what other windows deleted (gone from the
   * ledger and from the store). Entries from before the ledger existed are recorded, not dropped.
   */
  async reconcile(index: SessionIndex, storeHas: (id: string) => Promise<boolean>): Promise<{ added: string[]; dropped: string[] }> {
    const ledger = await this.readAll();
    if (!ledger) return { added: [], dropped: [] };
    const inLedger = new Set(ledger.map((e) => e.id));
    const added: string[] = [];
    for (const entry of ledger) {
      const current = index.get(entry.id);
      if (!current) {
        await index.upsert(entry);
        added.push(entry.id);
      } else if (entry.lastActive > current.lastActive || (entry.title && !current.title)) {
        await index.patch(entry.id, { lastActive: Math.max(entry.lastActive, current.lastActive), title: current.title ?? entry.title });
      }
    }
    const dropped: string[] = [];
    for (const entry of [...index.list()]) {
      if (inLedger.has(entry.id)) continue;
      if (await storeHas(entry.id)) await this.record(entry);
      else if (!entry.empty) dropped.push(entry.id);
      else await this.record(entry);
    }
    if (dropped.length) await index.remove(dropped);
    if (added.length || dropped.length)
      this.log.info(`Ledger: ${added.length} session(s) added from other windows, ${dropped.length} deleted elsewhere.`);
    return { added, dropped };
  }
}
