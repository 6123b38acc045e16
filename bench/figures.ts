/**
 * The figures of the table: each measured value in `raw` against its baseline and goal, with a note on where the
 * time goes. A figure whose section failed or did not run is "not measured", with the section's error.
 */
import { cpus } from 'node:os';
import { goalOf, judge } from './goals';
import { SNAPSHOT_QUIET_S, type Bench, type Problem, type Sizes } from './lib/context';
import type { CpuUse, OverheadRun, Raw } from './lib/raw';
import { kib, median, mib, ms } from './lib/stats';
import { historyFigures } from './historyFigures';
import { reloadFigures } from './reloadFigures';
import { bundleFigures, searchFigures } from './storageFigures';

export type Status = 'met' | 'missed' | 'reported' | 'not measured';
export interface Figure {
  id: string;
  figure: string;
  measured: string;
  baseline: string;
  ratio: number | null;
  goal: string;
  /** The goal is on the ratio (bench/goals.json); otherwise the ratio, if any, is for information only. */
  goalOnRatio: boolean;
  status: Status;
  /** The numbers the goal's checks read (bench/goals.json), so the table script can judge them again. */
  judged: Record<string, number>;
  values: Record<string, unknown>;
  note?: string;
}

export type Measured = Omit<Figure, 'goal' | 'goalOnRatio' | 'status' | 'judged'> & { judged?: Record<string, number> };

/** A figure judged against its goal in bench/goals.json (the ratio is one of the judged numbers). */
function fig(f: Measured): Figure {
  const judged = { ...(f.ratio === null ? {} : { ratio: f.ratio }), ...f.judged };
  const goal = goalOf(f.id);
  return { ...f, goal: goal.text, goalOnRatio: goal.ratio, status: judge(f.id, judged), judged };
}

/** What every group of figures reads: the run's measurements, and how to report one that is missing. */
export interface Scope {
  raw: Raw;
  sizes: Sizes;
  /** The big index's session count, as printed. */
  n: string;
  missing: (id: string, figure: string, why: string) => Figure;
  /** The error of the section whose name starts with `name`, or 'not run'. */
  failedSection: (name: string) => string;
  /** A figure judged against its goal (for the groups kept in files of their own). */
  fig: (f: Measured) => Figure;
}

export function figures(bench: Bench): Figure[] {
  const scope = makeScope(bench.raw, bench.sizes, bench.problems);
  return [
    ...activationFigures(scope),
    ...indexFigures(scope),
    ...historyFigures(scope),
    ...streamFigures(scope),
    ...concurrencyFigures(scope),
    ...reloadFigures(scope),
    ...searchFigures(scope),
    ...bundleFigures(scope),
  ];
}

