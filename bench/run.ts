/**
 * The benchmark driver (`npm run bench`, see scripts/bench.mjs, which builds this and the extension first).
 *
 * It runs the real extension (production build), the real SDK and runtime, code-server and headless Chromium
 * against the stand-in model, in a throwaway sandbox, and measures each figure of the performance issue against a
 * baseline measured in the same run: these machines are shared and noisy, so ratios are what compare across runs;
 * absolute times are printed for information (and judged where the goal is absolute). Prints a table and writes
 * the JSON results. Benchmarks report: a missed goal does not fail the run; a benchmark that cannot run does.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import * as fx from '../test/fixtures/codeServer';
import { stopGroup, trackGroup } from '../test/fixtures/processes';
import { workspaceIndexDir } from '../src/sessions/indexFiles';
import { makeEntries, seedIndexFiles } from './lib/entries';
import { descendants, rssKiB, runtimesBelow } from './lib/proc';
import { median, round, sleep } from './lib/stats';
import type * as IndexBench from './indexBench';
import * as probes from './probes';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'bench-ext': { type: 'string' },
    vsix: { type: 'string' },
    'vsix-note': { type: 'string' },
    'run-dir': { type: 'string' },
    only: { type: 'string' },
  },
});

const quick = values.quick;
const SIZES = quick
  ? {
      sessions: 200,
      treeBaseline: 20,
      turns: 200,
      shortTurns: 20,
      deltas: 500,
      concurrent: 4,
      activationReps: 1,
      historyReps: 1,
      overheadReps: 3,
      concurrencyReps: 1,
      treeReps: 3,
    }
  : {
      sessions: 10_000,
      treeBaseline: 100,
      turns: 2_000,
      shortTurns: 20,
      deltas: 5_000,
      concurrent: 20,
      activationReps: 5,
      historyReps: 3,
      overheadReps: 11,
      concurrencyReps: 3,
      treeReps: 7,
    };
const MODEL = 'stand-in-alpha';
const LATENCY_MS = 500;
const SETTLE_MS = 2500;
/** The extension's quiet period before it writes the index snapshot (src/indexSync.ts). */
const SNAPSHOT_QUIET_S = 30;
const LONG_ID = 'bench-history-long';
const VIEW_ID = 'copilotSessions.sessions';
const SHORT_ID = 'bench-history-short';

const outDir = path.dirname(__filename);
const benchExt = values['bench-ext'] ?? path.join(outDir, 'ext');
const agentJs = path.join(outDir, 'hostAgent.js');
const sdkTasksJs = path.join(outDir, 'sdkTasks.js');
const runDir = values['run-dir'] ?? os.tmpdir();

// ---------------------------------------------------------------------------------------------------------------
// What was measured

