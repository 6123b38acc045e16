/**
 * End-to-end harness: what a user sees. The PACKAGED extension (VSIX from $VSIX_PATH, built by `npm run package`)
 * installed into a fresh sandbox, code-server WITHOUT the smoke-test payload, the stand-in model wired through the
 * environment, and headless Chromium on the workbench. Always call stop() (in an `after` hook).
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import {
  type CodeServer,
  type ModelServerProcess,
  type Sandbox,
  VIEWPORT,
  createSandbox,
  installExtensionCopy,
  launchBrowser,
  resultsDir,
  standInEnv,
  startCodeServer,
  startModelServerProcess,
  installStandInSignIn,
  writeMachineSettings,
} from '../fixtures/codeServer';

export interface HarnessOptions {
  /** Sandbox name (appears in its temp path). */
  name?: string;
  /** Defaults to $VSIX_PATH. */
  vsixPath?: string;
  userSettings?: Record<string, unknown>;
  /** Remote settings (where code-server reads `machine`-scoped settings from). */
  machineSettings?: Record<string, unknown>;
  /** Files put in the workspace folder before the window opens (path relative to it → content); `#!` scripts are executable. */
  workspaceFiles?: (workspace: string) => Record<string, string>;
  locale?: string;
  /** Extra environment for code-server (and so for the extension host); undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Installs the stand-in GitHub sign-in (test/fixtures/gitHubAuthStandIn) beside the extension. */
  standInSignIn?: boolean;
}

const CONTAINER_TITLE = 'Copilot Sessions';

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

export class Harness {
  private constructor(
    readonly sandbox: Sandbox,
    readonly model: ModelServerProcess,
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly context: BrowserContext,
    public page: Page,
  ) {}

  /** Starts everything; on any failure stops what was already started and rethrows. */
  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const vsixPath = options.vsixPath ?? process.env.VSIX_PATH;
    if (!vsixPath) throw new Error('VSIX_PATH is not set: run the e2e tier through `npm test -- --tier e2e` (it packages the VSIX)');
    if (!existsSync(vsixPath)) throw new Error(`VSIX not found at ${vsixPath}: run \`npm run package\``);