function makeScope(raw: Raw, sizes: Sizes, problems: Problem[]): Scope {
  return {
    raw,
    sizes,
    n: sizes.sessions.toLocaleString('en-US'),
    missing: (id, figure, why) => ({
      id,
      figure,
      measured: '—',
      baseline: '—',
      ratio: null,
      goal: goalOf(id).text,
      goalOnRatio: goalOf(id).ratio,
      status: 'not measured',
      judged: {},
      values: {},
      note: why,
    }),
    failedSection: (name) => problems.find((p) => p.section.startsWith(name))?.error ?? 'not run',
    fig,
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
    out.push(
      fig({
        id: 'activation',
        figure: `Activation, ${n} sessions in the index vs none`,
        measured: ms(m),
        baseline: ms(b),
        ratio: m / b,
        values: { ...a },
        note: `medians of ${a.index.length} windows each, alternating; CPU time of the extension host over activate(): ${ms(cm)} vs ${ms(cb)} (${(cm / cb).toFixed(2)}x)${t ? `; SessionIndex.load() of ${n} entries alone: ${ms(t.big.loadMs)}` : ''}`,
      }),
    );
    const inside = a.client.filter((c) => c.runtimesAtEnd > 0 || c.stateAtEnd === 'ready');
    const spawn = median(a.client.map((c) => c.runtimeSpawnAfterMs ?? Number.NaN).filter((v) => !Number.isNaN(v)));
    out.push(
      fig({
        id: 'activation.clientStart',
        figure: "Shared client's start inside activation",
        measured: inside.length ? `yes (${inside.length}/${a.client.length})` : `no (0/${a.client.length})`,
        baseline: '—',
        ratio: null,
        judged: { inside: inside.length },
        values: { loads: a.client },
        note: `runtime process spawned ${Number.isNaN(spawn) ? '?' : ms(spawn)} after activate() resolved (median)`,
      }),
    );
  } else {
    out.push(missing('activation', `Activation, ${n} sessions in the index vs none`, failedSection('activation')));
  }

  if (t) {
    out.push(
      fig({
        id: 'tree.children',
        figure: `Sessions view children (+ tree items), ${n} sessions vs ${t.small.n}`,
        measured: ms(t.big.childrenWithItemsMs),
        baseline: ms(t.small.childrenWithItemsMs),
        ratio: t.big.childrenWithItemsMs / t.small.childrenWithItemsMs,
        judged: { ms: t.big.childrenWithItemsMs },
        values: { ...t },
        note: `with the view's groups (1% pinned, 10% archived, 2% recently deleted); getChildren() alone after a change: ${ms(t.big.childrenMs)}; warm: ${ms(t.big.warmChildrenMs)}; index load: ${ms(t.big.loadMs)}${t.viewShownMs === undefined ? '' : `; the view shown in the workbench: first row after ${ms(t.viewShownMs)}`}`,
      }),
    );
  } else out.push(missing('tree.children', `Sessions view children, ${n} sessions`, failedSection('activation')));
  if (t?.viewShownMs !== undefined && t.smallViewShownMs !== undefined) {
    out.push(
      fig({
        id: 'tree.firstRow',
        figure: `Sessions view shown: first row on screen, ${n} sessions vs ${t.small.n}`,
        measured: ms(t.viewShownMs),
        baseline: ms(t.smallViewShownMs),
        ratio: t.viewShownMs / t.smallViewShownMs,
        values: { big: t.viewShownMs, small: t.smallViewShownMs, samples: t.viewShownSamples },
        note: t.viewShownSamples
          ? `medians of ${t.viewShownSamples.index.length} fresh windows each, alternating (activate, focus the view, first row): ${t.viewShownSamples.index.map(ms).join(', ')} vs ${t.viewShownSamples.small.map(ms).join(', ')}`
          : undefined,
      }),
    );
  } else
    out.push(
      missing(
        'tree.firstRow',
        `Sessions view shown: first row on screen, ${n} sessions vs 100`,
        t?.viewShownMs === undefined
          ? failedSection('activation')
          : `only the big list was shown (${ms(t.viewShownMs)}); no same-run baseline`,
      ),
    );
  return out;
}

