/** Shared helpers for the integration suites (they run inside the real extension host). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CopilotSessionsApi, SessionsApiError, SessionsApiErrorCode } from '../../src/api';
import { storedSessionDir } from '../../src/sessions/sessionStore';
import { descendantsOf, type TreeProcess } from '../fixtures/processes';

export const EXTENSION_ID = 'copilot-sessions.copilot-sessions';

export async function api(): Promise<CopilotSessionsApi> {
  const extension = vscode.extensions.getExtension<CopilotSessionsApi>(EXTENSION_ID);
  assert.ok(extension, 'extension not found');
  return extension.isActive ? extension.exports : extension.activate();
}

/** The runtime's session store for this test run (COPILOT_HOME is a temp dir set by the runner). */
export function storeDir(sessionId: string): string {
  assert.ok(process.env.COPILOT_HOME, 'COPILOT_HOME must be set by the test runner');
  return storedSessionDir(sessionId);
}

export function inStore(sessionId: string): boolean {
  return existsSync(storeDir(sessionId));
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * A Copilot runtime's command line: its launcher (`copilot-runtime`), or a Copilot CLI given as `runtimePath`, not any
 * process whose path merely contains "copilot" (the sandbox's temp folders do: the TypeScript server was taken for one).
 */
const RUNTIME_COMMAND = /(^|\/)(copilot-runtime|copilot)(\s|$)|copilot-sdk-linux-x64\//;

/** The Copilot runtime processes this extension host started (its direct children), to kill them in fault tests. */
export function runtimePids(): number[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, ...args]) => Number(ppid) === process.pid && RUNTIME_COMMAND.test(args.join(' ')))
    .map(([pid]) => Number(pid));
}

/**
 * The Copilot runtimes below this extension host and everything below them (only processes of this window: its
 * clients' runtimes, and what they started).
 */
export function runtimeProcesses(): TreeProcess[] {
  const below = descendantsOf(process.pid);
  const runtimes = below.filter((p) => p.ppid === process.pid && RUNTIME_COMMAND.test(p.args));
  return [...runtimes, ...runtimes.flatMap((runtime) => below.filter((p) => p !== runtime && isBelow(below, p, runtime.pid)))];
}

function isBelow(tree: TreeProcess[], p: TreeProcess, ancestor: number): boolean {
  for (let at: TreeProcess | undefined = p; at; at = tree.find((q) => q.pid === at.ppid)) if (at.ppid === ancestor) return true;
  return false;
}

/**
 * For assert.rejects: the API rejected with this code and a sentence (a capital first, a full stop last); a failed
 * turn (`turnFailed`) may carry the model endpoint's own words, so its sentence is checked only when asked.
 * Returns true, as assert.rejects wants of a validation function; a mismatch throws with what came instead.
 */
export function apiError(code: SessionsApiErrorCode, message?: RegExp, sentence = code !== 'turnFailed'): (error: unknown) => true {
  return (error: unknown) => {
    const e = error as Partial<SessionsApiError>;
    assert.equal(e?.name, 'SessionsApiError', `a SessionsApiError, got ${String(error)}`);
    assert.equal(e.code, code, `code ${code}, got ${String(e.code)}: ${String(e.message)}`);
    if (sentence) assert.match(String(e.message), /^[A-Z][\s\S]*\.$/, `the message is a sentence: ${String(e.message)}`);
    if (message) assert.match(String(e.message), message);
    return true;
  };
}

/**
 * Client settings restart the client 300 ms after the last change: wait that out, then for the client to be ready,
 * so a restart cannot cut into the next test's turn.
 */
export async function settleClient(): Promise<void> {
  await sleep(800);
  const sessions = await api();
  await waitFor('client ready', () => (sessions.clientState.kind === 'ready' ? true : undefined), 30_000);
}
