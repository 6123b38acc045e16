/**
 * Deterministic, realistic index entries for the benchmarks: UUID ids (what New Session generates), the stand-in
 * models, titles of the length the runtime gives sessions, activity spread over the last months. Encoded exactly as
 * the extension stores them (`encodeEntry` from src/core/sessionIndex.ts).
 */
import { ENTRY_KEY_PREFIX, INDEX_SCHEMA_VERSION, SCHEMA_KEY, encodeEntry, type IndexEntry } from '../../src/core/sessionIndex';

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
    });
  }
  return entries;
}

/** The extension's workspaceState as VS Code keeps it: one object of all its keys (see ExtensionMemento). */
export function mementoValue(entries: readonly IndexEntry[]): Record<string, unknown> {
  const value: Record<string, unknown> = { [SCHEMA_KEY]: INDEX_SCHEMA_VERSION };
  for (const entry of entries) value[ENTRY_KEY_PREFIX + entry.id] = encodeEntry(entry);
  return value;
}

/** An in-memory KeyValueStore shaped like vscode.Memento (what SessionIndex reads). */
export class MapStore {
  readonly map = new Map<string, unknown>();
  writes = 0;

  constructor(initial: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(initial)) this.map.set(key, value);
  }

  keys(): readonly string[] {
    return [...this.map.keys()];
  }

  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }

  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, value);
    return Promise.resolve();
  }
}
