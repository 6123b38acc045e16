/**
 * The benchmark's agent inside the real extension host (loaded as `extensionTestsPath` through the smoke-test
 * payload, like the integration tier). It serves a small JSON API on 127.0.0.1 and announces itself to the driver
 * at $BENCH_DRIVER_URL; the driver (bench/run.ts) calls one operation at a time and drives the browser in between.
 * run() resolves when the driver sends `exit`, which ends the extension host.
 *
 * Everything measured here goes through the extension's public API (src/api.ts) and the real SDK and runtime. Two
 * observation hooks are added to the SDK module the extension loaded (same file, same module instance), after
 * activation has been measured: the time getEvents() returns and the time each streamed delta reaches the host.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session as InspectorSession } from 'node:inspector';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as vscode from 'vscode';
import type * as CopilotSdk from '@github/copilot-sdk';
import type { CopilotSessionsApi } from '../src/api';
import { rssKiB, runtimeMemory, runtimesBelow } from './lib/proc';
import { epochNow, median, sleep } from './lib/stats';
import type * as FloorPanel from './floorPanel';
import type * as IndexBench from './indexBench';
import type * as SearchBench from './searchBench';
import type * as TreeBench from './treeBench';

// Only type imports from src/ here: the agent must not load the SDK (or anything the extension loads) before the
// extension's own activation has been measured.

const EXTENSION_ID = 'copilot-sessions.copilot-sessions';

interface GetEventsRecord {
  sessionId: string;
  start: number;
  end: number;
  count: number;
}
interface DeltaRecord {
  messageId: string;
  count: number;
  first: number;
  last: number;
  /** The deltas' text, in the order the SDK delivered them: what the webview must end up with. */
  text: string;
}
interface PostRecord {
  t: number;
  type: string;
  sessionId?: string;
  deltas: number;
  /** A batch's messages, by type. */
  inner?: string[];
  /** For 'init': the message's JSON size and its history items. */
  bytes?: number;
  items?: number;
}

const hooks = {
  installed: false,
  getEvents: [] as GetEventsRecord[],
  /** Per session, per streamed message. */
  deltas: new Map<string, Map<string, DeltaRecord>>(),
  /** When the extension called CopilotSession.send(). */
  sends: [] as Array<{ sessionId: string; t: number }>,
  /** Every message any webview of this host was sent (see hookWebviews). */
  posts: [] as PostRecord[],
  webviewsHooked: false,
};

let api: CopilotSessionsApi | undefined;

