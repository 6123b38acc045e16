/**
 * What cleanup may touch, and when Recently deleted is emptied. Age is measured by the session store's own last
 * modification: a session carried on in the Copilot CLI or another window changes there, not in this window's index.
 * No `vscode` import.
 */
import type { IndexEntry } from './sessionIndex';

export const DAY_MS = 24 * 3600_000;

/**
 * The listed sessions idle for longer than `days`: never pinned ones (nor archived ones, unless asked), never a session
 * in Recently deleted, and never one that is live in this window (`busy`). `modified` is the store's last
 * modification per id; a session the store does not have (never sent a message) is judged by the index.
 */
export function cleanupCandidates(
  entries: readonly IndexEntry[],
  modified: ReadonlyMap<string, number>,
  days: number,
  now: number,
  busy: (id: string) => boolean = () => false,
  includeArchived = false,
): IndexEntry[] {
  const cutoff = now - days * DAY_MS;
  return entries.filter(
    (entry) =>
      entry.deletedAt === undefined &&
      !entry.pinned &&
      (includeArchived || !entry.archived) &&
      !busy(entry.id) &&
      (modified.get(entry.id) ?? entry.lastActive) < cutoff,
  );
}

/** The sessions in Recently deleted for longer than `days`: they are deleted for good. */
export function expiredDeleted(entries: readonly IndexEntry[], days: number, now: number): IndexEntry[] {
  return entries.filter((entry) => entry.deletedAt !== undefined && entry.deletedAt <= now - days * DAY_MS);
}

/** Whole days left before a deleted session is purged (at least 0). */
export function daysLeft(entry: IndexEntry, days: number, now: number): number {
  if (entry.deletedAt === undefined) return days;
  return Math.max(0, Math.ceil((entry.deletedAt + days * DAY_MS - now) / DAY_MS));
}
