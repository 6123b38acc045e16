/**
 * Search at scale, in the extension host (loaded by bench/hostAgent.ts only when needed): the product's SearchIndex
 * (src/core/searchIndex.ts) over `sessions` sessions of `turns` turns of generated text (a user prompt and a reply
 * of a few hundred characters each): a query's results (p95 of 50 queries of one or two words, common and rare), the
 * index built session by session (the longest step), one more turn in one session, the index as saved (its size and
 * the time to write and read it back: both block the thread), and its memory (heap growth).
 */
import { SearchIndex } from '../src/core/searchIndex';
import type { HistoryItem } from '../src/shared/protocol';

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

function text(next: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
}

function history(next: () => number, session: number, turns: number): HistoryItem[] {
  const items: HistoryItem[] = [];
  const time = Date.UTC(2026, 0, 1) + session * 3_600_000;
  for (let t = 0; t < turns; t++) {
    const timestamp = new Date(time + t * 60_000).toISOString();
    // A rare word now and then, so that some queries match a few messages only.
    const rare = next() < 0.01 ? ` zephyr${session % 97}` : '';
    items.push({ kind: 'user', id: `u-${session}-${t}`, text: `${text(next, 12)}${rare}`, timestamp });
    items.push({ kind: 'assistant', id: `a-${session}-${t}`, text: text(next, 80), timestamp, streaming: false });
  }
  return items;
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

export function searchBench(sessions: number, turns: number) {
  const next = prng(7);
  const histories = Array.from({ length: sessions }, (_, s) => history(next, s, turns));
  const titles = new Map(histories.map((_, s) => [`session-${s}`, `${text(next, 4)} (${s})`] as const));
  const heapBefore = process.memoryUsage().heapUsed;
  const index = new SearchIndex();
  let longestStepMs = 0;
  const buildStart = performance.now();
  histories.forEach((items, s) => {
    const t0 = performance.now();
    index.setHistory(`session-${s}`, items);
    longestStepMs = Math.max(longestStepMs, performance.now() - t0);
  });
  const buildMs = performance.now() - buildStart;
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

  const queries = Array.from({ length: 50 }, (_, q) =>
    q % 5 === 0 ? `zephyr${q % 97}` : q % 2 ? WORDS[q % WORDS.length] : `${WORDS[q % WORDS.length]} ${WORDS[(q * 7) % WORDS.length]}`,
  );
  const queryMs: number[] = [];
  let hits = 0;
  for (const query of queries) {
    const t0 = performance.now();
    hits += index.search(query, titles).length;
    queryMs.push(performance.now() - t0);
  }

  // One more turn in one session: what the product does when a turn ends (the session's document is replaced).
  const grown = [...histories[0], ...history(next, 0, turns + 1).slice(-2)];
  const u0 = performance.now();
  index.setHistory('session-0', grown);
  const updateMs = performance.now() - u0;
  const s0 = performance.now();
  const saved = index.serialize();
  const serializeMs = performance.now() - s0;
  const d0 = performance.now();
  SearchIndex.deserialize(saved);
  const deserializeMs = performance.now() - d0;
  const messages = histories.reduce((n, h) => n + h.length, 0);
  return {
    sessions,
    turns,
    messages,
    queries: queries.length,
    p95Ms: quantile(queryMs, 0.95),
    medianMs: quantile(queryMs, 0.5),
    hits,
    buildMs,
    longestStepMs,
    updateMs,
    // The save after a change rewrites the whole index; loading it parses it whole.
    savedBytes: Buffer.byteLength(saved),
    serializeMs,
    deserializeMs,
    heapGrowthBytes: heapGrowth,
  };
}
