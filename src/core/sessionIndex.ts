/**
 * The workspace's index of sessions: what the Sessions view needs and nothing more (the history lives in the
 * runtime's session store). Each session is its own key in the store, so one change writes one small entry, and two
 * windows writing different sessions never overwrite each other. No `vscode` import: the store is any key-value
 * store shaped like `vscode.Memento`.
 */
import { Emitter } from './emitter';
import { isValidSessionId } from './sessionId';

export const INDEX_SCHEMA_VERSION = 1;
export const SCHEMA_KEY = 'copilotSessions.index.schema';
export const ENTRY_KEY_PREFIX = 'copilotSessions.s/';
export const MAX_TITLE_LENGTH = 64;

export interface IndexEntry {
  id: string;
  model: string;
  /** Epoch milliseconds. */
  created: number;
  lastActive: number;
  title?: string;
  pinned?: boolean;
  /** Created but never sent a message: the runtime has not written it to its store yet. */
  empty?: boolean;
}

/** As stored: short keys keep each entry well under 200 bytes. */
interface StoredEntry {
  m: string;
  c: number;
  a: number;
  t?: string;
  p?: 1;
  e?: 1;
}

export interface KeyValueStore {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export type IndexChange = { kind: 'upsert'; entries: IndexEntry[] } | { kind: 'remove'; ids: string[] } | { kind: 'reload' };

const isFiniteTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

export function clampTitle(title: string): string {
  const oneLine = title.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_TITLE_LENGTH ? `${oneLine.slice(0, MAX_TITLE_LENGTH - 1)}…` : oneLine;
}

export function decodeEntry(id: string, raw: unknown): IndexEntry | undefined {
  if (!isValidSessionId(id) || typeof raw !== 'object' || raw === null) return undefined;
  const stored = raw as Partial<StoredEntry>;
  if (typeof stored.m !== 'string' || stored.m.length === 0 || stored.m.length > 200) return undefined;
  if (!isFiniteTime(stored.c) || !isFiniteTime(stored.a)) return undefined;
  const entry: IndexEntry = { id, model: stored.m, created: stored.c, lastActive: stored.a };
  if (typeof stored.t === 'string' && stored.t.trim()) entry.title = clampTitle(stored.t);
  if (stored.p === 1) entry.pinned = true;
  if (stored.e === 1) entry.empty = true;
  return entry;
}

export function encodeEntry(entry: IndexEntry): StoredEntry {
  const stored: StoredEntry = { m: entry.model, c: entry.created, a: entry.lastActive };
  if (entry.title) stored.t = clampTitle(entry.title);
  if (entry.pinned) stored.p = 1;
  if (entry.empty) stored.e = 1;
  return stored;
}

/** Pinned first, then most recently active first; ties by id so the order is stable. */
export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  if (!!a.pinned !== !!b.pinned) return a.pinned ? -1 : 1;
  return b.lastActive - a.lastActive || a.id.localeCompare(b.id);
}

export function displayTitle(entry: Pick<IndexEntry, 'id' | 'title'>): string {
  return entry.title?.trim() || entry.id;
}

export class SessionIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private sorted: IndexEntry[] | undefined;
  private readonly changes = new Emitter<IndexChange>();
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly store: KeyValueStore,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Reads every entry; invalid ones are dropped (and deleted) with a warning, never thrown. */
  load(): void {
    this.entries.clear();
    this.sorted = undefined;
    const schema = this.store.get<unknown>(SCHEMA_KEY);
    if (schema === undefined) {
      void this.store.update(SCHEMA_KEY, INDEX_SCHEMA_VERSION);
    } else if (typeof schema !== 'number' || schema > INDEX_SCHEMA_VERSION) {
      this.warn(`Session index schema ${JSON.stringify(schema)} is not ${INDEX_SCHEMA_VERSION}; reading the entries that are still valid.`);
    }
    const newerSchema = typeof schema === 'number' && schema > INDEX_SCHEMA_VERSION;
    for (const key of this.store.keys()) {
      if (!key.startsWith(ENTRY_KEY_PREFIX)) continue;
      const id = key.slice(ENTRY_KEY_PREFIX.length);
      let raw: unknown;
      try {
        raw = this.store.get<unknown>(key);
      } catch {
        raw = undefined;
      }
      const entry = decodeEntry(id, raw);
      if (entry) {
        this.entries.set(id, entry);
      } else {
        this.warn(`Dropped an invalid session index entry (${JSON.stringify(key).slice(0, 160)}).`);
        // A newer version of the extension may understand it: only clean up entries of our own schema.
        if (!newerSchema) void this.store.update(key, undefined);
      }
    }
    this.changes.fire({ kind: 'reload' });
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): IndexEntry | undefined {
    return this.entries.get(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Entries in display order. The sorted array is cached until the next change. */
  list(): readonly IndexEntry[] {
    this.sorted ??= [...this.entries.values()].sort(compareEntries);
    return this.sorted;
  }

  async upsert(entry: IndexEntry): Promise<void> {
    const clean: IndexEntry = { ...entry, title: entry.title ? clampTitle(entry.title) : undefined };
    if (!clean.title) delete clean.title;
    if (!clean.pinned) delete clean.pinned;
    if (!clean.empty) delete clean.empty;
    this.entries.set(entry.id, clean);
    this.sorted = undefined;
    this.changes.fire({ kind: 'upsert', entries: [clean] });
    await this.store.update(ENTRY_KEY_PREFIX + entry.id, encodeEntry(clean));
  }

  /** Applies a change to an existing entry; does nothing for unknown ids. */
  async patch(id: string, change: Partial<Omit<IndexEntry, 'id'>>): Promise<IndexEntry | undefined> {
    const current = this.entries.get(id);
    if (!current) return undefined;
    const next = { ...current, ...change };
    await this.upsert(next);
    return next;
  }

  async remove(ids: readonly string[]): Promise<void> {
    const present = ids.filter((id) => this.entries.delete(id));
    if (present.length === 0) return;
    this.sorted = undefined;
    this.changes.fire({ kind: 'remove', ids: present });
    await Promise.all(present.map((id) => this.store.update(ENTRY_KEY_PREFIX + id, undefined)));
  }

  olderThan(cutoff: number): IndexEntry[] {
    return this.list().filter((entry) => entry.lastActive < cutoff && !entry.pinned);
  }
}
