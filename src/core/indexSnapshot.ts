/**
 * The snapshot of the whole index in one file, for a fast start: every entry as stored, plus the signature of the
 * per-session file each entry was read from (so that a later scan only reads files that changed since) and the
 * sessions folder's stamp when the signatures were complete. It is only a cache of the per-session files, which
 * stay the truth. No `vscode` import.
 */
import { INDEX_SCHEMA_VERSION, decodeEntry, encodeEntry, type IndexEntry, type StoredEntry } from './sessionIndex';

export interface Snapshot {
  schema: number;
  entries: IndexEntry[];
  /** Per session id: the signature of its file as last read or written. */
  files: Map<string, string>;
  /** The sessions folder's stamp when `files` covered every file in it. */
  dir?: string;
}

interface StoredSnapshot {
  schema: number;
  dir?: string;
  entries: Record<string, StoredEntry>;
  files: Record<string, string>;
}

export function serializeSnapshot(snapshot: { entries: readonly IndexEntry[]; files: ReadonlyMap<string, string>; dir?: string }): string {
  const stored: StoredSnapshot = { schema: INDEX_SCHEMA_VERSION, entries: {}, files: {} };
  if (snapshot.dir) stored.dir = snapshot.dir;
  for (const entry of snapshot.entries) stored.entries[entry.id] = encodeEntry(entry);
  for (const [id, signature] of snapshot.files) stored.files[id] = signature;
  return JSON.stringify(stored);
}

/** Decodes a snapshot; a damaged one is reported and ignored (undefined), invalid entries are left out. */
export function parseSnapshot(text: string, warn: (message: string) => void): Snapshot | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    warn('The session index snapshot is not JSON; reading the per-session files instead.');
    return undefined;
  }
  const stored = raw as Partial<StoredSnapshot> | null;
  if (typeof stored !== 'object' || stored === null || typeof stored.schema !== 'number' || typeof stored.entries !== 'object') {
    warn('The session index snapshot has an unknown shape; reading the per-session files instead.');
    return undefined;
  }
  if (stored.schema !== INDEX_SCHEMA_VERSION)
    warn(`Session index schema ${JSON.stringify(stored.schema)} is not ${INDEX_SCHEMA_VERSION}; reading the entries that are still valid.`);
  const snapshot: Snapshot = { schema: stored.schema, entries: [], files: new Map() };
  if (typeof stored.dir === 'string') snapshot.dir = stored.dir;
  const files = typeof stored.files === 'object' && stored.files !== null ? stored.files : {};
  let invalid = 0;
  for (const [id, value] of Object.entries(stored.entries ?? {})) {
    const entry = decodeEntry(id, value);
    if (!entry) {
      invalid++;
      continue;
    }
    snapshot.entries.push(entry);
    const signature = files[id];
    if (typeof signature === 'string') snapshot.files.set(id, signature);
  }
  // Without its signature an entry's file is read again, which also re-checks a left-out entry.
  if (invalid) {
    warn(`Left out ${invalid} invalid entr${invalid === 1 ? 'y' : 'ies'} of the session index snapshot.`);
    snapshot.dir = undefined;
  }
  return snapshot;
}