interface Raw {
  versions: Record<string, string>;
  bundles?: { extensionBytes: number; webviewBytes: number; otherWebviews: Record<string, number>; vsixBytes?: number; vsixNote?: string };
  activation?: {
    sessions: number;
    empty: number[];
    index: number[];
    emptyCpu: number[];
    indexCpu: number[];
    warmup: { empty: number; index: number };
    client: Array<{ stateAtEnd: string; runtimesAtEnd: number; runtimeSpawnAfterMs?: number; readyAfterMs?: number }>;
  };
  tree?: { big: TreeResult; small: TreeResult; viewShownMs?: number };
  storage?: {
    sessions: number;
    /** All per-session files together, and the snapshot. */
    indexBytes: number;
    bytesPerSession: number;
    snapshotBytes: number;
    /** The snapshot after the 10,000-session windows closed: rewritten at close only when something changed. */
    snapshotAtClose?: { bytes: number; rewritten: boolean };
    writeBig?: Writes;
    writeEmpty?: Writes;
  };
  indexStorage?: Awaited<ReturnType<typeof IndexBench.indexBench>>;
  seed?: unknown[];
  history?: { turns: number; shortTurns: number; long: HistoryRun[]; short: HistoryRun[] };
  overhead?: OverheadRun[];
  stream?: StreamRun;
  concurrency?: ConcurrencyResult;
}
interface TreeResult {
  n: number;
  loadMs: number;
  childrenMs: number;
  childrenWithItemsMs: number;
  warmChildrenMs: number;
}
/** What one index change wrote: files in the extension's workspace storage, and its workspace state (IndexedDB). */
interface Writes {
  files: number;
  bytes: number;
  maxBytes: number;
  snapshotWritten: boolean;
  statePuts: number;
  stateBytes: number;
}
interface HistoryRun {
  /** history-rendered mark − getEvents() returned. */
  ms: number;
  messages: number;
  getEventsMs: number;
  events: number;
  /** open() called → history-rendered mark. */
  openMs: number;
  /** getEvents() returned → the host posted 'init' (waits for the webview's 'ready'). */
  toInitPostMs: number;
  /** 'init' posted → history-rendered mark (transfer, parse, render). */
  initToRenderedMs: number;
  /** getEvents() returned → the webview's DOMContentLoaded (negative: the webview was ready first). */
  webviewReadyMs: number;
  /** 'init' posted → its handling began in the webview (the long task that rendered it), when there was one. */
  initToWebviewMs?: number;
  /** Handling of 'init' in the webview → history-rendered mark. */
  webviewRenderMs?: number;
  /** The 'init' message: JSON size and history items. */
  initBytes?: number;
  initItems?: number;
}
interface OverheadRun {
  panelMs: number;
  bareMs: number;
  /** Enter in the webview → the extension called CopilotSession.send(). */
  webviewToSendMs: number;
  /** CopilotSession.send() → first delta at the host (the bare SDK's span). */
  sendToDeltaMs: number;
  /** First delta at the host → first message posted to the webview. */
  deltaToPostMs: number;
  /** That message posted → the delta in the DOM. */
  postToScreenMs: number;
  /** Last delta at the host → last text in the DOM (20 deltas). */
  lastTextMs: number;
}
interface StreamRun {
  lastDeltaToPostMs: number;
  postToWebviewMs: number;
  webviewToDomMs: number;
  hostDeltaSpanMs: number;
  bareDeltaSpanMs: number;
  minDeltaPostGapMs: number;
  longestFrameGapMs: number;
  deltas: number;
  hostDeltas: number;
  receivedTokens: number;
  /** Compared by content with what the model sent (a multiset of tokens): sent but not received, received but not sent. */
  missingTokens: number;
  extraTokens: number;
  /** The streamed text equals, character for character, what the model sent. */
  inOrder: boolean;
  /** Where the streamed text first differs from what the model sent (a token index), for diagnosis. */
  firstDifferenceAt?: number;
  /** The SDK handed the extension exactly what the model sent (its deltas, joined). */
  sdkTextExact: boolean;
  /** The reply's text on screen the last time it was seen streaming: tokens, and whether they start what was sent. */
  shownWhileStreamingTokens: number;
  shownWhileStreamingIsPrefix: boolean;
  finalComplete: boolean;
  hostPosts: number;
  hostDeltaPosts: number;
  maxHostPostsPerFrame: number;
  maxHostDeltaPostsPerFrame: number;
  worstFrameTypes: string[];
  webviewMessages: number;
  webviewFrames: number;
  maxWebviewMessagesPerFrame: number;
  lastTextMs: number;
  lastTextFromWebviewMs: number;
  streamMs: number;
}
interface Memory {
  extensionHostRssKiB: number;
  runtimeRssKiB: number;
  runtimeCount: number;
}
interface ConcurrencyResult {
  n: number;
  latency: number;
  aloneMs: number;
  togetherMs: number;
  maxRuntimes: number;
  memoryBefore: Memory;
  memoryLive: Memory;
  memoryAfter: Memory;
  bare?: { n: number; aloneMs: number; togetherMs: number };
}

const raw: Raw = { versions: {} };
const problems: Array<{ section: string; error: string }> = [];

function log(message: string): void {
  console.log(`  ${message}`);
}

