/**
 * Where each session's queued prompts are kept between reloads: one small file per session beside this workspace's
 * index (written at once, atomically: a reload right after typing must not lose them; the workspace state of a
 * browser window is flushed later), or the workspace's state in a window without a folder.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as vscode from 'vscode';

export interface QueueStore {
  load(id: string): string[];
  save(id: string, prompts: readonly string[]): void;
}

const KEY = 'copilotSessions.queuedPrompts';

function prompts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
}

export function queueStore(dir: string | undefined, state: vscode.Memento, warn: (message: string) => void): QueueStore {
  if (!dir) return mementoQueues(state);
  const folder = path.join(dir, 'queued');
  const file = (id: string) => path.join(folder, `${id}.json`);
  return {
    load: (id) => {
      try {
        return prompts(JSON.parse(readFileSync(file(id), 'utf8')));
      } catch {
        return [];
      }
    },
    save: (id, list) => {
      try {
        if (list.length === 0) {
          rmSync(file(id), { force: true });
          return;
        }
        mkdirSync(folder, { recursive: true });
        const tmp = `${file(id)}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(list));
        renameSync(tmp, file(id));
      } catch (error) {
        warn(`Could not keep the queued prompts of ${id}: ${String(error)}`);
      }
    },
  };
}

function mementoQueues(state: vscode.Memento): QueueStore {
  const all = (): Record<string, unknown> => state.get<Record<string, unknown>>(KEY) ?? {};
  return {
    load: (id) => prompts(all()[id]),
    save: (id, list) => {
      const next = { ...all() };
      if (list.length) next[id] = [...list];
      else if (id in next) delete next[id];
      else return;
      void state.update(KEY, next);
    },
  };
}
