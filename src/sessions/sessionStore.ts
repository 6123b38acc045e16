/**
 * Where the Copilot runtime keeps its sessions on this machine, the one place that knows: the extension starts the
 * runtime without `baseDirectory`, so the runtime uses COPILOT_HOME, else ~/.copilot (shared with the Copilot CLI).
 */
import type { SessionEvent } from '@github/copilot-sdk';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function sessionStoreDir(): string {
  return path.join(process.env.COPILOT_HOME || path.join(os.homedir(), '.copilot'), 'session-state');
}

/** The folder of one session in the store (events.jsonl, workspace.yaml, …). */
export function storedSessionDir(sessionId: string): string {
  return path.join(sessionStoreDir(), sessionId);
}

/** A session's events as the store has them, read without resuming it; a damaged line is skipped. */
export async function readStoredEvents(sessionId: string): Promise<SessionEvent[]> {
  return readEventsFile(path.join(storedSessionDir(sessionId), 'events.jsonl'));
}

/** An events.jsonl file, parsed line by line; a damaged line is skipped. */
export async function readEventsFile(file: string): Promise<SessionEvent[]> {
  const text = await readFile(file, 'utf8');
  const events: SessionEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as SessionEvent);
    } catch {
      // The rest of the session stays readable.
    }
  }
  return events;
}
