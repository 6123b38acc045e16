/**
 * Keeps the search index of this workspace's sessions: fed by live sessions as they run, completed by reading a
 * session's events file from the store once (no resume), saved one session per file in the extension's workspace
 * storage (src/sessions/searchStore.ts). Loading and building hand the thread back between slices.
 */
import type { SessionEvent } from '@github/copilot-sdk';
import { HistoryFolder } from '../core/history';
import { SearchIndex, type SearchHit } from '../core/searchIndex';
import { displayTitle, type SessionIndex } from '../core/sessionIndex';
import { TimeSlicer } from '../core/timeSlicer';
import type { LiveSessionUpdate } from './liveSession';
import { mapLimit } from './indexFiles';
import { SearchStore } from './searchStore';
import { readStoredEvents } from './sessionStore';
import type { Logger } from '../client/sharedClient';
import type { Event } from '../core/emitter';

const SAVE_DELAY_MS = 2000;
/**
 * Sessions read from the store at once. Their files are read off the thread, but each is parsed as its read
 * completes, and reads that complete together are parsed back to back before the event loop turns: few at once.
 */
const READ_CONCURRENCY = 2;

export interface SearchSources {
  /** The index of this workspace's sessions (the titles, which sessions there are, removals). */
  sessions: Pick<SessionIndex, 'list' | 'onDidChange' | 'has' | 'loaded'>;
  /** Every update of every live session. */
  onDidUpdateSession: Event<{ id: string; update: LiveSessionUpdate }>;
  /** A session's stored events (the store's events.jsonl); the bench reads its own folder. */
  readEvents?: (sessionId: string) => Promise<SessionEvent[]>;
}

export class SessionSearch {
  private readonly index = new SearchIndex();
  private loaded: Promise<void> | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly store: SearchStore | undefined;
  private readonly sessions: SearchSources['sessions'];
  private readonly readEvents: (sessionId: string) => Promise<SessionEvent[]>;
  /** Sessions that changed since their document was read. */
  private readonly pending = new Set<string>();
  /** Sessions whose document changed since it was saved. */
  private readonly unsaved = new Set<string>();
  /** Disk changes, one after the other (a removal never overtaken by an older write of the same file). */
  private disk: Promise<void> = Promise.resolve();

  constructor(
    storageDir: string | undefined,
    sources: SearchSources,
    private readonly log: Logger,
  ) {
    this.sessions = sources.sessions;
    this.readEvents = sources.readEvents ?? readStoredEvents;
    this.store = storageDir ? new SearchStore(storageDir, log) : undefined;
    // The store is the source of truth: a session that changed is read again at the next search.
    sources.onDidUpdateSession(({ id, update }) => {
      const finishedMessage =
        update.kind === 'items' && update.items.some((i) => i.kind === 'user' || (i.kind === 'assistant' && !i.streaming));
      if (finishedMessage || update.kind === 'reset') this.pending.add(id);
    });
    // Removed for good (not moved to Recently deleted): its document goes too.
    this.sessions.onDidChange((change) => {
      if (change.kind !== 'remove') return;
      for (const id of change.ids) {
        this.index.remove(id);
        this.unsaved.delete(id);
        this.pending.delete(id);
      }
      void this.onDisk(() => this.store?.remove(change.ids), 'delete the search documents of removed sessions');
    });
  }

  private onDisk(change: () => Promise<unknown> | undefined, what: string): Promise<void> {
    this.disk = this.disk.then(async () => {
      try {
        await change();
      } catch (error) {
        this.log.warn(`Could not ${what}: ${String(error)}`);
      }
    });
    return this.disk;
  }

  /** Loads the saved documents once; a search that comes before the end waits for it. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const store = this.store;
      if (!store) return;
      if (await store.removeLegacy())
        this.log.info('Search index: deleted the one-file index of an earlier version (rebuilt per session).');
      const orphans: string[] = [];
      try {
        const report = await store.load((doc) => {
          // Only while the list is known can a document be told to belong to no session.
          if (this.sessions.loaded && !this.sessions.has(doc.sessionId)) orphans.push(doc.sessionId);
          // A session read from the store since (a search during the load) is newer than its file.
          else if (!this.index.has(doc.sessionId)) this.index.setDocument(doc);
        });
        this.log.info(`Search index: loaded ${report.loaded} session document(s) (${report.bytes} bytes), ${report.damaged} damaged.`);
      } catch (error) {
        this.log.warn(`Could not load the search index (it is rebuilt from the session store): ${String(error)}`);
      }
      if (orphans.length) void this.onDisk(() => store.remove(orphans), 'delete the search documents of removed sessions');
    })();
    return this.loaded;
  }

  /** Reads the sessions the index has no document for (or stale ones) from the store. */
  private async complete(): Promise<void> {
    const missing = this.sessions
      .list()
      .map((e) => e.id)
      .filter((id) => !this.index.has(id) || this.pending.has(id));
    if (missing.length === 0) return;
    const slicer = new TimeSlicer();
    await mapLimit(missing, READ_CONCURRENCY, async (id) => {
      this.pending.delete(id);
      let events: SessionEvent[] = [];
      try {
        events = await this.readEvents(id);
      } catch {
        // Not in the store (yet): an empty document, read again when it changes.
      }
      await slicer.pause();
      this.index.setHistory(id, HistoryFolder.fold(events).history);
      this.unsaved.add(id);
    });
    this.log.info(`Search index: read ${missing.length} session(s) from the store.`);
    this.scheduleSave();
  }

  async search(query: string): Promise<SearchHit[]> {
    await this.load();
    await this.complete();
    const titles = new Map(this.sessions.list().map((e) => [e.id, displayTitle(e)] as const));
    return this.index.search(query, titles);
  }

  private scheduleSave(): void {
    if (!this.store || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  /** Writes the documents that changed, each to its own file. */
  private save(): Promise<void> {
    const store = this.store;
    if (!store) return Promise.resolve();
    return this.onDisk(async () => {
      const ids = [...this.unsaved];
      this.unsaved.clear();
      const slicer = new TimeSlicer();
      const failed: string[] = [];
      await mapLimit(ids, 4, async (id) => {
        await slicer.pause();
        const doc = this.index.document(id);
        if (!doc) return;
        try {
          await store.write(doc);
        } catch (error) {
          failed.push(id);
          if (failed.length === 1) this.log.warn(`Could not save the search index: ${String(error)}`);
        }
      });
      // Tried again with the next change; until then the file on disk is the older document (or none).
      for (const id of failed) this.unsaved.add(id);
    }, 'save the search index');
  }

  async dispose(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      await this.save();
    }
    await this.disk;
  }
}
