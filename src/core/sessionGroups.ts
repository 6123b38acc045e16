/**
 * How the Sessions view groups a long list, as VS Code's own chat history does: Pinned first, then Today, Yesterday,
 * Previous 7 Days and Older by last activity (local calendar days); the sessions of one comparison stay together
 * under it, placed by its most recent member. No `vscode` import.
 */
import type { IndexEntry } from './sessionIndex';

export type DateGroup = 'pinned' | 'today' | 'yesterday' | 'week' | 'older';
export const DATE_GROUPS: readonly DateGroup[] = ['pinned', 'today', 'yesterday', 'week', 'older'];

/** A row of a date group: one session, or a comparison with its sessions (in model order). */
export type GroupRow = { kind: 'session'; entry: IndexEntry } | { kind: 'comparison'; id: string; entries: IndexEntry[] };

const DAY_MS = 24 * 3600_000;

function startOfDay(time: number): number {
  const day = new Date(time);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

export function dateGroupOf(lastActive: number, now: number): Exclude<DateGroup, 'pinned'> {
  return groupByBounds(lastActive, dayBounds(now));
}

/** Where today, yesterday and the previous 7 days begin: computed once for a whole list, not per session. */
function dayBounds(now: number): [today: number, yesterday: number, week: number] {
  const today = startOfDay(now);
  // The calendar day before, whatever its length (daylight saving): midnight of the day that contains "today - 1 h".
  return [today, startOfDay(today - 3600_000), startOfDay(today - 7 * DAY_MS)];
}

function groupByBounds(lastActive: number, [today, yesterday, week]: [number, number, number]): Exclude<DateGroup, 'pinned'> {
  if (lastActive >= today) return 'today';
  if (lastActive >= yesterday) return 'yesterday';
  if (lastActive >= week) return 'week';
  return 'older';
}

/**
 * The listed entries (already in display order: pinned first, newest first) in their groups; empty groups are left
 * out. A comparison is pinned when any of its sessions is.
 */
export function groupSessions(entries: readonly IndexEntry[], now: number): Array<{ group: DateGroup; rows: GroupRow[] }> {
  const rows = new Map<DateGroup, GroupRow[]>(DATE_GROUPS.map((g) => [g, []]));
  const comparisons = new Map<string, { kind: 'comparison'; id: string; entries: IndexEntry[] }>();
  const bounds = dayBounds(now);
  for (const entry of entries) {
    if (entry.archived) continue; // in the Archived group, not by date
    if (entry.comparison) {
      const known = comparisons.get(entry.comparison);
      if (known) {
        known.entries.push(entry);
        continue;
      }
      const row = { kind: 'comparison' as const, id: entry.comparison, entries: [entry] };
      comparisons.set(entry.comparison, row);
      // Entries come newest first, so the first member seen places the comparison.
      rows.get(entry.pinned ? 'pinned' : groupByBounds(entry.lastActive, bounds))!.push(row);
      continue;
    }
    rows.get(entry.pinned ? 'pinned' : groupByBounds(entry.lastActive, bounds))!.push({ kind: 'session', entry });
  }
  for (const row of comparisons.values()) row.entries.sort((a, b) => a.created - b.created || a.model.localeCompare(b.model));
  return DATE_GROUPS.map((group) => ({ group, rows: rows.get(group)! })).filter((g) => g.rows.length > 0);
}
