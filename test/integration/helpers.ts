/** Shared helpers for the integration suites (they run inside the real extension host). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CopilotSessionsApi } from '../../src/api';
import { storedSessionDir } from '../../src/sessions/sessionStore';

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

/** The Copilot runtime processes this extension host started (its direct children), to kill them in fault tests. */
export function runtimePids(): number[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, ...args]) => Number(ppid) === process.pid && /copilot/i.test(args.join(' ')))
    .map(([pid]) => Number(pid));
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
