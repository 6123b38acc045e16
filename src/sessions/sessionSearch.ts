/**
 * Keeps the search index of this workspace's sessions: fed by live sessions as they run, completed by reading a
 * session's events file from the store once (no resume), saved in the extension's workspace storage.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HistoryFolder } from '../core/history';
import { SearchIndex, type SearchHit } from '../core/searchIndex';
import { displayTitle, type SessionIndex } from '../core/sessionIndex';
import type { SessionRegistry } from './sessionRegistry';
import { readStoredEvents } from './sessionStore';
import type { Logger } from '../client/sharedClient';

const SAVE_DELAY_MS = 2000;

export class SessionSearch {
  private index = new SearchIndex();
  private loaded: Promise<void> | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly file: string | undefined;
  /** Sessions that changed since their document was read. */
  private readonly pending = new Set<string>();

  constructor(
    storageDir: string | undefined,
    private readonly sessions: SessionIndex,
    registry: SessionRegistry,
    private readonly log: Logger,
  ) {
    this.file = storageDir ? path.join(storageDir, 'search-index.json') : undefined;
    // The store is the source of truth: a session that changed is read again at the next search.
    registry.onDidUpdateSession(({ id, update }) => {
      const finishedMessage =
        update.kind === 'items' && update.items.some((i) => i.kind === 'user' || (i.kind === 'assistant' && !i.streaming));
      if (finishedMessage || update.kind === 'reset') this.pending.add(id);
    });
    sessions.onDidChange((change) => {
      if (change.kind === 'remove') for (const id of change.ids) this.index.remove(id);
    });
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      if (this.file && existsSync(this.file)) this.index = SearchIndex.deserialize(await readFile(this.file, 'utf8'));
    })();
    return this.loaded;
  }

  /** Reads the sessions the index has no document for (or stale ones) from the store. */
  private async complete(): Promise<void> {
    const missing = this.sessions
      .list()
      .map((e) => e.id)
      .filter((id) => !this.index.has(id) || this.pending.has(id));
    for (const id of missing) {
      this.pending.delete(id);
      try {
        this.index.setHistory(id, HistoryFolder.fold(await readStoredEvents(id)).history);
      } catch {
        this.index.setHistory(id, []);
      }
    }
    if (missing.length) {
      this.log.info(`Search index: read ${missing.length} session(s) from the store.`);
      this.scheduleSave();
    }
  }

  async search(query: string): Promise<SearchHit[]> {
    await this.load();
    await this.complete();
    const titles = new Map(this.sessions.list().map((e) => [e.id, displayTitle(e)] as const));
    return this.index.search(query, titles);
  }

  private scheduleSave(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  private async save(): Promise<void> {
    if (!this.file) return;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(this.file, this.index.serialize());
    } catch (error) {
      this.log.warn(`Could not save the search index: ${String(error)}`);
    }
  }

  async dispose(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      await this.save();
    }
  }
}
