/**
 * The session store left to a test, to damage or grow its files: nothing of a window may write to them meanwhile,
 * nor have read them already (a restored panel resumes its session).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { workspaceIndexDir } from '../../src/sessions/indexFiles';
import { processesMatching } from '../fixtures/codeServer';
import type { Harness } from './harness';

/** The extension's id: its key in the workspace state and its global storage folder's name. */
export const EXTENSION_KEY = 'copilot-sessions.copilot-sessions';

/** This workspace's index folder in the extension's global storage, in the code-server user-data dir. */
export function indexDir(h: Harness): string {
  return workspaceIndexDir(path.join(h.sandbox.userData, 'User', 'globalStorage', EXTENSION_KEY), h.sandbox.workspace);
}

/** The session's file in the sandbox's session store. */
export function eventsFile(h: Harness, sessionId: string): string {
  return path.join(h.sandbox.copilotHome, 'session-state', sessionId, 'events.jsonl');
}

/** Runtimes of windows closed here (whileClosed, reloadWithStoreAtRest): one still exiting is not the open window's. */
const earlierWindowRuntimes = new Set<number>();

/** The runtimes of the window open now, without those of windows closed before it. */
export function currentRuntimes(h: Harness): number[] {
  return runtimes(h).filter((pid) => !earlierWindowRuntimes.has(pid));
}

/** The Copilot runtimes of the sandbox's code-server (the runtime ships in the installed VSIX). */
export function runtimes(h: Harness): number[] {
  return processesMatching(h.sandbox.extensions)
    .filter((p) => /copilot-runtime/.test(p.args))
    .map((p) => p.pid);
}

/**
 * Waits (10 s at most) until these runtimes have exited: the window that started them has closed, its last index
 * snapshot written (the extension writes it before it stops its runtime). On a busy machine one was seen still
 * running 10 s after a reload: said in the output.
 */
async function runtimesGone(h: Harness, before: number[]): Promise<void> {
  for (const pid of before) earlierWindowRuntimes.add(pid);
  const left = () => runtimes(h).filter((pid) => before.includes(pid));
  for (let i = 0; i < 100 && left().length; i++) await h.page.waitForTimeout(100);
  if (left().length) console.log(`    runtimes of earlier windows still running after 10 s: ${left().join(', ')}`);
}

/**
 * Closes the window (the page leaves the workbench), waits until it has stopped, makes the change (nothing of the
 * window can overwrite it then, as when files are damaged while VS Code is closed) and opens the window again.
 */
export async function whileClosed(h: Harness, change: () => void): Promise<void> {
  const url = h.page.url();
  const before = runtimes(h);
  await h.page.goto('about:blank');
  await runtimesGone(h, before);
  change();
  await h.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await h.workbenchShown();
}

/**
 * Every panel closed, the window reloaded, its old runtime gone, the sessions' files unchanged for a second, and no
 * panel came back to resume one of them.
 */
export async function reloadWithStoreAtRest(h: Harness, sessionIds: string[]): Promise<void> {
  const before = runtimes(h);
  await h.runCommand('View: Close All Editors');
  await h.reloadWindow();
  await runtimesGone(h, before);
  const stamp = () => sessionIds.map((id) => `${statSync(eventsFile(h, id)).size}:${statSync(eventsFile(h, id)).mtimeMs}`).join();
  for (let last = stamp(), quietSince = Date.now(); Date.now() - quietSince < 1000;) {
    await h.page.waitForTimeout(250);
    if (stamp() !== last) [last, quietSince] = [stamp(), Date.now()];
  }
  const tabs = await h.page.locator('.tabs-container .tab').count();
  if (tabs) throw new Error(`${tabs} editor(s) came back after the reload: a panel would have resumed its session`);
}