/** The index as stored, what one change writes, the snapshot, the reconcile on window focus. */
function indexFigures({ raw, n, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const s = raw.storage;
  if (s) {
    out.push(
      fig({
        id: 'index.bytesPerSession',
        figure: 'Index size per session (as stored)',
        measured: `${s.bytesPerSession.toFixed(0)} B`,
        baseline: '—',
        ratio: null,
        judged: { bytes: s.bytesPerSession },
        values: { ...s },
      }),
    );
    if (s.writeBig && s.writeEmpty) {
      const big = s.writeBig.bytes + s.writeBig.stateBytes;
      const empty = s.writeEmpty.bytes + s.writeEmpty.stateBytes;
      const share = Math.max(s.writeBig.maxBytes, s.writeBig.stateBytes) / s.snapshotBytes;
      out.push(
        fig({
          id: 'index.writePerChange',
          figure: `Bytes written for one index change, ${n} sessions vs none`,
          measured: `${big} B`,
          baseline: `${empty} B`,
          ratio: empty ? big / empty : null,
          judged: { shareOfSnapshot: share },
          values: { ...s.writeBig, indexBytes: s.indexBytes, snapshotBytes: s.snapshotBytes, empty: s.writeEmpty },
          note: `${s.writeBig.files} file(s) written in the index folder (${s.writeBig.bytes} B), workspace state ${s.writeBig.statePuts} write(s) (${s.writeBig.stateBytes} B); snapshot ${s.writeBig.snapshotWritten ? 'written' : 'not written'} by the change`,
        }),
      );
      out.push(
        fig({
          id: 'index.snapshot',
          figure: `Index snapshot, ${n} sessions (written after ${SNAPSHOT_QUIET_S} s without changes and when the window closes)`,
          measured: kib(s.snapshotBytes),
          baseline: '—',
          ratio: null,
          judged: { writtenByChange: s.writeBig.snapshotWritten ? 1 : 0 },
          values: { snapshotBytes: s.snapshotBytes, atClose: s.snapshotAtClose },
          note: `per-session files ${kib(s.indexBytes)} in all${s.snapshotAtClose ? `; at window close after one change: ${s.snapshotAtClose.rewritten ? `rewritten (${kib(s.snapshotAtClose.bytes)})` : 'not rewritten'}` : ''}`,
        }),
      );
    } else out.push(missing('index.writePerChange', 'Bytes written for one index change', failedSection('activation')));
  } else out.push(missing('index.bytesPerSession', 'Index size per session', failedSection('activation')));

  const ix = raw.indexStorage;
  if (ix) {
    const blocked = Math.max(
      ix.reconcileUnchanged.blockedMs,
      ix.reconcileStale.blockedMs,
      ix.reconcileOneChanged.blockedMs,
      ix.loadChecked.blockedMs,
    );
    out.push(
      fig({
        id: 'index.focusReconcile',
        figure: `Reconcile on window focus, ${n} sessions: nothing changed / after a change`,
        measured: `${ms(ix.reconcileUnchanged.ms)} / ${ms(ix.reconcileOneChanged.ms)}`,
        baseline: '—',
        ratio: null,
        judged: { unchangedMs: ix.reconcileUnchanged.ms, blockedMs: blocked },
        values: { ...ix },
        note: `after this window's own change (every file's signature compared, none read): ${ms(ix.reconcileStale.ms)}; longest block ${ms(blocked)}. Loading: list shown from the snapshot after ${ms(ix.loadShown.ms)} (thread blocked ${ms(ix.loadShown.blockedMs)} parsing it), files checked in the background after ${ms(ix.loadChecked.ms)} more; without a snapshot every file is read first: ${ms(ix.loadNoSnapshot.ms)} (blocked ${ms(ix.loadNoSnapshot.blockedMs)})`,
      }),
    );
  } else out.push(missing('index.focusReconcile', 'Reconcile on window focus', failedSection('activation')));
  return out;
}

/** Streaming many deltas (lost, messages per frame, last text) and prompt → first delta vs the bare SDK. */
function streamFigures({ raw, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const st = raw.stream;
  const o = raw.overhead;
  if (st) {
    out.push(
      fig({
        id: 'stream.lost',
        figure: `Streaming ${st.deltas.toLocaleString('en-US')} deltas: deltas lost`,
        measured: String(st.missingTokens),
        baseline: '—',
        ratio: null,
        judged: {
          problems:
            st.missingTokens +
            st.extraTokens +
            Number(!st.inOrder) +
            Number(!st.sdkTextExact) +
            Number(!st.shownWhileStreamingIsPrefix) +
            Number(!st.finalComplete),
        },
        values: { ...st },
        note: `host got ${st.hostDeltas} deltas (text as sent: ${st.sdkTextExact}); the webview's streamed text has ${st.receivedTokens} tokens, compared with the ${st.deltas} sent: ${st.missingTokens} missing, ${st.extraTokens} extra, identical: ${st.inOrder}${st.firstDifferenceAt === undefined ? '' : ` (first difference at token ${st.firstDifferenceAt})`}; on screen while streaming: ${st.shownWhileStreamingTokens} tokens, a prefix of the reply: ${st.shownWhileStreamingIsPrefix}; final text complete: ${st.finalComplete}`,
      }),
    );
    out.push(
      fig({
        id: 'stream.messagesPerFrame',
        figure: 'Streaming: host→webview messages per frame while the deltas arrive (max)',
        measured: String(st.maxHostPostsPerFrame),
        baseline: `${st.maxHostDeltaPostsPerFrame} (deltas only)`,
        ratio: null,
        judged: { maxPerFrame: st.maxHostPostsPerFrame },
        values: { ...st },
        note: `${st.hostPosts} posts (${st.hostDeltaPosts} of deltas) in ${ms(st.streamMs)}; busiest 16.7 ms window: ${st.worstFrameTypes.join(', ')}; closest two delta posts ${ms(st.minDeltaPostGapMs)} apart; after the last delta, its text went at once (${ms(st.lastTextPostGapMs)} after the post before) and the finished reply a frame later; in the webview at most ${st.maxWebviewMessagesPerFrame} per animation frame (${st.webviewFrames} frames, longest frame ${ms(st.longestFrameGapMs)})`,
      }),
    );
    const base = o?.length ? median(o.map((r) => r.lastTextMs)) : Number.NaN;
    out.push(
      fig({
        id: 'stream.lastText',
        figure: 'Streaming: last text on screen after the last delta',
        measured: ms(st.lastTextMs),
        baseline: Number.isNaN(base) ? '—' : `${ms(base)} (20 deltas)`,
        ratio: Number.isNaN(base) ? null : st.lastTextMs / base,
        judged: { ms: st.lastTextMs },
        values: { lastTextMs: st.lastTextMs, fromWebviewReceipt: st.lastTextFromWebviewMs, shortStreams: o?.map((r) => r.lastTextMs) },
        note: `last delta at the host → posted ${ms(st.lastDeltaToPostMs)} → in the webview ${ms(st.postToWebviewMs)} → in the DOM ${ms(st.webviewToDomMs)}; the host received the ${st.deltas} deltas over ${ms(st.hostDeltaSpanMs)} (bare SDK: ${ms(st.bareDeltaSpanMs)})${st.clock ? `; the host's times on the webview's clock (its clock ${ms(st.clock.offsetMs)} ahead, ± ${ms(st.clock.uncertaintyMs)})` : ''}`,
      }),
    );
    out.push(
      fig({
        id: 'stream.longestFrame',
        figure: `Streaming ${st.deltas.toLocaleString('en-US')} deltas: longest webview frame`,
        measured: ms(st.longestFrameGapMs),
        baseline: '—',
        ratio: null,
        judged: { ms: st.longestFrameGapMs },
        values: { longestFrameGapMs: st.longestFrameGapMs, frames: st.webviewFrames },
        note: `the longest gap between two animation frames from the first delta to the end of the reply (${st.webviewFrames} frames; 16.7 ms is one frame at 60 Hz)${cpuNote(st.cpu, 'during the stream')}`,
      }),
    );
  } else out.push(missing('stream.lost', 'Streaming deltas', failedSection('panels')));
  if (o && o.length) {
    const first = median(o.map((r) => r.deltaToPostMs));
    out.push(
      fig({
        id: 'stream.firstDeltaPost',
        figure: "A turn's first delta: at the host → posted to the webview",
        measured: ms(first),
        baseline: '—',
        ratio: null,
        judged: { ms: first },
        values: { runs: o.map((r) => r.deltaToPostMs) },
        note: `median of ${o.length} turns; the longest ${ms(Math.max(...o.map((r) => r.deltaToPostMs)))}`,
      }),
    );
  }

  const fl = raw.floor;
  if (o && o.length && fl && fl.length) {
    const m = median(o.map((r) => r.panelMs));
    const b = median(fl.map((r) => r.ms));
    out.push(
      fig({
        id: 'overhead.floor',
        figure: 'Prompt → first delta on screen: panel vs a minimal webview panel on the bare SDK',
        measured: ms(m),
        baseline: ms(b),
        ratio: m / b,
        values: { floor: fl },
        note: `the floor: a webview panel of ${fl.length} runs that posts the prompt to the host, sends it with the SDK and shows the deltas, none of the product's code; its parts: webview → host ${ms(median(fl.map((r) => r.toHostMs)))}, send() → first delta ${ms(median(fl.map((r) => r.sendToDeltaMs)))}, delta → on screen ${ms(median(fl.map((r) => r.deltaToScreenMs)))} (relayed to the page ${ms(median(fl.map((r) => r.deltaToWebviewMs)))}, then shown ${ms(median(fl.map((r) => r.webviewToScreenMs)))}); the panel's: Enter → send() ${ms(median(o.map((r) => r.webviewToSendMs)))}, send() → first delta ${ms(median(o.map((r) => r.sendToDeltaMs)))}, delta → on screen ${ms(median(o.map((r) => r.deltaToPostMs + r.postToScreenMs)))} (relayed to the webview ${ms(median(o.map((r) => r.deltaToPostMs + r.postToWebviewMs)))}, then shown ${ms(median(o.map((r) => r.webviewToScreenMs)))})`,
      }),
    );
  } else out.push(missing('overhead.floor', 'Prompt → first delta on screen: panel vs a minimal webview panel', failedSection('panels')));
  if (o && o.length) {
    const m = median(o.map((r) => r.panelMs));
    const b = median(o.map((r) => r.bareMs));
    const part = (key: keyof OverheadRun) => ms(median(o.map((r) => r[key])));
    out.push(
      fig({
        id: 'overhead',
        figure: 'Prompt → first delta: panel (on screen) vs bare SDK',
        measured: ms(m),
        baseline: ms(b),
        ratio: m / b,
        values: { runs: o },
        note: `Enter → send() ${part('webviewToSendMs')}, send() → first delta ${part('sendToDeltaMs')}, delta → posted ${part('deltaToPostMs')}, posted → on screen ${part('postToScreenMs')}; the bare SDK's send() → first delta ${part('bareMs')} in a plain session, ${part('bareTrackedMs')} with file change tracking (as the product's sessions, for Restore to Here)`,
      }),
    );
  } else out.push(missing('overhead', 'Prompt → first delta: panel vs bare SDK', failedSection('panels')));
  return out;
}

/** n sessions at once vs one alone, runtime processes, memory growth. */
function concurrencyFigures({ raw, sizes, missing, failedSection }: Scope): Figure[] {
  const out: Figure[] = [];
  const c = raw.concurrency;
  if (c) {
    out.push(
      fig({
        id: 'concurrency',
        figure: `${c.n} sessions sending at once (${c.latency} ms model latency) vs one alone`,
        measured: ms(c.togetherMs),
        baseline: ms(c.aloneMs),
        ratio: c.togetherMs / c.aloneMs,
        values: { ...c },
        note: c.bare
          ? `the same with the bare SDK (one client, its own runtime): ${ms(c.bare.togetherMs)} vs ${ms(c.bare.aloneMs)} (${(c.bare.togetherMs / c.bare.aloneMs).toFixed(2)}x)`
          : undefined,
      }),
    );
    out.push(
      fig({
        id: 'concurrency.runtimes',
        figure: `Runtime processes for ${c.n} live sessions`,
        measured: String(c.maxRuntimes),
        baseline: '—',
        ratio: null,
        judged: { runtimes: c.maxRuntimes },
        values: { maxRuntimes: c.maxRuntimes },
      }),
    );
    const before = c.memoryBefore.extensionHostRssKiB + c.memoryBefore.runtimeRssKiB;
    const after = c.memoryAfter.extensionHostRssKiB + c.memoryAfter.runtimeRssKiB;
    const growth = after - before;
    out.push(
      fig({
        id: 'memory',
        figure: `Memory growth, runtime + extension host, ${c.n} live sessions`,
        measured: mib(growth),
        baseline: `${mib(before)} before`,
        ratio: after / before,
        judged: { growthMiB: growth / 1024 },
        values: { before: c.memoryBefore, live: c.memoryLive, after: c.memoryAfter },
        note: `extension host ${mib(c.memoryBefore.extensionHostRssKiB)} → ${mib(c.memoryAfter.extensionHostRssKiB)}, runtime ${mib(c.memoryBefore.runtimeRssKiB)} → ${mib(c.memoryAfter.runtimeRssKiB)} (VmRSS)`,
      }),
    );
  } else out.push(missing('concurrency', `${sizes.concurrent} sessions at once vs one`, failedSection('panels')));
  return out;
}

export function ratioCell(f: Pick<Figure, 'ratio' | 'goalOnRatio'>): string {
  if (f.ratio === null || !Number.isFinite(f.ratio)) return f.goalOnRatio ? '—' : 'not a ratio';
  return f.goalOnRatio ? `${f.ratio.toFixed(2)}x` : `not a ratio (${f.ratio.toFixed(2)}x, for information)`;
}

export function table(rows: Figure[]): string {
  const head = ['Figure', 'Measured', 'Baseline', 'Ratio', 'Goal', 'Met?'];
  const cells = rows.map((f) => [
    f.figure,
    f.measured,
    f.baseline,
    ratioCell(f),
    f.goal,
    f.status === 'met' ? 'yes' : f.status === 'missed' ? 'NO' : f.status,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Who kept the cores busy over a span: each kind of process's CPU over the span's wall time, in cores. */
export function cpuNote(cpu: CpuUse | undefined, during: string): string {
  if (!cpu?.byKind.length || !cpu.spanMs) return '';
  const top = cpu.byKind.slice(0, 5).map((p) => `${p.kind} ${(p.ms / cpu.spanMs).toFixed(2)}`);
  const total = cpu.byKind.reduce((sum, p) => sum + p.ms, 0) / cpu.spanMs;
  return `; CPU ${during}, in cores busy (of ${cpus().length}): ${top.join(', ')} (the top ${cpu.byKind.length} together ${total.toFixed(2)})`;
}
