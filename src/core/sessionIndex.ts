/**
 * The workspace's index of sessions: what the Sessions view needs and nothing more (the history lives in the
 * runtime's session store). This is the in-memory list and the stored form of one entry; where entries are kept is
 * the `IndexStore`'s business (files in workspace storage, or workspaceState without a folder). It loads
 * asynchronously: readers wait for `whenLoaded` so that nobody takes "not loaded yet" for "no sessions".
 * No `vscode` import.
 */
import { Emitter } from './emitter';
import { isValidSessionId } from './sessionId';

export const INDEX_SCHEMA_VERSION = 1;
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
  /** The user chose the title: the runtime's own title never replaces it. */
  named?: boolean;
  /** In Recently deleted since then (epoch ms): hidden from the list, its history kept until it is purged. */
  deletedAt?: number;
  /** The comparison (Compare Models) this session was made by: the view keeps its sessions together. */
  comparison?: string;
  /** Put away: out of the main list into Archived, still searchable, left alone by cleanup unless asked. */
  archived?: boolean;
  /** The session this one was forked from. */
  forkedFrom?: string;
}

/** As stored: short keys keep each entry well under 200 bytes. */
export interface StoredEntry {
  m: string;
  c: number;
  a: number;
  t?: string;
  p?: 1;
  e?: 1;
  n?: 1;
  d?: number;
  k?: string;
  r?: 1;
  f?: string;
}

/** Where this window's own changes go. Changes found elsewhere (other windows) come in through `applyExternal`. */
export interface IndexStore {
  // Both reject when the change could not be stored: the index then keeps what it had, so the list never shows
  // what is not stored.
  write(entry: IndexEntry): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
}

export type IndexChange = { kind: 'upsert'; entries: IndexEntry[] } | { kind: 'remove'; ids: string[] } | { kind: 'reload' };

const isFiniteTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Whitespace that clampTitle changes: any but single spaces between words. */
const UNCLEAN_WHITESPACE = /[^\S ]| {2}|^ | $/;

export function clampTitle(title: string): string {
  // Titles are clamped before they are stored: reading 10,000 of them back makes no new strings.
  if (title.length <= MAX_TITLE_LENGTH && !UNCLEAN_WHITESPACE.test(title)) return title;
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
  if (stored.n === 1 && entry.title) entry.named = true;
  if (isFiniteTime(stored.d)) entry.deletedAt = stored.d;
  if (isValidSessionId(stored.k)) entry.comparison = stored.k;
  if (stored.r === 1) entry.archived = true;
  if (isValidSessionId(stored.f)) entry.forkedFrom = stored.f;
  return entry;
}

export function encodeEntry(entry: IndexEntry): StoredEntry {
  const stored: StoredEntry = { m: entry.model, c: entry.created, a: entry.lastActive };
  if (entry.title) stored.t = clampTitle(entry.title);
  if (entry.pinned) stored.p = 1;
  if (entry.empty) stored.e = 1;
  if (entry.named && entry.title) stored.n = 1;
  if (entry.deletedAt !== undefined) stored.d = entry.deletedAt;
  if (entry.comparison) stored.k = entry.comparison;
  if (entry.archived) stored.r = 1;
  if (entry.forkedFrom) stored.f = entry.forkedFrom;
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

/** Thrown when a change could not be stored; the index is as it was before the change. */
export class IndexWriteError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'IndexWriteError';
  }
}

export class SessionIndex {
  private readonly entries = new Map<string, IndexEntry>();
  /** The listed entries (not in Recently deleted), in display order; cached until the next change. */
  private sorted: IndexEntry[] | undefined;
  private deletedSorted: IndexEntry[] | undefined;
  private readonly changes = new Emitter<IndexChange>();
  readonly onDidChange = this.changes.event;
  private markLoaded!: () => void;
  private isLoaded = false;
  /** Settles once the stored entries are in (never rejects: a failed load leaves what could be read). */
  readonly whenLoaded: Promise<void>;

  constructor(private readonly store: IndexStore) {
    this.whenLoaded = new Promise((resolve) => (this.markLoaded = resolve));
  }

  get loaded(): boolean {
    return this.isLoaded;
  }

  /** Replaces every entry with what the store read and settles `whenLoaded`. */
  reset(entries: Iterable<IndexEntry>): void {
    this.entries.clear();
    for (const entry of entries) this.entries.set(entry.id, entry);
    this.invalidate();
    this.isLoaded = true;
    this.markLoaded();
    this.changes.fire({ kind: 'reload' });
  }

