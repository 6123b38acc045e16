/**
 * Arguments commands accept from keybindings, tasks, other extensions and the tree view. They are untrusted:
 * anything that is not one of these shapes is refused with a reason, and nothing is created or changed.
 */
import { isValidSessionId } from './sessionId';

export type ArgResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A session id from a string, `{ sessionId }` / `{ id }` (tree items and API objects). `undefined` means "ask". */
export function parseSessionRef(arg: unknown): ArgResult<string | undefined> {
  if (arg === undefined || arg === null) return { ok: true, value: undefined };
  const candidate = typeof arg === 'object' ? ((arg as { sessionId?: unknown }).sessionId ?? (arg as { id?: unknown }).id) : arg;
  if (isValidSessionId(candidate)) return { ok: true, value: candidate };
  return { ok: false, reason: `not a session id: ${describe(candidate)}` };
}

/** One id, or the tree's multi-selection (VS Code passes the clicked item and the selected items). */
export function parseSessionRefs(arg: unknown, selection: unknown): ArgResult<string[] | undefined> {
  if (Array.isArray(selection) && selection.length > 0) return collect(selection);
  if (Array.isArray(arg)) return collect(arg);
  const single = parseSessionRef(arg);
  if (!single.ok) return single;
  return { ok: true, value: single.value === undefined ? undefined : [single.value] };
}

function collect(items: unknown[]): ArgResult<string[]> {
  const ids: string[] = [];
  for (const item of items) {
    const ref = parseSessionRef(item);
    if (!ref.ok) return ref;
    if (ref.value !== undefined && !ids.includes(ref.value)) ids.push(ref.value);
  }
  return { ok: true, value: ids };
}

export interface NewSessionArgs {
  model?: string;
  sessionId?: string;
  /** Open its panel (default true). */
  open?: boolean;
}

export function parseNewSessionArgs(arg: unknown): ArgResult<NewSessionArgs | undefined> {
  if (arg === undefined || arg === null) return { ok: true, value: undefined };
  if (typeof arg !== 'object' || Array.isArray(arg)) return { ok: false, reason: `expected { model, sessionId? }, got ${describe(arg)}` };
  const { model, sessionId, open, ...rest } = arg as Record<string, unknown>;
  if (Object.keys(rest).length) return { ok: false, reason: `unknown fields ${Object.keys(rest).join(', ')}` };
  if (model !== undefined && (typeof model !== 'string' || !model.trim() || model.length > 200))
    return { ok: false, reason: 'model must be a model name' };
  if (sessionId !== undefined && typeof sessionId !== 'string') return { ok: false, reason: 'sessionId must be a string' };
  if (open !== undefined && typeof open !== 'boolean') return { ok: false, reason: 'open must be true or false' };
  return { ok: true, value: { model: model?.trim(), sessionId, open } };
}

export interface CompareArgs {
  models: string[];
  prompt: string;
}

/** Two to four model names and a prompt that is not blank. `undefined` means "ask". */
export function parseCompareArgs(arg: unknown): ArgResult<CompareArgs | undefined> {
  if (arg === undefined || arg === null) return { ok: true, value: undefined };
  const given = (typeof arg === 'object' ? arg : {}) as { models?: unknown; prompt?: unknown };
  const models = Array.isArray(given.models) ? given.models : [];
  const valid =
    models.length >= 2 &&
    models.length <= 4 &&
    models.every((m) => typeof m === 'string' && m.trim()) &&
    typeof given.prompt === 'string' &&
    given.prompt.trim().length > 0;
  if (!valid) return { ok: false, reason: 'expected { models: 2 to 4 model names, prompt: text }' };
  return { ok: true, value: { models: models as string[], prompt: given.prompt as string } };
}

export interface CleanupArgs {
  /** Whole days, at least 1. */
  days: number;
  /** Only report what would be moved to Recently deleted. */
  dryRun?: boolean;
  /** Archived sessions too (they are left alone otherwise). */
  includeArchived?: boolean;
}

/** `{ days, dryRun? }` (or a bare number of days), days a whole number from 1 to 36500. `undefined` means "ask". */
export function parseCleanupArgs(arg: unknown): ArgResult<CleanupArgs | undefined> {
  if (arg === undefined || arg === null) return { ok: true, value: undefined };
  const given = typeof arg === 'number' ? { days: arg } : arg;
  if (typeof given !== 'object' || Array.isArray(given)) return { ok: false, reason: `expected { days, dryRun? }, got ${describe(arg)}` };
  const { days, dryRun, includeArchived, ...rest } = given as Record<string, unknown>;
  if (Object.keys(rest).length) return { ok: false, reason: `unknown fields ${Object.keys(rest).join(', ')}` };
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 36500) {
    return { ok: false, reason: `days must be a whole number of days, at least 1, got ${describe(days)}` };
  }
  if (dryRun !== undefined && typeof dryRun !== 'boolean') return { ok: false, reason: 'dryRun must be true or false' };
  if (includeArchived !== undefined && typeof includeArchived !== 'boolean') {
    return { ok: false, reason: 'includeArchived must be true or false' };
  }
  const value: CleanupArgs = { days };
  if (dryRun !== undefined) value.dryRun = dryRun;
  if (includeArchived !== undefined) value.includeArchived = includeArchived;
  return { ok: true, value };
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
