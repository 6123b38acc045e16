/**
 * Search at scale, in the extension host (loaded by bench/hostAgent.ts only when needed): the product's SessionSearch
 * (src/sessions/sessionSearch.ts, with its SearchIndex and per-session SearchStore) over `sessions` sessions of
 * `turns` turns of generated text (a user prompt and a reply of a few hundred characters each, a word in eight
 * capitalized, as names and identifiers are), written as events.jsonl files in a folder of its own (the runtime's
 * store is left alone). Measured, each with the longest time the thread was blocked (a 1 ms timer's worst lateness):
 * the index built from the store (the first search) and saved; loaded from the saved per-session files in a new
 * window (the first search there); a query's results (p95 of 50 of one or two words, common and rare); one more turn
 * in one session (what it writes: the files whose size or modification time changed, against the whole index); the
 * index's size on disk, and in memory (heap growth of the load, after a GC when one can be forced).
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Emitter } from '../src/core/emitter';
import { SessionIndex, type IndexEntry } from '../src/core/sessionIndex';
import { SEARCH_DIR } from '../src/sessions/searchStore';
import { SessionSearch } from '../src/sessions/sessionSearch';
import { readEventsFile } from '../src/sessions/sessionStore';
import { timed } from './lib/timed';
import type { LiveSessionUpdate } from '../src/sessions/liveSession';

const WORDS =
  'service module index session history panel stream reply prompt model runtime client tree view search query token delta frame cache store file folder window group pin archive queue fork rewind change diff test build bundle webview host message page scroll render markdown code block table list link title usage cost error retry'.split(
    ' ',
  );

function prng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

// The case of the words comes from a generator of its own: the words (and so every query's hits) are as before.
const caseOf = prng(11);
function text(next: () => number, words: number): string {
  return Array.from({ length: words }, (_, i) => {
    const word = WORDS[Math.floor(next() * WORDS.length)];
    return i === 0 || caseOf() < 1 / 8 ? word[0].toUpperCase() + word.slice(1) : word;
  }).join(' ');
}

interface Turn {
  user: { id: string; text: string };
  reply: { id: string; text: string };
  timestamp: string;
}

function turnsOf(next: () => number, session: number, from: number, to: number): Turn[] {
  const turns: Turn[] = [];
  const time = Date.UTC(2026, 0, 1) + session * 3_600_000;
  for (let t = from; t < to; t++) {
    const timestamp = new Date(time + t * 60_000).toISOString();
    // A rare word now and then, so that some queries match a few messages only.
    const rare = next() < 0.01 ? ` zephyr${session % 97}` : '';
    turns.push({
      user: { id: `u-${session}-${t}`, text: `${text(next, 12)}${rare}` },
      reply: { id: `a-${session}-${t}`, text: text(next, 80) },
      timestamp,
    });
  }
  return turns;
}

/** The turns as the runtime stores them (the events the history folder reads), one JSON line each. */
function eventLines(turns: Turn[]): string {
  return turns
    .map((t) =>
      [
        JSON.stringify({ type: 'user.message', id: t.user.id, timestamp: t.timestamp, data: { content: t.user.text } }),
        JSON.stringify({
          type: 'assistant.message',
          id: `e-${t.reply.id}`,
          timestamp: t.timestamp,
          data: { messageId: t.reply.id, content: t.reply.text },
        }),
      ].join('\n'),
    )
    .join('\n')
    .concat('\n');
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/** A forced GC when V8 lets one be exposed (then the heap figures are what stays, not garbage), else nothing. */
function gcFunction(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** Each file's size and modification time, to tell which ones a change wrote. */
function files(dir: string): Map<string, { size: number; mtimeMs: number; ino: number }> {
  const out = new Map<string, { size: number; mtimeMs: number; ino: number }>();
  for (const name of readdirSync(dir)) {
    const s = statSync(path.join(dir, name));
    out.set(name, { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino });
  }
  return out;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function searchBench(sessions: number, turns: number) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'search-bench-'));
  try {
    const storeDir = path.join(root, 'store');
    const storageDir = path.join(root, 'storage');
    const next = prng(7);
    const ids = Array.from({ length: sessions }, (_, s) => `session-${s}`);
    let messages = 0;
    let textBytes = 0;
    ids.forEach((id, s) => {
      const sessionTurns = turnsOf(next, s, 0, turns);
      messages += sessionTurns.length * 2;
      for (const t of sessionTurns) textBytes += t.user.text.length + t.reply.text.length;
      mkdirSync(path.join(storeDir, id), { recursive: true });
      writeFileSync(path.join(storeDir, id, 'events.jsonl'), eventLines(sessionTurns));
    });
    const entries: IndexEntry[] = ids.map((id, s) => ({ id, model: 'm', created: s, lastActive: s, title: `${text(next, 4)} (${s})` }));
    const window = () => {
      const index = new SessionIndex({ write: () => Promise.resolve(), remove: () => Promise.resolve() });
      index.reset(entries);
      const updates = new Emitter<{ id: string; update: LiveSessionUpdate }>();
      const readEvents = (id: string) => readEventsFile(path.join(storeDir, id, 'events.jsonl'));
      return { search: new SessionSearch(storageDir, { sessions: index, onDidUpdateSession: updates.event, readEvents }, quiet), updates };
    };
    const queries = Array.from({ length: 50 }, (_, q) =>
      q % 5 === 0 ? `zephyr${q % 97}` : q % 2 ? WORDS[q % WORDS.length] : `${WORDS[q % WORDS.length]} ${WORDS[(q * 7) % WORDS.length]}`,
    );

    // A window with no saved index: the first search reads every session from the store; then the save.
    // (In a function of its own: that window's index is garbage before the next one loads, as after a reload.)
    const firstWindow = async () => {
      const first = window();
      const build = await timed(() => first.search.search(queries[0]));
      const save = await timed(() => first.search.dispose());
      return { build, save };
    };
    const { build, save } = await firstWindow();
    const searchDir = path.join(storageDir, SEARCH_DIR);
    const saved = files(searchDir);
    const savedBytes = [...saved.values()].reduce((n, f) => n + f.size, 0);

    // A new window: the first search loads the saved per-session files.
    const gc = gcFunction();
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const second = window();
    const load = await timed(() => second.search.search(queries[0]));
    gc?.();
    const heapGrowthBytes = process.memoryUsage().heapUsed - heapBefore;

    const queryMs: number[] = [];
    let hits = 0;
    let queryBlockedMs = 0;
    for (const query of queries) {
      const q = await timed(() => second.search.search(query));
      hits += q.value.length;
      queryMs.push(q.ms);
      queryBlockedMs = Math.max(queryBlockedMs, q.blockedMs);
    }

    // One more turn in one session: the runtime appends it to the store; the session's update marks it changed; the
    // next search reads it again, the save writes what changed.
    appendFileSync(path.join(storeDir, ids[0], 'events.jsonl'), eventLines(turnsOf(next, 0, turns, turns + 1)));
    second.updates.fire({ id: ids[0], update: { kind: 'reset' } });
    const update = await timed(() => second.search.search(queries[1]));
    const updateSave = await timed(() => second.search.dispose());
    const after = files(searchDir);
    let writtenBytes = 0;
    let filesWritten = 0;
    for (const [name, f] of after) {
      const was = saved.get(name);
      if (was && was.size === f.size && was.mtimeMs === f.mtimeMs && was.ino === f.ino) continue;
      writtenBytes += f.size;
      filesWritten++;
    }
    const indexBytes = [...after.values()].reduce((n, f) => n + f.size, 0);
    return {
      sessions,
      turns,
      messages,
      queries: queries.length,
      p95Ms: quantile(queryMs, 0.95),
      medianMs: quantile(queryMs, 0.5),
      queryBlockedMs,
      hits,
      build: { ms: build.ms, blockedMs: build.blockedMs },
      save: { ms: save.ms, blockedMs: save.blockedMs },
      load: { ms: load.ms, blockedMs: load.blockedMs },
      update: { ms: update.ms, blockedMs: update.blockedMs, saveMs: updateSave.ms, saveBlockedMs: updateSave.blockedMs },
      filesWritten,
      writtenBytes,
      indexBytes,
      files: after.size,
      savedBytes,
      /** The messages' text itself (UTF-16 code units; one byte each here): what any index must hold at least. */
      textBytes,
      heapGrowthBytes,
      gcForced: gc !== undefined,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
