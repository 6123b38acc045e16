/** Where each session's queued prompts are kept between reloads: the workspace's state, one small map. */
import type * as vscode from 'vscode';

const KEY = 'copilotSessions.queuedPrompts';

export function workspaceQueues(state: vscode.Memento): { load(id: string): string[]; save(id: string, prompts: readonly string[]): void } {
  const all = (): Record<string, string[]> => state.get<Record<string, string[]>>(KEY) ?? {};
  return {
    load: (id) => {
      const prompts = all()[id];
      return Array.isArray(prompts) ? prompts.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
    },
    save: (id, prompts) => {
      const next = { ...all() };
      if (prompts.length) next[id] = [...prompts];
      else if (id in next) delete next[id];
      else return;
      void state.update(KEY, next);
    },
  };
}
