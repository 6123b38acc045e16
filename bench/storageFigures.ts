/** The search index's figures (bench/searchBench.ts) and the sizes of what ships (bench/sections/bundles.ts). */
import type { Figure, Scope } from './figures';
import { kib, mib, ms } from './lib/stats';

/** Search over many sessions (the product's SessionSearch, its index and per-session files, in the extension host). */
export function searchFigures({ raw, missing, failedSection, fig }: Scope): Figure[] {
  const q = raw.search;
  if (!q) return [missing('search.query', 'Search: a query over many sessions, p95 of 50', failedSection('activation'))];
  const scale = `${q.sessions.toLocaleString('en-US')} sessions of ${q.turns} turns (${q.messages.toLocaleString('en-US')} messages)`;
  // Everything the index does in the background: built from the store, saved, loaded in a new window, one turn.
  const blocked = Math.max(q.build.blockedMs, q.save.blockedMs, q.load.blockedMs, q.update.blockedMs, q.update.saveBlockedMs);
  const mb = (bytes: number) => mib(bytes / 1024);
  return [
    fig({
      id: 'search.query',
      figure: `Search, ${scale}: a query's results, p95 of ${q.queries}`,
      measured: ms(q.p95Ms),
      baseline: '—',
      ratio: null,
      judged: { p95Ms: q.p95Ms },
      values: { p95Ms: q.p95Ms, medianMs: q.medianMs, hits: q.hits, queryBlockedMs: q.queryBlockedMs },
      note: `median ${ms(q.medianMs)}; SessionSearch.search, loaded index; every query scans every message's lowercase text (no inverted index)`,
    }),
    fig({
      id: 'search.build',
      figure: `Search, ${scale}: the index built or loaded, longest block of the host`,
      measured: ms(blocked),
      baseline: '—',
      ratio: null,
      judged: { blockedMs: blocked },
      values: { build: q.build, save: q.save, load: q.load, update: q.update },
      note: `longest block (1 ms timer's worst lateness) of: built from the store ${ms(q.build.blockedMs)} (in ${ms(q.build.ms)}), saved ${ms(q.save.blockedMs)} (in ${ms(q.save.ms)}), loaded from the ${q.files.toLocaleString('en-US')} per-session files ${ms(q.load.blockedMs)} (in ${ms(q.load.ms)}), one turn ${ms(Math.max(q.update.blockedMs, q.update.saveBlockedMs))}`,
    }),
    fig({
      id: 'search.update',
      figure: `Search, ${scale}: one more turn, written to disk`,
      measured: kib(q.writtenBytes),
      baseline: '—',
      ratio: null,
      judged: { shareOfIndexWritten: q.indexBytes ? q.writtenBytes / q.indexBytes : 1 },
      values: {
        writtenBytes: q.writtenBytes,
        filesWritten: q.filesWritten,
        indexBytes: q.indexBytes,
        updateMs: q.update.ms,
        saveMs: q.update.saveMs,
      },
      note: `${q.filesWritten} file(s) written (${kib(q.writtenBytes)}, the session's document) of ${q.files.toLocaleString('en-US')} (${mb(q.indexBytes)}): ${((q.writtenBytes / q.indexBytes) * 100).toFixed(3)}% of the index; the session is read again from the store (${ms(q.update.ms)} with the next query)`,
    }),
    fig({
      id: 'search.size',
      figure: `Search, ${scale}: the index on disk / in memory`,
      measured: `${mb(q.indexBytes)} / ${mb(q.heapGrowthBytes)}`,
      baseline: '—',
      ratio: null,
      values: {
        indexBytes: q.indexBytes,
        files: q.files,
        heapGrowthBytes: q.heapGrowthBytes,
        textBytes: q.textBytes,
        gcForced: q.gcForced,
      },
      note: `on disk: ${q.files.toLocaleString('en-US')} files, no lowercase copy; in memory: heap growth of the load${q.gcForced ? ' (after a forced GC)' : ''}, the text itself being ${mb(q.textBytes)} (kept lowercase, with only where the original's case differs)`,
    }),
  ];
}

/** Bundle sizes and the VSIX. */
export function bundleFigures({ raw, missing, failedSection, fig }: Scope): Figure[] {
  const out: Figure[] = [];
  const bu = raw.bundles;
  if (bu) {
    out.push(
      fig({
        id: 'bundle.extension',
        figure: 'Extension JS, minified (SDK aside)',
        measured: kib(bu.extensionBytes),
        baseline: '—',
        ratio: null,
        judged: { bytes: bu.extensionBytes },
        values: { bytes: bu.extensionBytes },
      }),
    );
    const others = Object.entries(bu.otherWebviews);
    out.push(
      fig({
        id: 'bundle.webview',
        figure: 'Webview JS of the session panel, minified',
        measured: kib(bu.webviewBytes),
        baseline: '—',
        ratio: null,
        judged: { bytes: Math.max(bu.webviewBytes, ...others.map(([, b]) => b)) },
        values: { bytes: bu.webviewBytes, others: bu.otherWebviews },
        note:
          [
            ...others
              .filter(([f]) => f === 'highlight.js')
              .map(([, b]) => `+ highlight.js ${kib(b)} (the code grammars), loaded after the first render`),
            ...others.filter(([f]) => f !== 'highlight.js').map(([f, b]) => `other webview bundle: ${f} ${kib(b)}`),
          ].join('; ') || undefined,
      }),
    );
    if (bu.vsixBytes && bu.vsixBuiltInRun)
      out.push(
        fig({
          id: 'bundle.vsix',
          figure: 'VSIX (linux-x64, runtime included)',
          measured: `${(bu.vsixBytes / 1024 / 1024).toFixed(1)} MB`,
          baseline: '—',
          ratio: null,
          judged: { builtInRun: 1 },
          values: { bytes: bu.vsixBytes },
          note: bu.vsixNote,
        }),
      );
    else out.push(missing('bundle.vsix', 'VSIX (linux-x64, runtime included)', bu.vsixNote ?? 'not packaged'));
  } else out.push(missing('bundle.extension', 'Bundle sizes', failedSection('bundle')));
  return out;
}

/** The ratio column: a ratio only where the goal is on one; otherwise the row says it is not a ratio. */