/** `neededBy`: later sections that use what this one makes (it runs with `--only` any of them). */
async function section(name: string, fn: () => void | Promise<void>, neededBy: string[] = []): Promise<void> {
  const wanted = (n: string) => n.startsWith(values.only!);
  if (values.only && name !== 'bundle sizes' && !wanted(name) && !neededBy.some(wanted))
    return log(`${name}: skipped (--only ${values.only})`);
  const started = Date.now();
  console.log(`\n── ${name}`);
  try {
    await fn();
    log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    problems.push({ section: name, error: text.split('\n').slice(0, 4).join(' | ') });
    console.log(`  ✗ ${name} failed: ${text}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes: the stand-in SDK helpers (bench/sdkTasks.ts), each in its own process group

function runSdkTask(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [sdkTasksJs, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (!child.pid) return reject(new Error('could not start bench/sdkTasks'));
    const pid = child.pid;
    trackGroup(pid, `sdkTasks ${args[0]}`);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => void stopGroup(pid, 1000), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      void stopGroup(pid, 1000);
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last) resolve(JSON.parse(last));
      else reject(new Error(`sdkTasks ${args.join(' ')} exited ${code}: ${err.trim().slice(-1500)}`));
    });
  });
}

class BareSdk {
  private readonly lines: string[] = [];
  private waiter: ((line: string) => void) | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(line);
      } else this.lines.push(line);
    });
  }

  static async start(env: NodeJS.ProcessEnv, cwd: string): Promise<BareSdk> {
    const child = spawn(process.execPath, [sdkTasksJs, 'bare', '--cwd', cwd, '--model', MODEL], {
      env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (!child.pid) throw new Error('could not start the bare SDK helper');
    trackGroup(child.pid, 'bare SDK');
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const bare = new BareSdk(child);
    const first = await Promise.race([bare.next(), sleep(60_000).then(() => '')]);
    if (!first.includes('ready')) throw new Error(`the bare SDK helper did not start: ${err.slice(-1000)}`);
    return bare;
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private async ask<T>(command: string, timeoutMs = 300_000): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    const line = await Promise.race([this.next(), sleep(timeoutMs).then(() => '')]);
    if (!line) throw new Error(`the bare SDK helper did not answer "${command}" within ${timeoutMs / 1000} s`);
    return JSON.parse(line) as T;
  }

  send(prompt: string) {
    return this.ask<{ firstDeltaMs: number; lastDeltaMs: number; totalMs: number; deltas: number }>(`send ${prompt}`);
  }

  many(n: number, latencyMs: number, reps: number) {
    return this.ask<{ n: number; aloneMs: number; togetherMs: number }>(`many ${n} ${latencyMs} ${reps}`);
  }

  async stop(): Promise<void> {
    this.child.stdin.write('quit\n');
    const pid = this.child.pid!;
    const deadline = Date.now() + 5000;
    while (this.child.exitCode === null && Date.now() < deadline) await sleep(50);
    await stopGroup(pid, 2000);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The agent inside the extension host (bench/hostAgent.ts) and the driver's end of the channel

interface Agent {
  url: string;
  pid: number;
  workspace?: string;
  op<T = unknown>(name: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

function postJson(url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      url,
      { method: 'POST', timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

interface DriverServer {
  url: string;
  nextHello(timeoutMs: number): Promise<Agent>;
  close(): void;
}

function startDriverServer(): Promise<DriverServer> {
  let waiting: ((agent: Agent) => void) | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200).end('{}');
      if (req.url !== '/hello') return;
      const hello = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { url: string; pid: number; workspace?: string };
      const agent: Agent = {
        ...hello,
        async op<T>(name: string, args: Record<string, unknown> = {}, timeoutMs = 180_000): Promise<T> {
          const reply = (await postJson(`${hello.url}/op`, { name, args }, timeoutMs)) as { ok: boolean; value?: T; error?: string };
          if (!reply.ok) throw new Error(`agent ${name}: ${reply.error}`);
          return reply.value as T;
        },
      };
      const w = waiting;
      waiting = undefined;
      w?.(agent);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        nextHello(timeoutMs) {
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`the extension host agent did not call in within ${timeoutMs} ms`)), timeoutMs);
            waiting = (agent) => {
              clearTimeout(timer);
              res(agent);
            };
          });
        },
        close: () => server.close(),
      });
    });
  });
}

function webview(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready:visible').first().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** The panel's content frame as a Frame (evaluate with arguments), once it is there. */
function webviewFrame(page: Page): Promise<Frame> {
  return poll(
    'the webview frame',
    async () => {
      const outer = await page.locator('iframe.webview.ready:visible').first().elementHandle({ timeout: 1000 });
      const inner = await (await outer?.contentFrame())?.locator('iframe#active-frame').elementHandle({ timeout: 1000 });
      return (await inner?.contentFrame()) ?? null;
    },
    60_000,
    100,
  );
}

async function poll<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

type Status = 'met' | 'missed' | 'reported' | 'not measured';
interface Figure {
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

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mib = (kibValue: number) => `${(kibValue / 1024).toFixed(1)} MiB`;

function figures(): Figure[] {
  const out: Figure[] = [];
  const missing = (id: string, figure: string, goal: string, why: string): Figure => ({
    id,
    figure,
    measured: '—',
    baseline: '—',
    ratio: null,
    goal,
    status: 'not measured',
    values: {},
    note: why,
  });
  const failedSection = (name: string) => problems.find((p) => p.section.startsWith(name))?.error ?? 'not run';
  const n = SIZES.sessions.toLocaleString('en-US');

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
  } else out.push(missing('concurrency', `${SIZES.concurrent} sessions at once vs one`, '≤ 1.3x', failedSection('panels')));

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

function table(rows: Figure[]): string {
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

// ---------------------------------------------------------------------------------------------------------------
// The run

async function main(): Promise<number> {
  const started = Date.now();
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((v) => round(v, 2)),
  };
  console.log(
    `Benchmarks (${quick ? 'quick' : 'full'} mode) on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
  );
  console.log(`sizes: ${JSON.stringify(SIZES)}`);

  await section('bundle sizes', () => {
    const root = fx.repoRoot;
    const extensionBytes = statSync(path.join(root, 'dist', 'extension.js')).size;
    const webviewBytes = statSync(path.join(root, 'media', 'dist', 'webview.js')).size;
    const vsixBytes = values.vsix && existsSync(values.vsix) ? statSync(values.vsix).size : undefined;
    const otherWebviews = Object.fromEntries(
      readdirSync(path.join(root, 'media', 'dist'))
        .filter((f) => f.endsWith('.js') && f !== 'webview.js')
        .map((f) => [f, statSync(path.join(root, 'media', 'dist', f)).size]),
    );
    raw.bundles = { extensionBytes, webviewBytes, otherWebviews, vsixBytes, vsixNote: values['vsix-note'] };
    log(
      `dist/extension.js ${kib(extensionBytes)}, media/dist/webview.js ${kib(webviewBytes)}${Object.entries(otherWebviews)
        .map(([f, b]) => `, ${f} ${kib(b)}`)
        .join('')}${vsixBytes ? `, VSIX ${(vsixBytes / 1024 / 1024).toFixed(1)} MB` : ''}`,
    );
  });

  const sandbox = fx.createSandbox('bench', { base: runDir });
  const folders = { empty: path.join(sandbox.root, 'ws-empty'), index: path.join(sandbox.root, 'ws-index'), panels: sandbox.workspace };
  for (const dir of Object.values(folders)) mkdirSync(dir, { recursive: true });
  let model: fx.ModelServerProcess | undefined;
  let server: fx.CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof fx.launchBrowser>> | undefined;
  let driver: DriverServer | undefined;
  let bare: BareSdk | undefined;

  try {
    model = await fx.startModelServerProcess({ env: sandbox.env() });
    const env = sandbox.env(fx.standInEnv(model.url));

    await section(
      'seeding the long sessions (bare SDK + runtime)',
      async () => {
        raw.seed = [];
        for (const [id, turns] of [
          [LONG_ID, SIZES.turns],
          [SHORT_ID, SIZES.shortTurns],
        ] as const) {
          const result = await runSdkTask(
            ['seed', '--id', id, '--turns', String(turns), '--cwd', folders.panels, '--model', MODEL],
            env,
            300_000,
          );
          raw.seed.push(result);
          log(JSON.stringify(result));
        }
      },
      ['panels'],
    );

    driver = await startDriverServer();
    server = await fx.startCodeServer({ sandbox, env: { ...env, BENCH_DRIVER_URL: driver.url } });
    browser = await fx.launchBrowser({ env: sandbox.env() });
    raw.versions = { chromium: browser.version() };
    const context: BrowserContext = await browser.newContext({ viewport: fx.VIEWPORT });
    await context.addInitScript(probes.idbWriteHook, fx.EXTENSION_ID);
    let exited: (() => void) | undefined;
    await context.exposeFunction('codeAutomationExit', () => exited?.());
    await context.exposeFunction('codeAutomationLog', () => undefined);
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(benchExt)],
      ['extensionTestsPath', server.remoteUri(agentJs)],
    ] as Array<[string, string]>;
    const consoleLog = path.join(sandbox.logs, 'browser-console.log');

    /** One workbench window on `folder` with the agent in its extension host; the host ends with the window. */
    const withWindow = async <T>(folder: string, fn: (agent: Agent, page: Page) => Promise<T>): Promise<T> => {
      const page = await context.newPage();
      page.on('pageerror', (err) => writeFileSync(consoleLog, `[pageerror] ${String(err)}\n`, { flag: 'a' }));
      page.on('console', (msg) => {
        if (msg.type() === 'error') writeFileSync(consoleLog, `[error] ${msg.text()}\n`, { flag: 'a' });
      });
      const hello = driver!.nextHello(120_000);
      const exit = new Promise<void>((resolve) => (exited = resolve));
      await page.goto(server!.workbenchUrl({ folder, payload }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const agent = await hello;
      try {
        if (agent.workspace && path.resolve(agent.workspace) !== path.resolve(folder))
          throw new Error(`agent answered from ${agent.workspace}, expected ${folder}`);
        await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
        await sleep(SETTLE_MS);
        return await fn(agent, page);
      } finally {
        await agent.op('exit', {}, 10_000).catch(() => undefined);
        await Promise.race([exit, sleep(15_000)]);
        await page.close().catch(() => undefined);
        const deadline = Date.now() + 15_000;
        while (processAlive(agent.pid) && Date.now() < deadline) await sleep(100);
        if (processAlive(agent.pid)) {
          // An extension host of ours (a child of our code-server) that outlived its window: end it by its id.
          log(`extension host ${agent.pid} still running after its window closed: stopping it`);
          for (const child of descendants(agent.pid)) process.kill(child.pid, 'SIGTERM');
          process.kill(agent.pid, 'SIGTERM');
          await sleep(1000);
        }
      }
    };

    /** First window on a folder (not counted: the workbench creates its state and the workspace storage folder). */
    const firstWindow = async (name: keyof typeof folders): Promise<number> =>
      withWindow(folders[name], async (agent) => {
        const info = await agent.op<{ vscode: string; node: string }>('info');
        raw.versions.vscode = info.vscode;
        raw.versions.extensionHostNode = info.node;
        return (await agent.op<{ activationMs: number }>('activate')).activationMs;
      });

    /** The folder's index in the extension's global storage (where the extension keeps it, src/indexFiles.ts). */
    const storageDirOf = (name: keyof typeof folders): string =>
      workspaceIndexDir(path.join(sandbox.userData, 'User', 'globalStorage', fx.EXTENSION_ID), folders[name]);

    /** Every file under a folder with its size and modification time. */
    const filesUnder = (dir: string): Map<string, { size: number; mtimeMs: number }> => {
      const found = new Map<string, { size: number; mtimeMs: number }>();
      const walk = (d: string) => {
        for (const entry of existsSync(d) ? readdirSync(d, { withFileTypes: true }) : []) {
          const full = path.join(d, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.isFile()) {
            const st = statSync(full);
            found.set(full, { size: st.size, mtimeMs: st.mtimeMs });
          }
        }
      };
      walk(dir);
      return found;
    };

    /** One index change (a new session): the files it wrote in workspace storage and its workspace state writes. */
    const oneChange = async (agent: Agent, page: Page, storageDir: string): Promise<Writes> => {
      const before = filesUnder(storageDir);
      await page.evaluate(() => ((window as unknown as { __benchIdb: unknown[] }).__benchIdb.length = 0));
      await agent.op('create', { model: MODEL });
      await sleep(1500);
      const after = filesUnder(storageDir);
      const written = [...after].filter(([file, st]) => before.get(file)?.mtimeMs !== st.mtimeMs || before.get(file)?.size !== st.size);
      const snapshot = written.filter(([file]) => path.basename(file) === 'index.json');
      const entries = written.filter(([file]) => path.basename(file) !== 'index.json');
      const state = await page.evaluate(() =>
        (window as unknown as { __benchIdb: Array<{ bytes: number; db: string }> }).__benchIdb.filter((w) => !w.db.endsWith('-global')),
      );
      return {
        files: entries.length,
        bytes: entries.reduce((sum, [, st]) => sum + st.size, 0),
        maxBytes: Math.max(0, ...written.map(([, st]) => st.size)),
        snapshotWritten: snapshot.length > 0,
        statePuts: state.length,
        stateBytes: state.reduce((sum, w) => sum + Math.max(0, w.bytes), 0),
      };
    };

    await section('activation, Sessions view, index storage', async () => {
      const warmEmpty = await firstWindow('empty');
      const warmIndex = await firstWindow('index');
      log(`first windows (not counted): activation ${ms(warmEmpty)} empty, ${ms(warmIndex)} before seeding`);
      const entries = makeEntries(SIZES.sessions);
      const storage = { index: storageDirOf('index'), empty: storageDirOf('empty') };
      // As a window of the extension leaves them: one file per session, and the snapshot.
      const seeded = await seedIndexFiles(storage.index, entries);
      raw.storage = {
        sessions: SIZES.sessions,
        indexBytes: seeded.fileBytes,
        bytesPerSession: seeded.fileBytes / SIZES.sessions,
        snapshotBytes: seeded.snapshotBytes,
      };
      log(
        `seeded ${seeded.files} session files (${kib(seeded.fileBytes)}, ${raw.storage.bytesPerSession.toFixed(0)} B per session) and a snapshot of ${kib(seeded.snapshotBytes)}`,
      );

      const result: NonNullable<Raw['activation']> = {
        sessions: SIZES.sessions,
        empty: [],
        index: [],
        emptyCpu: [],
        indexCpu: [],
        warmup: { empty: warmEmpty, index: warmIndex },
        client: [],
      };
      raw.activation = result;
      const snapshotFile = path.join(storage.index, 'index.json');
      for (let rep = 0; rep < SIZES.activationReps; rep++) {
        const order: Array<'empty' | 'index'> = rep % 2 ? ['index', 'empty'] : ['empty', 'index'];
        for (const which of order) {
          const snapshotBefore = statSync(snapshotFile).mtimeMs;
          await withWindow(folders[which], async (agent, page) => {
            const act = await agent.op<{
              activationMs: number;
              activationCpuMs: number;
              stateAtEnd: string;
              runtimesAtEnd: number;
              runtimeSpawnAfterMs?: number;
              readyAfterMs?: number;
              sessions: number;
            }>('activate');
            result[which].push(act.activationMs);
            result[which === 'empty' ? 'emptyCpu' : 'indexCpu'].push(act.activationCpuMs);
            result.client.push({
              stateAtEnd: act.stateAtEnd,
              runtimesAtEnd: act.runtimesAtEnd,
              runtimeSpawnAfterMs: act.runtimeSpawnAfterMs,
              readyAfterMs: act.readyAfterMs,
            });
            log(
              `${which}: activation ${ms(act.activationMs)} (CPU ${ms(act.activationCpuMs)}) with ${act.sessions} session(s); client ${act.stateAtEnd} at the end of activate(), runtime spawned ${act.runtimeSpawnAfterMs === undefined ? 'never' : ms(act.runtimeSpawnAfterMs)} after, ready ${act.readyAfterMs === undefined ? 'never' : ms(act.readyAfterMs)} after`,
            );
            if (rep === SIZES.activationReps - 1) {
              if (which === 'index') {
                const big = await agent.op<TreeResult>('tree', { n: SIZES.sessions, reps: SIZES.treeReps });
                const small = await agent.op<TreeResult>('tree', { n: SIZES.treeBaseline, reps: SIZES.treeReps });
                raw.tree = { big, small };
                log(
                  `tree: ${SIZES.sessions} → children ${ms(big.childrenMs)}, with items ${ms(big.childrenWithItemsMs)}; ${SIZES.treeBaseline} → ${ms(small.childrenWithItemsMs)}`,
                );
                raw.storage!.writeBig = await oneChange(agent, page, storage.index);
                log(`one change with ${SIZES.sessions} sessions: ${JSON.stringify(raw.storage!.writeBig)}`);
                // End to end, for information: the view shown in the workbench, until its first row is on screen.
                const shown = Date.now();
                await agent.op('command', { id: `${VIEW_ID}.focus` });
                await page.locator('.sidebar .monaco-list-row').first().waitFor({ state: 'visible', timeout: 120_000 });
                raw.tree.viewShownMs = Date.now() - shown;
                log(`Sessions view shown with ${SIZES.sessions} sessions: first row on screen after ${ms(raw.tree.viewShownMs)}`);
                raw.indexStorage = await agent.op<NonNullable<Raw['indexStorage']>>('indexStorage', {
                  n: SIZES.sessions,
                  reps: Math.min(3, SIZES.treeReps),
                });
                const { samples: _samples, ...indexFigures } = raw.indexStorage;
                log(`index storage: ${JSON.stringify(indexFigures)}`);
              } else {
                raw.storage!.writeEmpty = await oneChange(agent, page, storage.empty);
                log(`one change with an empty index: ${JSON.stringify(raw.storage!.writeEmpty)}`);
              }
            }
          });
          if (which === 'index' && rep === SIZES.activationReps - 1) {
            const st = statSync(snapshotFile);
            raw.storage.snapshotAtClose = { bytes: st.size, rewritten: st.mtimeMs !== snapshotBefore };
            log(`snapshot after the window closed: ${JSON.stringify(raw.storage.snapshotAtClose)}`);
          }
        }
      }
    });

    await section('panels: history, overhead, streaming, 20 sessions', async () => {
      await firstWindow('panels');
      const entries = [
        { id: LONG_ID, model: MODEL, created: Date.now() - 3_600_000, lastActive: Date.now() - 60_000, title: 'A long conversation' },
        { id: SHORT_ID, model: MODEL, created: Date.now() - 3_600_000, lastActive: Date.now() - 120_000, title: 'A short conversation' },
      ];
      await seedIndexFiles(storageDirOf('panels'), entries);
      // The baseline of the overhead figure: a bare SDK client, warmed up like the panel's session.
      bare = await BareSdk.start(env, folders.panels);
      await bare.send('#long:20 warm up');

      await withWindow(folders.panels, async (agent, page) => {
        await agent.op('activate');
        await agent.op('hookWebviews');
        await agent.op('closeEditors');
        type Timeline = {
          sends: Array<{ sessionId: string; t: number }>;
          posts: Array<{ t: number; type: string; sessionId?: string; deltas: number }>;
        };
        type Deltas = Array<{ messageId: string; count: number; first: number; last: number; text: string }>;

        const history: NonNullable<Raw['history']> = { turns: SIZES.turns, shortTurns: SIZES.shortTurns, long: [], short: [] };
        raw.history = history;
        for (let rep = 0; rep < SIZES.historyReps; rep++) {
          for (const [id, list] of [
            [SHORT_ID, history.short],
            [LONG_ID, history.long],
          ] as const) {
            const opened = await agent.op<{ callAt: number; doneAt: number; getEvents?: { end: number; start: number; count: number } }>(
              'open',
              { id },
            );
            const frame = await webviewFrame(page);
            const mark = await poll('the history-rendered mark', () => frame.evaluate(probes.historyMark), 60_000);
            if (!opened.getEvents) throw new Error(`no getEvents() call was seen while opening ${id}`);
            const timeline = await agent.op<Timeline>('timeline', { since: opened.callAt });
            const init = timeline.posts.find((p) => p.type === 'init' && p.sessionId === id);
            if (!init) throw new Error(`no 'init' message was posted to the panel of ${id}`);
            const ge = opened.getEvents;
            const run: HistoryRun = {
              ms: mark.at - ge.end,
              messages: mark.messages,
              getEventsMs: ge.end - ge.start,
              events: ge.count,
              openMs: mark.at - opened.callAt,
              toInitPostMs: init.t - ge.end,
              initToRenderedMs: mark.at - init.t,
              webviewReadyMs: mark.domReady - ge.end,
              initToWebviewMs: mark.taskStart === undefined ? undefined : mark.taskStart - init.t,
              webviewRenderMs: mark.taskStart === undefined ? undefined : mark.at - mark.taskStart,
              initBytes: (init as { bytes?: number }).bytes,
              initItems: (init as { items?: number }).items,
            };
            list.push(run);
            const split =
              run.webviewRenderMs === undefined
                ? ''
                : ` (${ms(run.initToWebviewMs!)} to reach the webview, ${ms(run.webviewRenderMs)} to render)`;
            log(
              `${id}: history on screen ${ms(run.ms)} after getEvents() returned (${run.events} events in ${ms(run.getEventsMs)}); init posted +${ms(run.toInitPostMs)}, webview ready ${ms(run.webviewReadyMs)}, rendered ${ms(run.initToRenderedMs)} after init${split}; ${run.messages} message elements; ${ms(run.openMs)} from open`,
            );
            await agent.op('closeEditors');
            await poll('the panel to close', async () => (await page.locator('iframe.webview.ready:visible').count()) === 0, 15_000);
            await sleep(300);
          }
        }

        // A fresh session in a panel: prompt → first delta on screen, alternating with the bare SDK.
        const created = await agent.op<{ sessionId: string }>('create', { model: MODEL, open: true });
        const sessionId = created.sessionId;
        const panel = webview(page);
        await panel.locator('#prompt').waitFor({ state: 'visible', timeout: 60_000 });
        const frame = await webviewFrame(page);
        await frame.evaluate(probes.installRecorder);
        const sendFromPanel = async (prompt: string, firstToken: string, finalToken: string, timeoutMs: number) => {
          await frame.evaluate(probes.startRecording, { firstToken, finalToken });
          const box = panel.locator('#prompt');
          await box.fill(prompt);
          await box.press('Enter');
          await poll(`the reply to "${prompt}"`, () => frame.evaluate(probes.recordingDone), timeoutMs, 50);
          return frame.evaluate(probes.stopRecording);
        };
        await sendFromPanel('#long:20 warm up', 'w0', 'w19', 60_000);
        const overhead: OverheadRun[] = [];
        raw.overhead = overhead;
        for (let rep = 0; rep < SIZES.overheadReps; rep++) {
          const b = await bare!.send(`#long:20 overhead ${rep}`);
          const since = Date.now();
          const r = await sendFromPanel(`#long:20 overhead ${rep}`, 'w0', 'w19', 60_000);
          const timeline = await agent.op<Timeline>('timeline', { since });
          const d = (await agent.op<Deltas>('deltas', { id: sessionId, since }))[0];
          const sent = timeline.sends.find((x) => x.sessionId === sessionId);
          if (!d || !sent) throw new Error('the hooks saw no send or no delta for the panel prompt');
          const firstPost = timeline.posts.find((x) => x.t >= d.first);
          const run: OverheadRun = {
            panelMs: r.firstAt - r.sendAt,
            bareMs: b.firstDeltaMs,
            webviewToSendMs: sent.t - r.sendAt,
            sendToDeltaMs: d.first - sent.t,
            deltaToPostMs: firstPost ? firstPost.t - d.first : Number.NaN,
            postToScreenMs: firstPost ? r.firstAt - firstPost.t : Number.NaN,
            lastTextMs: r.lastAt - d.last,
          };
          overhead.push(run);
          log(
            `rep ${rep + 1}: panel ${ms(run.panelMs)} (Enter → send() ${ms(run.webviewToSendMs)}, send() → delta ${ms(run.sendToDeltaMs)}, → posted ${ms(run.deltaToPostMs)}, → on screen ${ms(run.postToScreenMs)}), bare SDK ${ms(run.bareMs)}`,
          );
        }
        // Bare-SDK counterparts of the streaming and concurrency figures, for the notes.
        const bareStream = await bare!.send(`#long:${SIZES.deltas} bare stream`);
        const bareMany = await bare!.many(SIZES.concurrent, LATENCY_MS, SIZES.concurrencyReps);
        log(
          `bare SDK: ${bareStream.deltas} deltas over ${ms(bareStream.lastDeltaMs - bareStream.firstDeltaMs)}; ${bareMany.n} at once ${ms(bareMany.togetherMs)} vs alone ${ms(bareMany.aloneMs)}`,
        );
        await bare!.stop();
        bare = undefined;

        // Streaming as fast as the model sends.
        const n = SIZES.deltas;
        const since = Date.now();
        const r = await sendFromPanel(`#long:${n} stream`, 'w0', `w${n - 1}`, 300_000);
        const d = (await agent.op<Deltas>('deltas', { id: sessionId, since }))[0];
        if (!d) throw new Error('the hooks saw no streamed delta');
        const timeline = await agent.op<Timeline>('timeline', { since });
        const streamed = r.stream[d.messageId] ?? Object.values(r.stream).sort((x, y) => y.length - x.length)[0] ?? '';
        // Compared by content: what the model sent (`#long:n` streams "w0 ", "w1 ", ...), what the SDK handed the
        // extension, what the webview built from the host's messages, and what it showed while streaming.
        const expected = Array.from({ length: n }, (_, i) => `w${i} `).join('');
        const expectedTokens = expected.split(/\s+/).filter(Boolean);
        const tokens = streamed.split(/\s+/).filter(Boolean);
        const unmatched = new Map<string, number>();
        for (const token of expectedTokens) unmatched.set(token, (unmatched.get(token) ?? 0) + 1);
        let extraTokens = 0;
        for (const token of tokens) {
          const left = unmatched.get(token) ?? 0;
          if (left > 0) unmatched.set(token, left - 1);
          else extraTokens++;
        }
        const missingTokens = [...unmatched.values()].reduce((sum, left) => sum + left, 0);
        const differsAt = tokens.findIndex((token, i) => token !== expectedTokens[i]);
        const shown = r.streamingText.split(/\s+/).filter(Boolean);
        const finalTokens = r.finalText.split(/\s+/).filter(Boolean);
        const posts = timeline.posts.filter((p) => p.t >= d.first && p.t <= r.doneAt);
        const FRAME = 1000 / 60;
        const busiest = (list: typeof posts) => {
          let best: typeof posts = [];
          for (let i = 0, j = 0; i < list.length; i++) {
            while (list[i].t - list[j].t >= FRAME) j++;
            if (i - j + 1 > best.length) best = list.slice(j, i + 1);
          }
          return best;
        };
        const worst = busiest(posts);
        const firstMsg = r.msgs.find((m) => m.type === 'deltas' || m.type === 'upsert')?.t ?? r.sendAt;
        const windowMsgs = r.msgs.filter((m) => m.t >= firstMsg && m.t <= r.doneAt);
        const frames = r.frames.filter((f) => f >= firstMsg && f <= r.doneAt);
        const perFrame = new Map<number, number>();
        for (const m of windowMsgs) {
          const slot = frames.filter((f) => f <= m.t).length;
          perFrame.set(slot, (perFrame.get(slot) ?? 0) + 1);
        }
        const lastDeltaMsg = [...r.msgs].reverse().find((m) => m.type === 'deltas');
        const lastPost = timeline.posts.find((p) => p.t >= d.last);
        const lastArrival = lastPost ? r.msgs.find((m) => m.t >= lastPost.t) : undefined;
        raw.stream = {
          lastDeltaToPostMs: lastPost ? lastPost.t - d.last : Number.NaN,
          postToWebviewMs: lastPost && lastArrival ? lastArrival.t - lastPost.t : Number.NaN,
          webviewToDomMs: lastArrival ? r.lastAt - lastArrival.t : Number.NaN,
          hostDeltaSpanMs: d.last - d.first,
          minDeltaPostGapMs: Math.min(
            ...posts.filter((p) => p.type === 'deltas').map((p, i, list) => (i ? p.t - list[i - 1].t : Number.POSITIVE_INFINITY)),
          ),
          longestFrameGapMs: Math.max(0, ...frames.map((f, i) => (i ? f - frames[i - 1] : 0))),
          bareDeltaSpanMs: bareStream.lastDeltaMs - bareStream.firstDeltaMs,
          deltas: n,
          hostDeltas: d.count,
          receivedTokens: tokens.length,
          missingTokens,
          extraTokens,
          inOrder: streamed === expected,
          firstDifferenceAt: streamed === expected ? undefined : differsAt >= 0 ? differsAt : Math.min(tokens.length, n),
          sdkTextExact: d.text === expected,
          shownWhileStreamingTokens: shown.length,
          shownWhileStreamingIsPrefix: shown.every((token, i) => token === expectedTokens[i]),
          finalComplete: finalTokens.length === n && finalTokens.every((token, i) => token === `w${i}`),
          hostPosts: posts.length,
          hostDeltaPosts: posts.filter((p) => p.type === 'deltas').length,
          maxHostPostsPerFrame: worst.length,
          maxHostDeltaPostsPerFrame: busiest(posts.filter((p) => p.type === 'deltas')).length,
          worstFrameTypes: worst.map((p) => p.type),
          webviewMessages: windowMsgs.length,
          webviewFrames: frames.length,
          maxWebviewMessagesPerFrame: Math.max(0, ...perFrame.values()),
          lastTextMs: r.lastAt - d.last,
          lastTextFromWebviewMs: lastDeltaMsg ? r.lastAt - lastDeltaMsg.t : Number.NaN,
          streamMs: r.doneAt - d.first,
        };
        log(`stream: ${JSON.stringify(raw.stream)}`);
        await agent.op('closeEditors');

        // n live sessions through the one shared client; memory before and after.
        const c = await agent.op<ConcurrencyResult>(
          'concurrency',
          { n: SIZES.concurrent, latencyMs: LATENCY_MS, reps: SIZES.concurrencyReps, model: MODEL },
          600_000,
        );
        raw.concurrency = { ...c, bare: bareMany };
        log(
          `${c.n} at once ${ms(c.togetherMs)} vs alone ${ms(c.aloneMs)}; runtimes ${c.maxRuntimes}; memory ${JSON.stringify({ before: c.memoryBefore, after: c.memoryAfter })}`,
        );
        log(
          `code-server process tree: ${descendants(server!.pid).length} processes, runtimes below code-server: ${runtimesBelow(server!.pid).length}, code-server RSS ${mib(rssKiB(server!.pid))}`,
        );
      });
    });
  } finally {
    await bare?.stop().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await model?.stop();
    driver?.close();
    await fx.stopAll();
  }

  const rows = figures();
  console.log(`\n${table(rows)}\n`);
  console.log('Ratios compare against a baseline measured in this run; absolute times are for information on this machine.');
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}, VS Code ${raw.versions.vscode ?? '?'} (code-server, extension host Node ${raw.versions.extensionHostNode ?? '?'}), Chromium ${raw.versions.chromium ?? '?'}; load average ${machine.loadAverage.join(' ')} at the start.`,
  );
  console.log('\nNotes:');
  for (const f of rows) if (f.note) console.log(`  ${f.id}: ${f.note}`);
  const missed = rows.filter((f) => f.status === 'missed');
  if (missed.length) console.log(`Missed: ${missed.map((f) => f.id).join(', ')}`);
  for (const p of problems) console.log(`✗ ${p.section}: ${p.error}`);
  const results = {
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    seconds: round((Date.now() - started) / 1000, 1),
    machine: { ...machine, ...raw.versions, loadAverageAtEnd: os.loadavg().map((v) => round(v, 2)) },
    sizes: SIZES,
    figures: rows,
    problems,
    raw,
  };
  if (values.out) {
    mkdirSync(path.dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results: ${values.out}`);
  }
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
