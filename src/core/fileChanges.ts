/**
 * The files each turn changed, folded from the session's events (the runtime's `create` and `edit` tools), and the
 * plan an Undo follows. No `vscode` import: the history folder and the unit tests use it.
 */
import type { SessionEvent } from '@github/copilot-sdk';

/** The tools that write files, and whether a first write makes the file new. */
const FILE_TOOLS: Record<string, 'created' | 'modified'> = { create: 'created', edit: 'modified' };

export interface ChangedFile {
  /** Absolute path, as the tool got it. */
  path: string;
  change: 'created' | 'modified';
  added: number;
  removed: number;
}

export interface TurnChanges {
  /** The id of the turn's root `user.message` event. */
  turnId: string;
  files: ChangedFile[];
  timestamp: string;
}

function metric(telemetry: unknown, name: 'linesAdded' | 'linesRemoved'): number {
  const metrics = (telemetry as { metrics?: Record<string, unknown> } | undefined)?.metrics;
  const value = metrics?.[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

function pathArgument(args: unknown): string | undefined {
  const path = (args as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && path.trim() ? path : undefined;
}

/**
 * Follows one session's events; at the end of a turn (`session.idle`, or the next prompt) hands out the files the
 * turn's successful `create`/`edit` calls changed, with the lines the runtime counted for each.
 */
export class TurnChangesFolder {
  private turnId: string | undefined;
  private files = new Map<string, ChangedFile>();
  private readonly started = new Map<string, { path: string; toolName: string }>();

  /** The turn in flight (its `user.message` id). */
  get currentTurn(): string | undefined {
    return this.turnId;
  }

  /** The path a running file tool writes, by its call id (for the snapshot taken before it writes). */
  pathOf(toolCallId: string): string | undefined {
    return this.started.get(toolCallId)?.path;
  }

  apply(event: SessionEvent): TurnChanges | undefined {
    switch (event.type) {
      case 'user.message': {
        const done = this.finish(event.timestamp);
        this.turnId = event.id;
        return done;
      }
      case 'tool.execution_start': {
        const path = pathArgument(event.data.arguments);
        if (path && FILE_TOOLS[event.data.toolName]) this.started.set(event.data.toolCallId, { path, toolName: event.data.toolName });
        return undefined;
      }
      case 'tool.execution_complete': {
        const started = this.started.get(event.data.toolCallId);
        this.started.delete(event.data.toolCallId);
        if (!started || !event.data.success) return undefined;
        const known = this.files.get(started.path);
        const added = metric(event.data.toolTelemetry, 'linesAdded');
        const removed = metric(event.data.toolTelemetry, 'linesRemoved');
        this.files.set(started.path, {
          path: started.path,
          // A file created and then edited in one turn is still new for that turn.
          change: known?.change ?? FILE_TOOLS[started.toolName],
          added: (known?.added ?? 0) + added,
          removed: (known?.removed ?? 0) + removed,
        });
        return undefined;
      }
      case 'session.idle':
        return this.finish(event.timestamp);
      default:
        return undefined;
    }
  }

  private finish(timestamp: string): TurnChanges | undefined {
    const turnId = this.turnId;
    const files = [...this.files.values()];
    this.files = new Map();
    if (!turnId || files.length === 0) return undefined;
    return { turnId, files, timestamp };
  }
}

/** What Undo does to one file: its content before the turn, after it, and now (null: no such file). */
export type UndoStep =
  | { path: string; action: 'restore'; content: Uint8Array }
  | { path: string; action: 'delete' }
  /** The file is as it was before the turn already. */
  | { path: string; action: 'none' }
  /** Changed since the turn (by the user or a later turn): never overwritten without asking. */
  | { path: string; action: 'conflict'; content: Uint8Array | null }
  /** No snapshot was kept (too large, or taken by another window): nothing to restore from. */
  | { path: string; action: 'unavailable' };

export interface FileSnapshot {
  path: string;
  /** null: the file did not exist before the turn. undefined: no snapshot. */
  before: Uint8Array | null | undefined;
  /** null: the turn left no file there. undefined: no snapshot. */
  after: Uint8Array | null | undefined;
}

export function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Decides, per file, what Undo does given what is on disk now. */
export function planUndo(snapshot: FileSnapshot, current: Uint8Array | null): UndoStep {
  const { path, before, after } = snapshot;
  if (before === undefined || after === undefined) return { path, action: 'unavailable' };
  if (sameBytes(current, before)) return { path, action: 'none' };
  if (!sameBytes(current, after)) return { path, action: 'conflict', content: before };
  return before === null ? { path, action: 'delete' } : { path, action: 'restore', content: before };
}
