/**
 * The index in a `vscode.Memento`-shaped store (workspaceState): one key per session plus a schema key. It is where
 * the index lived before it moved to files (read once to migrate), and still the store of a window without a
 * folder, which has no workspace storage. VS Code keeps an extension's whole workspaceState as one value, so this
 * is not the store for thousands of sessions.
 */
import { INDEX_SCHEMA_VERSION, decodeEntry, encodeEntry, type IndexEntry, type IndexStore, type SessionIndex } from './sessionIndex';

export const SCHEMA_KEY = 'copilotSessions.index.schema';
export const ENTRY_KEY_PREFIX = 'copilotSessions.s/';

export interface KeyValueStore {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface MementoRead {
  entries: IndexEntry[];
  /** Written by a newer version of the extension: read as far as possible, never cleaned up. */
  newerSchema: boolean;
  /** Every key of the index (valid or not), to clear after a migration. */
  keys: string[];
  invalidKeys: string[];
}

export function hasMementoIndex(store: KeyValueStore): boolean {
  return store.keys().some((key) => key === SCHEMA_KEY || key.startsWith(ENTRY_KEY_PREFIX));
}

/** Reads every entry; invalid ones are reported through `warn` and left out, never thrown. */
export function readMementoIndex(store: KeyValueStore, warn: (message: string) => void): MementoRead {
  const schema = store.get<unknown>(SCHEMA_KEY);
  if (schema !== undefined && schema !== INDEX_SCHEMA_VERSION)
    warn(`Session index schema ${JSON.stringify(schema)} is not ${INDEX_SCHEMA_VERSION}; reading the entries that are still valid.`);
  const newerSchema = typeof schema === 'number' && schema > INDEX_SCHEMA_VERSION;
  const result: MementoRead = { entries: [], newerSchema, keys: schema === undefined ? [] : [SCHEMA_KEY], invalidKeys: [] };
  for (const key of store.keys()) {
    if (!key.startsWith(ENTRY_KEY_PREFIX)) continue;
    result.keys.push(key);
    let raw: unknown;
    try {
      raw = store.get<unknown>(key);
    } catch {
      raw = undefined;
    }
    const entry = decodeEntry(key.slice(ENTRY_KEY_PREFIX.length), raw);
    if (entry) {
      result.entries.push(entry);
    } else {
      result.invalidKeys.push(key);
      warn(`Dropped an invalid session index entry (${JSON.stringify(key).slice(0, 160)}).`);
    }
  }
  return result;
}

/** Clears the given keys in one pass (VS Code batches memento updates made in the same tick into one write). */
export function clearKeys(store: KeyValueStore, keys: readonly string[]): Promise<unknown> {
  return Promise.all(keys.map((key) => store.update(key, undefined)));
}

/** The index kept in workspaceState (a window without a folder). */
export class MementoIndexStore implements IndexStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly warn: (message: string) => void,
  ) {}

  /** Loads the entries into the index; invalid entries of our own schema are deleted. */
  load(index: SessionIndex): Promise<void> {
    const read = readMementoIndex(this.store, this.warn);
    if (this.store.get(SCHEMA_KEY) === undefined) void this.store.update(SCHEMA_KEY, INDEX_SCHEMA_VERSION);
    // A newer version of the extension may understand them: only clean up entries of our own schema.
    if (!read.newerSchema) void clearKeys(this.store, read.invalidKeys);
    index.reset(read.entries);
    return Promise.resolve();
  }

  async write(entry: IndexEntry): Promise<void> {
    await this.store.update(ENTRY_KEY_PREFIX + entry.id, encodeEntry(entry));
  }

  async remove(ids: readonly string[]): Promise<void> {
    await clearKeys(
      this.store,
      ids.map((id) => ENTRY_KEY_PREFIX + id),
    );
  }
}