  /** Changes another window made: applied and announced, not written back. */
  applyExternal(upserts: readonly IndexEntry[], removes: readonly string[]): void {
    for (const entry of upserts) this.entries.set(entry.id, entry);
    const removed = removes.filter((id) => this.entries.delete(id));
    if (upserts.length === 0 && removed.length === 0) return;
    this.invalidate();
    if (upserts.length) this.changes.fire({ kind: 'upsert', entries: [...upserts] });
    if (removed.length) this.changes.fire({ kind: 'remove', ids: removed });
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): IndexEntry | undefined {
    return this.entries.get(id);
  }

  /** Any entry with this id, listed or in Recently deleted (the id is taken either way). */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** In the list the user works with: known and not in Recently deleted. */
  isListed(id: string): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && entry.deletedAt === undefined;
  }

  /** Every entry, listed or deleted, in no particular order (for storing and reconciling). */
  all(): IterableIterator<IndexEntry> {
    return this.entries.values();
  }

  /** The listed entries in display order. The sorted array is cached until the next change. */
  list(): readonly IndexEntry[] {
    this.sorted ??= [...this.entries.values()].filter((e) => e.deletedAt === undefined).sort(compareEntries);
    return this.sorted;
  }

  /** Recently deleted, most recently deleted first. */
  deleted(): readonly IndexEntry[] {
    this.deletedSorted ??= [...this.entries.values()]
      .filter((e) => e.deletedAt !== undefined)
      .sort((a, b) => b.deletedAt! - a.deletedAt! || a.id.localeCompare(b.id));
    return this.deletedSorted;
  }

  private invalidate(): void {
    this.sorted = undefined;
    this.deletedSorted = undefined;
  }

  /** Stores the entry, then shows it: a change that could not be stored throws IndexWriteError and changes nothing. */
  async upsert(entry: IndexEntry): Promise<void> {
    const clean = normalizeEntry(entry);
    try {
      await this.store.write(clean);
    } catch (error) {
      throw new IndexWriteError(error);
    }
    const previous = this.entries.get(entry.id);
    this.entries.set(entry.id, clean);
    this.resort(previous, clean);
    this.changes.fire({ kind: 'upsert', entries: [clean] });
  }

  /**
   * One entry changed: it moves within the sorted list (found by a binary search) instead of every entry being
   * sorted again, which took several milliseconds per change with 10,000 sessions. A new array: one handed out
   * before stays as it was.
   */
  private resort(previous: IndexEntry | undefined, next: IndexEntry): void {
    this.deletedSorted = undefined;
    if (!this.sorted) return;
    const sorted = this.sorted.slice();
    if (previous && previous.deletedAt === undefined) {
      const at = sorted.indexOf(previous);
      if (at < 0) return this.invalidate();
      sorted.splice(at, 1);
    }
    if (next.deletedAt === undefined) {
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (compareEntries(sorted[mid], next) < 0) low = mid + 1;
        else high = mid;
      }
      sorted.splice(low, 0, next);
    }
    this.sorted = sorted;
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
    const present = ids.filter((id) => this.entries.has(id));
    if (present.length === 0) return;
    try {
      await this.store.remove(present);
    } catch (error) {
      throw new IndexWriteError(error);
    }
    for (const id of present) this.entries.delete(id);
    this.invalidate();
    this.changes.fire({ kind: 'remove', ids: present });
  }
}

/** The entry as it is kept: title clamped, flags only when set. */
export function normalizeEntry(entry: IndexEntry): IndexEntry {
  const clean: IndexEntry = { ...entry, title: entry.title ? clampTitle(entry.title) : undefined };
  if (!clean.title) delete clean.title;
  if (!clean.pinned) delete clean.pinned;
  if (!clean.empty) delete clean.empty;
  if (!clean.named || !clean.title) delete clean.named;
  if (clean.deletedAt === undefined) delete clean.deletedAt;
  if (!clean.comparison) delete clean.comparison;
  if (!clean.archived) delete clean.archived;
  if (!clean.forkedFrom) delete clean.forkedFrom;
  return clean;
}

export function sameEntry(a: IndexEntry, b: IndexEntry): boolean {
  return JSON.stringify(encodeEntry(a)) === JSON.stringify(encodeEntry(b));
}
