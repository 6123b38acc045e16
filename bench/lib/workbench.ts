/**
 * The real stack the sections measure: the stand-in model, code-server with the bench copy of the extension,
 * headless Chromium on the workbench, and one window at a time with the agent (bench/hostAgent.ts) in its
 * extension host. Everything runs in one sandbox; `stop()` ends what was started.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { workspaceIndexDir } from '../../src/sessions/indexFiles';
import * as fx from '../../test/fixtures/codeServer';
import * as probes from '../probes';
import { startDriverServer, type Agent, type DriverServer } from './agent';
import { log, SETTLE_MS, type Bench } from './context';
import { descendants } from './proc';
import { sleep } from './stats';

/**
 * The workspace folders: one with an empty index, one seeded with the big index, a small one, one for the panels,
 * one for the window reloads with restored panels.
 */
export type FolderName = 'empty' | 'index' | 'small' | 'panels' | 'reload';

/** What a window can do besides its agent and page: reload, as a user does (the workbench saves its editors first). */
export interface WindowControl {
  /** Runs Developer: Reload Window; resolves with the new extension host's agent and when the reload was asked. */
  reload(): Promise<{ agent: Agent; at: number }>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class Stack {
  readonly sandbox: fx.Sandbox;
  readonly folders: Record<FolderName, string>;
  private model: fx.ModelServerProcess | undefined;
  private driver: DriverServer | undefined;
  private codeServer: fx.CodeServer | undefined;
  private browser: Browser | undefined;
  private context: BrowserContext | undefined;
  /** Resolves the window's wait for the workbench's `codeAutomationExit` (the extension host ended). */
  private exited: (() => void) | undefined;

  constructor(private readonly bench: Bench) {
    this.sandbox = fx.createSandbox('bench', { base: bench.options.runDir });
    const { root, workspace } = this.sandbox;
    this.folders = {
      empty: path.join(root, 'ws-empty'),
      index: path.join(root, 'ws-index'),
      small: path.join(root, 'ws-small'),
      panels: workspace,
      reload: path.join(root, 'ws-reload'),
    };
    for (const dir of Object.values(this.folders)) mkdirSync(dir, { recursive: true });
  }

  /** The stand-in model; returns the environment every child that talks to it runs with. */
  async startModel(): Promise<NodeJS.ProcessEnv> {
    this.model = await fx.startModelServerProcess({ env: this.sandbox.env() });
    return this.sandbox.env(fx.standInEnv(this.model.url));
  }

  /** code-server (it tells each extension host where the driver is) and the browser, with the probes' init script. */
  async startWorkbench(env: NodeJS.ProcessEnv): Promise<void> {
    this.driver = await startDriverServer();
    this.codeServer = await fx.startCodeServer({
      sandbox: this.sandbox,
      env: { ...env, BENCH_DRIVER_URL: this.driver.url, COPILOT_SESSIONS_MEASURE: '1' },
    });
    this.browser = await fx.launchBrowser({ env: this.sandbox.env() });
    this.bench.raw.versions = { chromium: this.browser.version() };
    const context = await this.browser.newContext({ viewport: fx.VIEWPORT });
    await context.addInitScript(probes.idbWriteHook, fx.EXTENSION_ID);
    await context.exposeFunction('codeAutomationExit', () => this.exited?.());
    await context.exposeFunction('codeAutomationLog', () => undefined);
    this.context = context;
  }

  get server(): fx.CodeServer {
    if (!this.codeServer) throw new Error('code-server is not running');
    return this.codeServer;
  }

  /** One workbench window on `folder` with the agent in its extension host; the host ends with the window. */
  async withWindow<T>(folder: string, fn: (agent: Agent, page: Page, control: WindowControl) => Promise<T>): Promise<T> {
    if (!this.context || !this.driver) throw new Error('the workbench is not running');
    const driver = this.driver;
    const server = this.server;
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', server.remoteUri(this.bench.options.benchExt)],
      ['extensionTestsPath', server.remoteUri(this.bench.options.agentJs)],
    ];
    const consoleLog = path.join(this.sandbox.logs, 'browser-console.log');
    const page = await this.context.newPage();
    page.on('pageerror', (err) => writeFileSync(consoleLog, `[pageerror] ${String(err)}\n`, { flag: 'a' }));
    page.on('console', (msg) => {
      if (msg.type() === 'error') writeFileSync(consoleLog, `[error] ${msg.text()}\n`, { flag: 'a' });
    });
    const hello = this.driver.nextHello(120_000);
    const exit = new Promise<void>((resolve) => (this.exited = resolve));
    await page.goto(server.workbenchUrl({ folder, payload }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let agent = await hello;
    const control: WindowControl = {
      async reload() {
        const next = driver.nextHello(120_000);
        const at = Date.now();
        // The old extension host ends with the reload: its reply may never come.
        void agent.op('command', { id: 'workbench.action.reloadWindow' }, 10_000).catch(() => undefined);
        agent = await next;
        return { agent, at };
      },
    };
    try {
      if (agent.workspace && path.resolve(agent.workspace) !== path.resolve(folder))
        throw new Error(`agent answered from ${agent.workspace}, expected ${folder}`);
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      await sleep(SETTLE_MS);
      return await fn(agent, page, control);
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
  }

  /** First window on a folder (not counted: the workbench creates its state and the workspace storage folder). */
  firstWindow(name: FolderName): Promise<number> {
    return this.withWindow(this.folders[name], async (agent) => {
      const info = await agent.op<{ vscode: string; node: string }>('info');
      this.bench.raw.versions.vscode = info.vscode;
      this.bench.raw.versions.extensionHostNode = info.node;
      return (await agent.op<{ activationMs: number }>('activate')).activationMs;
    });
  }

  /** The folder's index in the extension's global storage (where the extension keeps it, src/sessions/indexFiles.ts). */
  storageDirOf(name: FolderName): string {
    return workspaceIndexDir(path.join(this.sandbox.userData, 'User', 'globalStorage', fx.EXTENSION_ID), this.folders[name]);
  }

  /** Ends what was started, browser first; then every process group of the run. */
  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.codeServer?.stop();
    await this.model?.stop();
    this.driver?.close();
    await fx.stopAll();
  }
}