function extension(): vscode.Extension<CopilotSessionsApi> {
  const ext = vscode.extensions.getExtension<CopilotSessionsApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

function requireApi(): CopilotSessionsApi {
  if (!api) throw new Error('activate first');
  return api;
}

/** Wraps getEvents() and each session's event handler in the SDK module the extension itself loaded. */
function installHooks(extensionPath: string): void {
  if (hooks.installed) return;
  hooks.installed = true;
  const sdkRequire = createRequire(path.join(extensionPath, 'dist', 'extension.js'));
  const sdk = sdkRequire('@github/copilot-sdk') as typeof CopilotSdk;
  // The prototype's methods as plain functions of their `this`, kept to be called on the instance they were called on.
  type SessionThis = { sessionId: string };
  const session = sdk.CopilotSession.prototype as unknown as {
    getEvents: (this: SessionThis) => Promise<unknown[]>;
    send: (this: SessionThis, options: unknown) => Promise<string>;
  };
  const getEvents = session.getEvents;
  session.getEvents = async function (this: SessionThis) {
    const start = epochNow();
    const events = await getEvents.call(this);
    hooks.getEvents.push({ sessionId: this.sessionId, start, end: epochNow(), count: events.length });
    return events;
  };
  const send = session.send;
  session.send = function (this: SessionThis, options: unknown) {
    hooks.sends.push({ sessionId: this.sessionId, t: epochNow() });
    return send.call(this, options);
  };
  type Config = {
    onEvent?: (event: { type: string; data?: { messageId?: string; deltaContent?: string; parentToolCallId?: string } }) => void;
    sessionId?: string;
  };
  const client = sdk.CopilotClient.prototype as unknown as Record<string, (this: unknown, ...args: unknown[]) => unknown>;
  const wrap = (sessionId: string | undefined, config: Config | undefined): Config | undefined => {
    if (!config?.onEvent || !sessionId) return config;
    const inner = config.onEvent;
    return {
      ...config,
      onEvent: (event) => {
        if (event.type === 'assistant.message_delta' && !event.data?.parentToolCallId) {
          const now = epochNow();
          const messageId = event.data?.messageId ?? '?';
          const perSession = hooks.deltas.get(sessionId) ?? new Map<string, DeltaRecord>();
          hooks.deltas.set(sessionId, perSession);
          const record = perSession.get(messageId) ?? { messageId, count: 0, first: now, last: now, text: '' };
          perSession.set(messageId, record);
          record.count++;
          record.last = now;
          record.text += event.data?.deltaContent ?? '';
        }
        inner(event);
      },
    };
  };
  const create = client.createSession;
  client.createSession = function (this: unknown, config: unknown, ...rest: unknown[]) {
    return create.call(this, wrap((config as Config | undefined)?.sessionId, config as Config), ...rest);
  };
  const resume = client.resumeSession;
  client.resumeSession = function (this: unknown, sessionId: unknown, config: unknown, ...rest: unknown[]) {
    return resume.call(this, sessionId, wrap(String(sessionId), config as Config), ...rest);
  };
}

function memory() {
  const runtime = runtimeMemory(process.pid);
  return {
    extensionHostPid: process.pid,
    extensionHostRssKiB: rssKiB(process.pid),
    heapUsedKiB: Math.round(process.memoryUsage().heapUsed / 1024),
    runtimeRssKiB: runtime.rssKiB,
    runtimeCount: runtime.count,
  };
}

type Args = Record<string, unknown>;

/** An argument as text. The driver sends JSON: its scalars as String() formats them, anything else as JSON. */
function argText(value: unknown): string {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The CPU profile being recorded (profileStart → profileStop). */
let profiler: InspectorSession | undefined;

function inspectorPost(session: InspectorSession, method: string, params: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

/** The agent's operations: each returns its JSON reply's value, or a promise of it (see run()'s dispatch). */
const operations: Record<string, (args: Args) => unknown> = {
  /** A CPU profile of this extension host (where the product's host code spends a span), for BENCH_PROFILE_HOST. */
  async profileStart() {
    profiler = new InspectorSession();
    profiler.connect();
    await inspectorPost(profiler, 'Profiler.enable');
    await inspectorPost(profiler, 'Profiler.setSamplingInterval', { interval: 200 });
    await inspectorPost(profiler, 'Profiler.start');
    return true;
  },

  async profileStop(args) {
    const session = profiler;
    profiler = undefined;
    if (!session) return false;
    const { profile } = (await inspectorPost(session, 'Profiler.stop')) as { profile: unknown };
    session.disconnect();
    writeFileSync(argText(args.file), JSON.stringify(profile));
    return true;
  },

  info() {
    const ext = extension();
    return {
      pid: process.pid,
      extensionPath: ext.extensionPath,
      isActive: ext.isActive,
      vscode: vscode.version,
      node: process.versions.node,
    };
  },

  /** Activation as VS Code performs it (module load, workspace state, activate()), timed from here. */
  async activate() {
    const ext = extension();
    if (ext.isActive) throw new Error('the extension was already active: activation cannot be measured in this window');
    const before = runtimesBelow(process.pid).length;
    const cpu0 = process.cpuUsage();
    const startedAt = epochNow();
    const t0 = performance.now();
    api = await ext.activate();
    const activationMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    // CPU time of the extension host process over the same span: less sensitive to other processes than wall time.
    const activationCpuMs = (cpu.user + cpu.system) / 1000;
    const activatedAt = performance.now();
    const runtimesAtEnd = runtimesBelow(process.pid).length - before;
    const stateAtEnd = api.clientState.kind;
    installHooks(ext.extensionPath);
    // After activation: when does the runtime process appear, and when is the client ready?
    let runtimeSpawnAfterMs: number | undefined;
    let readyAfterMs: number | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (runtimeSpawnAfterMs === undefined || readyAfterMs === undefined)) {
      if (runtimeSpawnAfterMs === undefined && runtimesBelow(process.pid).length > before)
        runtimeSpawnAfterMs = performance.now() - activatedAt;
      const kind = api.clientState.kind;
      if (readyAfterMs === undefined && (kind === 'ready' || kind === 'notSignedIn' || kind === 'error'))
        readyAfterMs = performance.now() - activatedAt;
      await sleep(20);
    }
    return {
      activationMs,
      activationCpuMs,
      startedAt,
      runtimesAtEnd,
      stateAtEnd,
      runtimeSpawnAfterMs,
      readyAfterMs,
      clientState: api.clientState,
      sessions: (await api.list()).length,
    };
  },

  /** The Sessions view's provider over n entries (bench/treeBench.ts, loaded only now: it brings the SDK module). */
  async tree(args) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded only now: an import would load it (and the SDK) with the agent
    const mod = require(path.join(__dirname, 'treeBench.js')) as typeof TreeBench;
    return mod.treeBench(Number(args.n), Number(args.reps ?? 5));
  },

  /** The index's storage over n sessions: load, background check, focus reconcile (bench/indexBench.ts). */
  async indexStorage(args) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded only after activation was measured
    const mod = require(path.join(__dirname, 'indexBench.js')) as typeof IndexBench;
    return mod.indexBench(Number(args.n), Number(args.reps ?? 3));
  },

  /** Search over many sessions with the product's SessionSearch and its per-session files (bench/searchBench.ts). */
  search(args) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded only now
    const mod = require(path.join(__dirname, 'searchBench.js')) as typeof SearchBench;
    return mod.searchBench(Number(args.sessions), Number(args.turns));
  },

  /** The minimal webview panel on the bare SDK, beside the product's panel (bench/floorPanel.ts). */
  async floorOpen(args) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle with its own SDK client, loaded only now
    const mod = require(path.join(__dirname, 'floorPanel.js')) as typeof FloorPanel;
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    await mod.floorOpen(cwd, argText(args.model ?? 'stand-in-alpha'));
    return true;
  },

  async floorClose() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see floorOpen
    await (require(path.join(__dirname, 'floorPanel.js')) as typeof FloorPanel).floorClose();
    return true;
  },

  async create(args) {
    const info = await requireApi().create({
      model: argText(args.model ?? 'stand-in-alpha'),
      open: args.open === true,
      ...(args.sessionId ? { sessionId: argText(args.sessionId) } : {}),
    });
    return info;
  },

  /** This host's clock (bench/lib/clocks.ts compares it with the webview's). */
  now() {
    return epochNow();
  },

  /** Opens a session's panel; returns when its first state was posted, with when getEvents() returned. */
  async open(args) {
    const id = String(args.id);
    const callAt = epochNow();
    await requireApi().open(id);
    const doneAt = epochNow();
    const record = hooks.getEvents.filter((r) => r.sessionId === id && r.start >= callAt).pop();
    return { callAt, doneAt, getEvents: record };
  },

  /** Runs a command; resolves with how long executeCommand took. */
  async command(args) {
    const t0 = performance.now();
    await vscode.commands.executeCommand(String(args.id), ...((args.args as unknown[]) ?? []));
    return { ms: performance.now() - t0 };
  },

  async closeEditors() {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(300);
    return true;
  },

  /** Streamed messages of a session that started after `since`, oldest first. */
  deltas(args) {
    const since = Number(args.since ?? 0);
    return [...(hooks.deltas.get(String(args.id))?.values() ?? [])].filter((r) => r.first >= since).sort((a, b) => a.first - b.first);
  },

  /**
   * Observes every webview postMessage of this extension host: the method lives on the prototype of VS Code's
   * webview class, shared by every extension, so a throwaway panel of the agent's own gives access to it.
   */
  hookWebviews() {
    if (hooks.webviewsHooked) return true;
    const probe = vscode.window.createWebviewPanel(
      'copilotSessionsBench.probe',
      'bench',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
      {},
    );
    const proto = Object.getPrototypeOf(probe.webview) as {
      postMessage: (this: vscode.Webview, message: unknown) => Thenable<boolean>;
    };
    probe.dispose();
    const post = proto.postMessage;
    proto.postMessage = function (this: vscode.Webview, message: unknown) {
      type Posted = {
        type?: unknown;
        header?: { sessionId?: string };
        deltas?: unknown[];
        history?: unknown[];
        messages?: Posted[];
      } | null;
      const outer = message as Posted;
      // A `batch` (the panel's one message per frame) is recorded as what it carries: its init, its deltas.
      const inner = outer?.type === 'batch' && Array.isArray(outer.messages) ? outer.messages : [outer];
      const m = inner.find((x) => x?.type === 'init') ?? outer;
      const record: PostRecord = {
        t: epochNow(),
        type: String(m?.type === 'init' ? 'init' : outer?.type),
        sessionId: m?.header?.sessionId,
        deltas: inner.reduce((n, x) => n + (Array.isArray(x?.deltas) ? x.deltas.length : 0), 0),
        ...(outer?.type === 'batch' ? { inner: inner.map((x) => String(x?.type)) } : {}),
      };
      hooks.posts.push(record);
      if (hooks.posts.length > 50_000) hooks.posts.splice(0, 10_000);
      const result = post.call(this, message);
      // Sized after the post has left, so that the measurement does not delay it.
      if (record.type === 'init') {
        record.bytes = JSON.stringify(message).length;
        record.items = Array.isArray(m?.history) ? m.history.length : undefined;
      }
      return result;
    };
    hooks.webviewsHooked = true;
    return true;
  },

  /** What the hooks saw since `since`: the extension's sends and its posts to webviews. */
  timeline(args) {
    const since = Number(args.since ?? 0);
    return { sends: hooks.sends.filter((r) => r.t >= since), posts: hooks.posts.filter((r) => r.t >= since) };
  },

  memory() {
    return memory();
  },

  /**
   * n sessions through the one shared client: one turn each to warm them up (they stay live), then one session
   * alone and then all n at once, with the model answering after a fixed latency. Samples the runtime processes.
   */
  async concurrency(args) {
    const n = Number(args.n);
    const latency = Number(args.latencyMs ?? 500);
    const reps = Number(args.reps ?? 2);
    const model = argText(args.model ?? 'stand-in-alpha');
    const a = requireApi();
    const memoryBefore = memory();
    let maxRuntimes = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxRuntimes = Math.max(maxRuntimes, runtimesBelow(process.pid).length);
        await sleep(50);
      }
    })();
    try {
      const created = await Promise.all(Array.from({ length: n }, () => a.create({ model })));
      const ids = created.map((s) => s.sessionId);
      await Promise.all(ids.map((id, k) => a.send(id, `#reply:warm ${k}`)));
      // A runtime per session would have started by now. Sampling /proc takes the host's thread for a millisecond or
      // two, so it stops here: the timed turns below have the thread to themselves, as the bare SDK's have.
      sampling = false;
      await sampler;
      const memoryLive = memory();
      const alone: number[] = [];
      const together: number[] = [];
      for (let rep = 0; rep < reps; rep++) {
        let t0 = performance.now();
        // One chunk after a fixed delay: the stand-in model streams longer replies in 50 ms steps.
        await a.send(ids[0], `#slow:${latency} #reply:alone ${rep}`);
        alone.push(performance.now() - t0);
        t0 = performance.now();
        const replies = await Promise.all(ids.map((id, k) => a.send(id, `#slow:${latency} #reply:together ${rep}.${k}`)));
        together.push(performance.now() - t0);
        maxRuntimes = Math.max(maxRuntimes, runtimesBelow(process.pid).length);
        if (replies.some((reply, k) => reply.trim() !== `together ${rep}.${k}`))
          throw new Error(`unexpected replies: ${replies.slice(0, 3).join(' / ')}`);
      }
      const memoryAfter = memory();
      return {
        n,
        latency,
        aloneMs: median(alone),
        togetherMs: median(together),
        samples: { alone, together },
        maxRuntimes,
        memoryBefore,
        memoryLive,
        memoryAfter,
        liveSessions: ids.length,
      };
    } finally {
      sampling = false;
      await sampler;
    }
  },
};

