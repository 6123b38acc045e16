/**
 * The figures of the table: each measured value in `raw` against its baseline and goal, with a note on where the
 * time goes. A figure whose section failed or did not run is "not measured", with the section's error.
 */
import { SNAPSHOT_QUIET_S, type Bench, type Problem, type Sizes } from './lib/context';
import type { OverheadRun, Raw } from './lib/raw';
import { kib, median, mib, ms } from './lib/stats';

export type Status = 'met' | 'missed' | 'reported' | 'not measured';
export interface Figure {
  id: string;
  figure: string;
  measured: string;
  baseline: string;
  ratio: number | null;
  goal: string;
  status: Status;
  values: Record<string, unknown>;
  note?: string;
}

/** What every group of figures reads: the run's measurements, and how to report one that is missing. */
interface Scope {
  raw: Raw;
  sizes: Sizes;
  /** The big index's session count, as printed. */
  n: string;
  missing: (id: string, figure: string, goal: string, why: string) => Figure;
  /** The error of the section whose name starts with `name`, or 'not run'. */
  failedSection: (name: string) => string;
}

export function figures(bench: Bench): Figure[] {
  const scope = makeScope(bench.raw, bench.sizes, bench.problems);
  return [
    ...activationFigures(scope),
    ...indexFigures(scope),
    ...historyFigures(scope),
    ...streamFigures(scope),
    ...concurrencyFigures(scope),
    ...bundleFigures(scope),
  ];
}

function makeScope(raw: Raw, sizes: Sizes, problems: Problem[]): Scope {
  return {
    raw,
    sizes,
    n: sizes.sessions.toLocaleString('en-US'),
    missing: (id, figure, goal, why) => ({
      id,
      figure,
      measured: '—',
      baseline: '—',
      ratio: null,
      goal,
      status: 'not measured',
      values: {},
      note: why,
    }),
    failedSection: (name) => problems.find((p) => p.section.startsWith(name))?.error ?? 'not run',
  };
}