    const sandbox = createSandbox(options.name ?? 'e2e');
    const started: Array<() => Promise<unknown>> = [];
    try {
      const model = await startModelServerProcess({ env: sandbox.env() });
      started.push(() => model.stop());
      const env = sandbox.env({ ...standInEnv(model.url), ...options.env });
      await installExtensionCopy(vsixPath, sandbox, { env });
      if (options.standInSignIn) await installStandInSignIn(sandbox, { env });
      for (const [rel, content] of Object.entries(options.workspaceFiles?.(sandbox.workspace) ?? {})) {
        const file = path.join(sandbox.workspace, rel);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content, { mode: content.startsWith('#!') ? 0o755 : 0o644 });
      }
      if (options.machineSettings) writeMachineSettings(sandbox.userData, options.machineSettings);
      const server = await startCodeServer({
        sandbox,
        env,
        userSettings: options.userSettings,
        locale: options.locale,
        smokeTestDriver: false,
      });
      started.push(() => server.stop());
      const browser = await launchBrowser({ env: sandbox.env() });
      started.push(() => browser.close());
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      const harness = new Harness(sandbox, model, server, browser, context, page);
      harness.watchConsole(page);
      if (options.standInSignIn) await harness.disableBuiltInGitHubSignIn();
      await harness.openWorkbench();
      return harness;
    } catch (err) {
      for (const stop of started.reverse()) await stop().catch(() => undefined);
      throw err;
    }
  }

  private watchConsole(page: Page): void {
    const log = path.join(this.sandbox.logs, 'browser-console.log');
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') appendFileSync(log, `[${msg.type()}] ${msg.text()}\n`);
    });
    page.on('pageerror', (err) => appendFileSync(log, `[pageerror] ${String(err)}\n`));
  }

  private async openWorkbench(): Promise<void> {
    await this.page.goto(this.server.workbenchUrl(), { waitUntil: 'domcontentloaded', timeout: 60000 });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 60000 });
  }

  /**
   * Disables VS Code's built-in GitHub Authentication before the workbench first loads, as a user could in the
   * Extensions view (its enablement lives in the browser's global state): otherwise it may register the 'github'
   * provider before the stand-in does. Written from a plain page of the same origin.
   */
  async disableBuiltInGitHubSignIn(): Promise<void> {
    await this.page.goto(`${this.server.url}/healthz`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await this.page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('vscode-web-state-db-global');
        open.onupgradeneeded = () => open.result.createObjectStore('ItemTable');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error(String(open.error)));
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('ItemTable', 'readwrite');
        tx.objectStore('ItemTable').put(JSON.stringify([{ id: 'vscode.github-authentication' }]), 'extensionsIdentifiers/disabled');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error(String(tx.error)));
      });
      db.close();
    });
  }

  /** Reloads the workbench (the extension host restarts; state on disk survives). */
  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'domcontentloaded', timeout: 60000 });
    await this.workbenchShown();
  }

  /**
   * Reloads as a user does, with Developer: Reload Window: the workbench saves its editors on the way out. A bare page
   * reload may not, and the next window then restores editors that were closed before it.
   */
  async reloadWindow(): Promise<void> {
    const reloaded = this.page.waitForEvent('load', { timeout: 60000 });
    await this.runCommand('Developer: Reload Window');
    await reloaded;
    await this.workbenchShown();
  }

  /** The workbench is on screen again after a (re)load. */
  async workbenchShown(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 60000 });
  }

  /** The activity-bar entry of the extension's view container. */
  activityBarIcon(): Locator {
    return this.page.locator(`.activitybar [aria-label^="${CONTAINER_TITLE}"]`).first();
  }

  /** Clicks the activity-bar icon (unless the container is already showing) and returns the Sessions view pane. */
  async openSessionsView(): Promise<Locator> {
    const icon = this.activityBarIcon();
    await icon.waitFor({ state: 'visible', timeout: 60000 });
    const pane = this.page.locator('.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: /sessions/i }) }).first();
    const title = this.page.locator('.sidebar .composite.title', { hasText: new RegExp(CONTAINER_TITLE, 'i') }).first();
    // Right after a reload the workbench may still be restoring the sidebar: a click then can toggle it closed.
    // So look, click only when it is not showing, and look again.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await title.isVisible()) return pane;
      await icon.click();
      try {
        await title.waitFor({ state: 'visible', timeout: 5000 });
        return pane;
      } catch {
        // not yet: try again
      }
    }
    await title.waitFor({ state: 'visible', timeout: 10000 });
    return pane;
  }

  /** The quick input (command palette, quick picks, input boxes). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * F1, `>Title`, Enter on the matching row. On a busy machine the palette may list a command only once its
   * extension's contributions are in: then it is closed and opened again (three tries).
   */
  async runCommand(title: string): Promise<void> {
    const needle = title.split(': ').pop() ?? title;
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      const input = this.page.locator('.quick-input-widget input');
      const rows = this.page.locator('.quick-input-list .monaco-list-row');
      const match = rows.filter({ hasText: needle }).first();
      try {
        await input.waitFor({ state: 'visible', timeout: 15000 });
        // The palette closes when focus leaves it (a webview settling after a layout change can take it); open it again.
        await input.fill(`>${title}`, { timeout: 10000 });
        await match.waitFor({ state: 'visible', timeout: 15000 });
      } catch (error) {
        if (attempt >= 3) throw error;
        await this.page.keyboard.press('Escape');
        continue;
      }
      // Enter runs the first row; if fuzzy ordering put another command first, click the matching one instead.
      if ((await rows.first().textContent())?.includes(needle)) await input.press('Enter');
      else await match.click();
      return;
    }
  }

  /** Picks the quick-pick row whose label contains `label` (waits for the quick pick to list it). */
  async quickPick(label: string, options: { timeout?: number } = {}): Promise<void> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const row = rows.filter({ hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: options.timeout ?? 30000 });
    await row.click();
  }

  /** In New Session's quick input: picks the model, then types the session id (empty: a generated one). */
  async chooseModelAndId(model: string, id: string): Promise<void> {
    await this.quickPick(model);
    // The same quick input widget turns from the model list into the id box: wait for the id box.
    await this.quickInput().locator('.quick-input-message', { hasText: 'Session ID' }).waitFor({ timeout: 30000 });
    await this.acceptInput(id);
  }

  /** New Session from the palette; resolves when the session's panel shows its composer. */
  async newSession(model: string, id: string): Promise<void> {
    await this.runCommand('Copilot Sessions: New Session');
    await this.chooseModelAndId(model, id);
    if (id) await this.page.locator('.tab', { hasText: id }).first().waitFor({ state: 'visible', timeout: 60000 });
    await this.webview().locator('#prompt').waitFor({ state: 'visible', timeout: 60000 });
  }

  /** Types a prompt into the visible panel and presses Enter. */
  async sendPrompt(text: string): Promise<void> {
    const prompt = this.webview().locator('#prompt');
    await prompt.fill(text);
    await prompt.press('Enter');
  }

  /**
   * Runs a command that asks for one line and answers it. An input box that closes before it is typed into (the
   * focus moved: a layout change or a window settling after a sign-in change finishes late) is asked for again, as a
   * user would; three tries.
   */
  async runCommandWithInput(title: string, value: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    for (let attempt = 1; ; attempt++) {
      await this.runCommand(title);
      try {
        await input.waitFor({ state: 'visible', timeout: 15000 });
        await input.fill(value, { timeout: 10000 });
        await input.press('Enter', { timeout: 10000 });
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Types `value` into the open input box (quick input without a list) and accepts it with Enter. */
  async acceptInput(value = '', options: { timeout?: number } = {}): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: options.timeout ?? 15000 });
    await input.fill(value);
    await input.press('Enter');
  }

  /** The content frame of a visible webview (the first, or the n-th): restored background panels keep hidden frames. */
  webview(index = 0): FrameLocator {
    return this.page.locator('iframe.webview.ready:visible').nth(index).contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** A row of the Sessions view, by its accessible name (label, model, status). */
  treeRow(name: RegExp | string): Locator {
    return this.page.locator('.sidebar').getByRole('treeitem', { name }).first();
  }

  /**
   * Moves the pointer off the Sessions view and waits for a tooltip it left open to go: resting on a row opens one,
   * and it covers the rows below it (as a user, one moves away first).
   */
  async moveAwayFromTooltips(): Promise<void> {
    await this.page.mouse.move(700, 500);
    await this.page
      .locator('.monaco-hover, .workbench-hover')
      .first()
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
  }

  /** Right-clicks a row and runs one of its context-menu actions (VS Code's menu acts reliably on keyboard focus). */
  async rowAction(row: Locator, action: RegExp): Promise<void> {
    await this.moveAwayFromTooltips();
    await row.click({ button: 'right' });
    const entry = this.page.getByRole('menuitem', { name: action });
    await entry.waitFor({ timeout: 10000 });
    await entry.hover();
    await this.page.keyboard.press('Enter');
  }

  /** A session of this folder made by another program (the Copilot CLI, another window) in the shared store. */
  async sessionMadeElsewhere(sessionId: string, prompt: string, model = 'stand-in-gamma'): Promise<void> {
    const { CopilotClient } = await import('@github/copilot-sdk');
    const env = this.sandbox.env({
      GH_TOKEN: 'stand-in-github-token',
      COPILOT_API_URL: this.model.url,
      COPILOT_DEBUG_GITHUB_API_URL: this.model.url,
    });
    const cli = new CopilotClient({ workingDirectory: this.sandbox.workspace, env });
    await cli.start();
    try {
      const session = await cli.createSession({
        sessionId,
        model,
        workingDirectory: this.sandbox.workspace,
        onPermissionRequest: () => ({ kind: 'reject' }),
      });
      await session.sendAndWait({ prompt });
      await session.disconnect();
    } finally {
      await cli.stop();
    }
  }

  /**
   * Saves a full-window PNG under test-results/ and returns its path. A `readme-<name>` shot is the README's own
   * picture: it is also written to media/readme/<name>.png, so the README always shows what the suite last saw.
   */
  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${slug(name)}.png`);
    await this.page.screenshot({ path: file, timeout: 15000 });
    if (name.startsWith('readme-'))
      copyFileSync(file, path.join(path.dirname(resultsDir), 'media', 'readme', `${slug(name.slice(7))}.png`));
    return file;
  }

  async stop(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    await this.model.stop();
    // The installed extension (~130 MB with its runtime) is not needed for post-mortems; logs are.
    rmSync(this.sandbox.extensions, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * A suite's harness lifecycle: started before the suite (then `onStart` runs), a screenshot of every failed test,
 * everything stopped after the suite even when a test failed.
 */
export function useHarness(options: HarnessOptions & { screenshotPrefix?: string }, onStart: (harness: Harness) => unknown): void {
  let harness: Harness | undefined;
  before(async function () {
    this.timeout(240000);
    harness = await Harness.start(options);
    await onStart(harness);
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !harness) return;
    await harness.screenshot(`failed-${options.screenshotPrefix ?? ''}${slug(this.currentTest.title)}`).catch(() => undefined);
  });
  after(async function () {
    this.timeout(60000);
    await harness?.stop();
  });
}