function announce(driverUrl: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      `${driverUrl}/hello`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

export function run(): Promise<void> {
  const driverUrl = process.env.BENCH_DRIVER_URL;
  if (!driverUrl) return Promise.reject(new Error('BENCH_DRIVER_URL is not set: this file runs under scripts/bench.mjs'));
  return new Promise<void>((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const reply = (status: number, body: unknown) => {
          const data = JSON.stringify(body);
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
          res.end(data);
        };
        let request: { name?: string; args?: Args };
        try {
          request = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { name?: string; args?: Args };
        } catch (error) {
          return reply(400, { ok: false, error: String(error) });
        }
        if (request.name === 'exit') {
          reply(200, { ok: true, value: true });
          server.close();
          // Let the reply leave before the extension host winds down.
          setTimeout(resolve, 100);
          return;
        }
        const operation = operations[request.name ?? ''];
        if (!operation) return reply(404, { ok: false, error: `unknown operation ${request.name}` });
        // Run inside a promise, so that an operation's synchronous throw is replied to like a rejection.
        new Promise<unknown>((resolveValue) => resolveValue(operation(request.args ?? {}))).then(
          (value) => reply(200, { ok: true, value }),
          (error: unknown) => reply(200, { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
        );
      });
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      announce(driverUrl, {
        url: `http://127.0.0.1:${port}`,
        pid: process.pid,
        workspace: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      }).catch(reject);
    });
  });
}