/** Activation with the big index vs none, the shared client at the end of activate(), the Sessions view. */
function activationFigures({ raw, n, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const t = raw.tree;
  const a = raw.activation;
  if (a && a.empty.length && a.index.length) {
    const m = median(a.index);
    const b = median(a.empty);
    const cm = median(a.indexCpu);
    const cb = median(a.emptyCpu);
    out.push({
      id: 'activation',
      figure: `Activation, ${n} sessions in the index vs none`,
      measured: ms(m),
      baseline: ms(b),
      ratio: m / b,
      goal: '≤ 1.5x',
      status: m / b <= 1.5 ? 'met' : 'missed',
      values: { ...a },
      note: `medians of ${a.index.length} windows each, alternating; CPU time of the extension host over activate(): ${ms(cm)} vs ${ms(cb)} (${(cm / cb).toFixed(2)}x)${t ? `; SessionIndex.load() of ${n} entries alone: ${ms(t.big.loadMs)}` : ''}`,
    });
    const inside = a.client.filter((c) => c.runtimesAtEnd > 0 || c.stateAtEnd === 'ready');
    const spawn = median(a.client.map((c) => c.runtimeSpawnAfterMs ?? Number.NaN).filter((v) => !Number.isNaN(v)));
    out.push({
      id: 'activation.clientStart',
      figure: "Shared client's start inside activation",
      measured: inside.length ? `yes (${inside.length}/${a.client.length})` : `no (0/${a.client.length})`,
      baseline: '—',
      ratio: null,
      goal: 'never',
      status: inside.length ? 'missed' : 'met',
      values: { loads: a.client },
      note: `runtime process spawned ${Number.isNaN(spawn) ? '?' : ms(spawn)} after activate() resolved (median)`,
    });
  } else {
    out.push(missing('activation', `Activation, ${n} sessions in the index vs none`, '≤ 1.5x', failedSection('activation')));
  }

  if (t) {
    out.push({
      id: 'tree.children',
      figure: `Sessions view children (+ tree items), ${n} sessions vs ${t.small.n}`,
      measured: ms(t.big.childrenWithItemsMs),
      baseline: ms(t.small.childrenWithItemsMs),
      ratio: t.big.childrenWithItemsMs / t.small.childrenWithItemsMs,
      goal: '< 20 ms',
      status: t.big.childrenWithItemsMs < 20 ? 'met' : 'missed',
      values: { ...t },
      note: `getChildren() alone after a change: ${ms(t.big.childrenMs)}; warm: ${ms(t.big.warmChildrenMs)}; index load: ${ms(t.big.loadMs)}${t.viewShownMs === undefined ? '' : `; the view shown in the workbench: first row after ${ms(t.viewShownMs)}`}`,
    });
  } else out.push(missing('tree.children', `Sessions view children, ${n} sessions`, '< 20 ms', failedSection('activation')));
  return out;
}

/** The index as stored, what one change writes, the snapshot, the reconcile on window focus. */
function indexFigures({ raw, n, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const s = raw.storage;
  if (s) {
    out.push({
      id: 'index.bytesPerSession',
      figure: 'Index size per session (as stored)',
      measured: `${s.bytesPerSession.toFixed(0)} B`,
      baseline: '—',
      ratio: null,
      goal: '< 200 B',
      status: s.bytesPerSession < 200 ? 'met' : 'missed',
      values: { ...s },
    });
    if (s.writeBig && s.writeEmpty) {
      const big = s.writeBig.bytes + s.writeBig.stateBytes;
      const empty = s.writeEmpty.bytes + s.writeEmpty.stateBytes;
      const whole = Math.max(s.writeBig.maxBytes, s.writeBig.stateBytes) >= 0.5 * s.snapshotBytes;
      out.push({
        id: 'index.writePerChange',
        figure: `Bytes written for one index change, ${n} sessions vs none`,
        measured: `${big} B`,
        baseline: `${empty} B`,
        ratio: empty ? big / empty : null,
        goal: 'not the whole index',
        status: whole ? 'missed' : 'met',
        values: { ...s.writeBig, indexBytes: s.indexBytes, snapshotBytes: s.snapshotBytes, empty: s.writeEmpty },
        note: `${s.writeBig.files} file(s) written in the index folder (${s.writeBig.bytes} B), workspace state ${s.writeBig.statePuts} write(s) (${s.writeBig.stateBytes} B); snapshot ${s.writeBig.snapshotWritten ? 'written' : 'not written'} by the change`,
      });
      out.push({
        id: 'index.snapshot',
        figure: `Index snapshot, ${n} sessions (written after ${SNAPSHOT_QUIET_S} s without changes and when the window closes)`,
        measured: kib(s.snapshotBytes),
        baseline: '—',
        ratio: null,
        goal: 'not per change',
        status: s.writeBig.snapshotWritten ? 'missed' : 'met',
        values: { snapshotBytes: s.snapshotBytes, atClose: s.snapshotAtClose },
        note: `per-session files ${kib(s.indexBytes)} in all${s.snapshotAtClose ? `; at window close after one change: ${s.snapshotAtClose.rewritten ? `rewritten (${kib(s.snapshotAtClose.bytes)})` : 'not rewritten'}` : ''}`,
      });
    } else
      out.push(missing('index.writePerChange', 'Bytes written for one index change', 'not the whole index', failedSection('activation')));
  } else out.push(missing('index.bytesPerSession', 'Index size per session', '< 200 B', failedSection('activation')));

  const ix = raw.indexStorage;
  if (ix) {
    const blocked = Math.max(
      ix.reconcileUnchanged.blockedMs,
      ix.reconcileStale.blockedMs,
      ix.reconcileOneChanged.blockedMs,
      ix.loadChecked.blockedMs,
    );
    out.push({
      id: 'index.focusReconcile',
      figure: `Reconcile on window focus, ${n} sessions: nothing changed / after a change`,
      measured: `${ms(ix.reconcileUnchanged.ms)} / ${ms(ix.reconcileOneChanged.ms)}`,
      baseline: '—',
      ratio: null,
      goal: '< 5 ms unchanged; thread never blocked > 50 ms',
      status: ix.reconcileUnchanged.ms < 5 && blocked < 50 ? 'met' : 'missed',
      values: { ...ix },
      note: `after this window's own change (every file's signature compared, none read): ${ms(ix.reconcileStale.ms)}; longest block ${ms(blocked)}. Loading: list shown from the snapshot after ${ms(ix.loadShown.ms)} (thread blocked ${ms(ix.loadShown.blockedMs)} parsing it), files checked in the background after ${ms(ix.loadChecked.ms)} more; without a snapshot every file is read first: ${ms(ix.loadNoSnapshot.ms)} (blocked ${ms(ix.loadNoSnapshot.blockedMs)})`,
    });
  } else out.push(missing('index.focusReconcile', 'Reconcile on window focus', '< 5 ms unchanged', failedSection('activation')));
  return out;
}

/** The panel on the long session vs the short one: history on screen, message elements in the DOM. */
function historyFigures({ raw, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const h = raw.history;
  if (h && h.long.length && h.short.length) {
    const m = median(h.long.map((r) => r.ms));
    const b = median(h.short.map((r) => r.ms));
    out.push({
      id: 'panel.historyOnScreen',
      figure: `Panel on ${h.turns.toLocaleString('en-US')} turns: history on screen after getEvents() vs ${h.shortTurns} turns`,
      measured: ms(m),
      baseline: ms(b),
      ratio: m / b,
      goal: '< 300 ms',
      status: m < 300 ? 'met' : 'missed',
      values: { long: h.long, short: h.short },
      note: `getEvents() ${ms(median(h.long.map((r) => r.getEventsMs)))} for ${h.long[0].events} events; then 'init' posted after ${ms(median(h.long.map((r) => r.toInitPostMs)))} (webview DOM ready ${ms(median(h.long.map((r) => r.webviewReadyMs)))} after getEvents()), rendered ${ms(median(h.long.map((r) => r.initToRenderedMs)))} after the post${h.long.every((r) => r.webviewRenderMs !== undefined) ? ` (${ms(median(h.long.map((r) => r.initToWebviewMs!)))} to reach the webview, ${ms(median(h.long.map((r) => r.webviewRenderMs!)))} to render)` : ''} (the 'init' message carries all ${h.long[0].initItems ?? '?'} items, ${kib(h.long[0].initBytes ?? 0)} of JSON, for ${h.long[0].messages} shown); open → on screen ${ms(median(h.long.map((r) => r.openMs)))}`,
    });
    const dom = Math.max(...h.long.map((r) => r.messages));
    const domShort = Math.max(...h.short.map((r) => r.messages));
    out.push({
      id: 'panel.domMessages',
      figure: 'Message elements in the DOM, long vs short history',
      measured: String(dom),
      baseline: String(domShort),
      ratio: dom / domShort,
      goal: '≤ ~200, bounded',
      status: dom <= 220 ? 'met' : 'missed',
      values: { long: dom, short: domShort },
    });
  } else out.push(missing('panel.historyOnScreen', 'Panel history on screen after getEvents()', '< 300 ms', failedSection('panels')));
  return out;
}

/** Streaming many deltas (lost, messages per frame, last text) and prompt → first delta vs the bare SDK. */
function streamFigures({ raw, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const st = raw.stream;
  const o = raw.overhead;
  if (st) {
    out.push({
      id: 'stream.lost',
      figure: `Streaming ${st.deltas.toLocaleString('en-US')} deltas: deltas lost`,
      measured: String(st.missingTokens),
      baseline: '—',
      ratio: null,
      goal: '0',
      status:
        st.missingTokens === 0 &&
        st.extraTokens === 0 &&
        st.inOrder &&
        st.sdkTextExact &&
        st.shownWhileStreamingIsPrefix &&
        st.finalComplete
          ? 'met'
          : 'missed',
      values: { ...st },
      note: `host got ${st.hostDeltas} deltas (text as sent: ${st.sdkTextExact}); the webview's streamed text has ${st.receivedTokens} tokens, compared with the ${st.deltas} sent: ${st.missingTokens} missing, ${st.extraTokens} extra, identical: ${st.inOrder}${st.firstDifferenceAt === undefined ? '' : ` (first difference at token ${st.firstDifferenceAt})`}; on screen while streaming: ${st.shownWhileStreamingTokens} tokens, a prefix of the reply: ${st.shownWhileStreamingIsPrefix}; final text complete: ${st.finalComplete}`,
    });
    out.push({
      id: 'stream.messagesPerFrame',
      figure: 'Streaming: host→webview messages per frame (max)',
      measured: String(st.maxHostPostsPerFrame),
      baseline: `${st.maxHostDeltaPostsPerFrame} (deltas only)`,
      ratio: null,
      goal: '≤ 1',
      status: st.maxHostPostsPerFrame <= 1 ? 'met' : 'missed',
      values: { ...st },
      note: `${st.hostPosts} posts (${st.hostDeltaPosts} of deltas) in ${ms(st.streamMs)}; busiest 16.7 ms window: ${st.worstFrameTypes.join(', ')}; closest two delta posts ${ms(st.minDeltaPostGapMs)} apart; in the webview at most ${st.maxWebviewMessagesPerFrame} per animation frame (${st.webviewFrames} frames, longest frame ${ms(st.longestFrameGapMs)})`,
    });
    const base = o?.length ? median(o.map((r) => r.lastTextMs)) : Number.NaN;
    out.push({
      id: 'stream.lastText',
      figure: 'Streaming: last text on screen after the last delta',
      measured: ms(st.lastTextMs),
      baseline: Number.isNaN(base) ? '—' : `${ms(base)} (20 deltas)`,
      ratio: Number.isNaN(base) ? null : st.lastTextMs / base,
      goal: '≤ 50 ms',
      status: st.lastTextMs <= 50 ? 'met' : 'missed',
      values: { lastTextMs: st.lastTextMs, fromWebviewReceipt: st.lastTextFromWebviewMs, shortStreams: o?.map((r) => r.lastTextMs) },
      note: `last delta at the host → posted ${ms(st.lastDeltaToPostMs)} → in the webview ${ms(st.postToWebviewMs)} → in the DOM ${ms(st.webviewToDomMs)}; the host received the ${st.deltas} deltas over ${ms(st.hostDeltaSpanMs)} (bare SDK: ${ms(st.bareDeltaSpanMs)})`,
    });
  } else out.push(missing('stream.lost', 'Streaming deltas', 'no delta lost', failedSection('panels')));

  if (o && o.length) {
    const m = median(o.map((r) => r.panelMs));
    const b = median(o.map((r) => r.bareMs));
    const part = (key: keyof OverheadRun) => ms(median(o.map((r) => r[key])));
    out.push({
      id: 'overhead',
      figure: 'Prompt → first delta: panel (on screen) vs bare SDK',
      measured: ms(m),
      baseline: ms(b),
      ratio: m / b,
      goal: '≤ 1.2x',
      status: m / b <= 1.2 ? 'met' : 'missed',
      values: { runs: o },
      note: `Enter → send() ${part('webviewToSendMs')}, send() → first delta ${part('sendToDeltaMs')}, delta → posted ${part('deltaToPostMs')}, posted → on screen ${part('postToScreenMs')}`,
    });
  } else out.push(missing('overhead', 'Prompt → first delta: panel vs bare SDK', '≤ 1.2x', failedSection('panels')));
  return out;
}

/** n sessions at once vs one alone, runtime processes, memory growth. */
function concurrencyFigures({ raw, sizes, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const c = raw.concurrency;
  if (c) {
    out.push({
      id: 'concurrency',
      figure: `${c.n} sessions sending at once (${c.latency} ms model latency) vs one alone`,
      measured: ms(c.togetherMs),
      baseline: ms(c.aloneMs),
      ratio: c.togetherMs / c.aloneMs,
      goal: '≤ 1.3x',
      status: c.togetherMs / c.aloneMs <= 1.3 ? 'met' : 'missed',
      values: { ...c },
      note: c.bare
        ? `the same with the bare SDK (one client, its own runtime): ${ms(c.bare.togetherMs)} vs ${ms(c.bare.aloneMs)} (${(c.bare.togetherMs / c.bare.aloneMs).toFixed(2)}x)`
        : undefined,
    });
    out.push({
      id: 'concurrency.runtimes',
      figure: `Runtime processes for ${c.n} live sessions`,
      measured: String(c.maxRuntimes),
      baseline: '—',
      ratio: null,
      goal: '1',
      status: c.maxRuntimes === 1 ? 'met' : 'missed',
      values: { maxRuntimes: c.maxRuntimes },
    });
    const before = c.memoryBefore.extensionHostRssKiB + c.memoryBefore.runtimeRssKiB;
    const after = c.memoryAfter.extensionHostRssKiB + c.memoryAfter.runtimeRssKiB;
    const growth = after - before;
    out.push({
      id: 'memory',
      figure: `Memory growth, runtime + extension host, ${c.n} live sessions`,
      measured: mib(growth),
      baseline: `${mib(before)} before`,
      ratio: after / before,
      goal: '< 250 MiB',
      status: growth / 1024 < 250 ? 'met' : 'missed',
      values: { before: c.memoryBefore, live: c.memoryLive, after: c.memoryAfter },
      note: `extension host ${mib(c.memoryBefore.extensionHostRssKiB)} → ${mib(c.memoryAfter.extensionHostRssKiB)}, runtime ${mib(c.memoryBefore.runtimeRssKiB)} → ${mib(c.memoryAfter.runtimeRssKiB)} (VmRSS)`,
    });
  } else out.push(missing('concurrency', `${sizes.concurrent} sessions at once vs one`, '≤ 1.3x', failedSection('panels')));
  return out;
}

/** Bundle sizes and the VSIX. */
function bundleFigures({ raw, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const bu = raw.bundles;
  if (bu) {
    out.push({
      id: 'bundle.extension',
      figure: 'Extension JS, minified (SDK aside)',
      measured: kib(bu.extensionBytes),
      baseline: '—',
      ratio: null,
      goal: '< 300 KB',
      status: bu.extensionBytes < 300 * 1024 ? 'met' : 'missed',
      values: { bytes: bu.extensionBytes },
    });
    const others = Object.entries(bu.otherWebviews);
    out.push({
      id: 'bundle.webview',
      figure: 'Webview JS of the session panel, minified',
      measured: kib(bu.webviewBytes),
      baseline: '—',
      ratio: null,
      goal: '< 150 KB',
      status: bu.webviewBytes < 150 * 1024 && others.every(([, b]) => b < 150 * 1024) ? 'met' : 'missed',
      values: { bytes: bu.webviewBytes, others: bu.otherWebviews },
      note: others.length ? `other webview bundles: ${others.map(([f, b]) => `${f} ${kib(b)}`).join(', ')}` : undefined,
    });
    out.push({
      id: 'bundle.vsix',
      figure: 'VSIX (linux-x64, runtime included)',
      measured: bu.vsixBytes ? `${(bu.vsixBytes / 1024 / 1024).toFixed(1)} MB` : '—',
      baseline: '—',
      ratio: null,
      goal: 'reported',
      status: bu.vsixBytes ? 'reported' : 'not measured',
      values: { bytes: bu.vsixBytes },
      note: bu.vsixNote,
    });
  } else out.push(missing('bundle.extension', 'Bundle sizes', '< 300 KB / < 150 KB', failedSection('bundle')));
  return out;
}

export function table(rows: Figure[]): string {
  const head = ['Figure', 'Measured', 'Baseline', 'Ratio', 'Goal', 'Met?'];
  const cells = rows.map((f) => [
    f.figure,
    f.measured,
    f.baseline,
    f.ratio === null ? '—' : `${f.ratio.toFixed(2)}x`,
    f.goal,
    f.status === 'met' ? 'yes' : f.status === 'missed' ? 'NO' : f.status,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
