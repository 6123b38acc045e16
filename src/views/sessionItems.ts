/**
 * What each row of the Sessions view looks like: labels, descriptions, icons, context values (which the menus in
 * package.json match), accessible names and tooltips. The tree (sessionsTree.ts) decides which rows there are.
 */
import * as vscode from 'vscode';
import { usageOf } from '../core/history';
import { formatDateTime, relativeTime } from '../core/relativeTime';
import { daysLeft } from '../core/retention';
import type { DateGroup } from '../core/sessionGroups';
import type { IndexEntry } from '../core/sessionIndex';
import type { NeedsYou } from '../sessions/needsYou';
import type { OutsideSession } from '../sessions/sessionRegistry';
import { premiumRequests, sessionLabel } from '../sessions/registryTexts';
import { readStoredEvents } from '../sessions/sessionStore';
import type { SessionStatus } from '../shared/protocol';

const STATUS_ICONS: Record<SessionStatus, vscode.ThemeIcon> = {
  idle: new vscode.ThemeIcon('comment-discussion'),
  busy: new vscode.ThemeIcon('loading~spin'),
  waiting: new vscode.ThemeIcon('question', new vscode.ThemeColor('notificationsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  missing: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
};

/** A row's status, and whether its history cannot be read (a damaged file in the store). */
export interface RowStatus {
  status: SessionStatus;
  unreadable: boolean;
  /** Files its turns changed that the user has not kept or undone yet. */
  changedFiles?: number;
}

function changedWords(count: number | undefined): string {
  if (!count) return '';
  return count === 1 ? vscode.l10n.t('1 file to review') : vscode.l10n.t('{0} files to review', count);
}

/** The status in words; a session whose history cannot be read says so rather than "Last turn failed". */
function statusWords({ status, unreadable }: RowStatus): string {
  return unreadable ? vscode.l10n.t('History could not be read') : statusLabel(status);
}

export function statusLabel(status: SessionStatus): string {
  switch (status) {
    case 'idle':
      return vscode.l10n.t('Idle');
    case 'busy':
      return vscode.l10n.t('Replying…');
    case 'waiting':
      return vscode.l10n.t('Waiting for your permission');
    case 'error':
      return vscode.l10n.t('Last turn failed');
    case 'missing':
      return vscode.l10n.t('Missing from the session store');
  }
}

export function groupLabel(group: DateGroup): string {
  switch (group) {
    case 'pinned':
      return vscode.l10n.t('Pinned');
    case 'today':
      return vscode.l10n.t('Today');
    case 'yesterday':
      return vscode.l10n.t('Yesterday');
    case 'week':
      return vscode.l10n.t('Previous 7 Days');
    case 'older':
      return vscode.l10n.t('Older');
  }
}

/** A date group with more rows than this starts collapsed, saying how many it holds. */
export const LARGE_GROUP = 500;

/**
 * A group shows this many rows, then a "Show more" row for the next as many: VS Code fetches every row of an expanded
 * group before it shows the view's first row, so a list of 10,000 sessions would otherwise cross to it whole.
 */
export const GROUP_PAGE = 50;

/** The command a "Show more" row runs (not in the palette: it needs the row). */
export const SHOW_MORE_COMMAND = 'copilotSessions.showMoreSessions';

/** The row after a group's shown rows: the next page of them, and how many are not shown. */
export function moreItem(id: string, hidden: number, node: object): vscode.TreeItem {
  const locale = vscode.env.language;
  const next = Math.min(GROUP_PAGE, hidden);
  const label = vscode.l10n.t('Show {0} more', next.toLocaleString(locale));
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = vscode.l10n.t('{0} not shown', hidden.toLocaleString(locale));
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'more';
  item.command = { command: SHOW_MORE_COMMAND, title: label, arguments: [node] };
  item.accessibilityInformation = { label: `${label}, ${item.description}` };
  return item;
}

export function dateGroupItem(id: string, group: DateGroup, count: number): vscode.TreeItem {
  const label = groupLabel(group);
  const large = count > LARGE_GROUP;
  const item = new vscode.TreeItem(label, large ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
  // Collapsed, the group says how many sessions it holds.
  if (large) item.description = count.toLocaleString(vscode.env.language);
  item.id = id;
  item.contextValue = 'date-group';
  item.accessibilityInformation = { label: `${label}, ${count}` };
  return item;
}

export function sessionItem(id: string, entry: IndexEntry, row: RowStatus, inComparison: boolean): vscode.TreeItem {
  const { status } = row;
  const locale = vscode.env.language;
  // Inside a comparison the rows differ by model: the model is their name, unless the user named the session.
  const label = inComparison && !entry.named ? entry.model : sessionLabel(entry);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  const when = relativeTime(entry.lastActive, Date.now(), locale);
  const changed = changedWords(row.changedFiles);
  // First: a narrow sidebar cuts the end of a description off.
  item.description = `${changed ? `${changed} · ` : ''}${inComparison ? when : `${entry.model} · ${when}`}`;
  item.iconPath = entry.pinned && status === 'idle' ? new vscode.ThemeIcon('pinned') : STATUS_ICONS[status];
  item.contextValue = status === 'missing' ? 'session-missing' : entry.pinned ? 'session-pinned' : 'session';
  item.accessibilityInformation = {
    label: `${label}, ${inComparison ? '' : `${entry.model}, `}${statusWords(row)}${changed ? `, ${changed}` : ''}`,
  };
  item.command = { command: 'copilotSessions.open', title: vscode.l10n.t('Open Session'), arguments: [entry.id] };
  return item;
}

export function needsGroupItem(id: string, count: number): vscode.TreeItem {
  const label = vscode.l10n.t('Needs you');
  const group = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
  group.id = id;
  group.iconPath = new vscode.ThemeIcon('bell-dot');
  group.description = String(count);
  group.accessibilityInformation = { label: `${label}, ${count}` };
  group.contextValue = 'needs-group';
  return group;
}

/** A session that waits for a permission or has a reply not yet seen. */
export function needsItem(id: string, entry: IndexEntry, need: NeedsYou, row: RowStatus): vscode.TreeItem {
  const item = sessionItem(id, entry, row, false);
  const why = need === 'permission' ? vscode.l10n.t('waiting for your permission') : vscode.l10n.t('new reply');
  item.description = `${why} · ${entry.model}`;
  item.iconPath = new vscode.ThemeIcon(need === 'permission' ? 'question' : 'bell-dot');
  item.accessibilityInformation = { label: `${sessionLabel(entry)}, ${why}` };
  return item;
}

export function archivedGroupItem(id: string, count: number): vscode.TreeItem {
  const label = vscode.l10n.t('Archived');
  const group = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  group.id = id;
  group.iconPath = new vscode.ThemeIcon('archive');
  group.description = String(count);
  group.accessibilityInformation = { label: `${label}, ${count}` };
  group.tooltip = vscode.l10n.t('Sessions put away: still searchable, left alone by cleanup. Unarchive one to carry on with it.');
  group.contextValue = 'archived-group';
  return group;
}

export function archivedItem(id: string, entry: IndexEntry, row: RowStatus): vscode.TreeItem {
  const item = sessionItem(id, entry, row, false);
  item.iconPath = new vscode.ThemeIcon('archive');
  item.contextValue = 'session-archived';
  return item;
}

export function comparisonItem(id: string, entries: readonly IndexEntry[]): vscode.TreeItem {
  // The prompt the runtime named its sessions after, rather than a name the user gave one of them.
  const first = entries.find((e) => !e.named) ?? entries[0];
  const title = first ? sessionLabel(first) : '';
  const label = vscode.l10n.t('Compare: {0}', title);
  // Open: a comparison is two to four rows, and they are what the user looks for.
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon('split-horizontal');
  item.description = entries.map((e) => e.model).join(' · ');
  item.contextValue = 'comparison';
  item.accessibilityInformation = { label: `${label}, ${item.description}` };
  return item;
}

export function outsideGroupItem(id: string, count: number): vscode.TreeItem {
  const label = vscode.l10n.t("Not in this workspace's list");
  const group = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  group.id = id;
  group.iconPath = new vscode.ThemeIcon('cloud-download');
  group.description = String(count);
  group.accessibilityInformation = { label: `${label}, ${count}` };
  group.tooltip = vscode.l10n.t(
    'Sessions of this folder in the session store, started from the Copilot CLI or another window. Import them to list them here.',
  );
  group.contextValue = 'outside-group';
  return group;
}

export function outsideItem(id: string, session: OutsideSession): vscode.TreeItem {
  const locale = vscode.env.language;
  const label = session.summary?.trim() || session.sessionId;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = relativeTime(session.modified, Date.now(), locale);
  item.iconPath = new vscode.ThemeIcon('comment-draft');
  item.tooltip = `${session.sessionId}\n${vscode.l10n.t('Last active')}: ${formatDateTime(session.modified, locale)}`;
  item.contextValue = 'session-outside';
  item.accessibilityInformation = { label: `${label}, ${item.description}` };
  return item;
}

export function deletedGroupItem(id: string, count: number, retentionDays: number): vscode.TreeItem {
  const label = vscode.l10n.t('Recently deleted');
  const group = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  group.id = id;
  group.iconPath = new vscode.ThemeIcon('trash');
  group.description = String(count);
  group.accessibilityInformation = { label: `${label}, ${count}` };
  group.tooltip =
    retentionDays === 1
      ? vscode.l10n.t('Deleted sessions stay here for 1 day: restore one to carry on with its whole history.')
      : vscode.l10n.t('Deleted sessions stay here for {0} days: restore one to carry on with its whole history.', retentionDays);
  group.contextValue = 'deleted-group';
  return group;
}

export function deletedItem(id: string, entry: IndexEntry, retentionDays: number): vscode.TreeItem {
  const locale = vscode.env.language;
  const label = sessionLabel(entry);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  const left = daysLeft(entry, retentionDays, Date.now());
  const when = relativeTime(entry.deletedAt ?? 0, Date.now(), locale);
  item.description =
    left === 1 ? vscode.l10n.t('deleted {0} · 1 day left', when) : vscode.l10n.t('deleted {0} · {1} days left', when, left);
  item.iconPath = new vscode.ThemeIcon('trash');
  item.tooltip = `${entry.id}\n${vscode.l10n.t('Model')}: ${entry.model}\n${vscode.l10n.t('Deleted')}: ${formatDateTime(entry.deletedAt ?? 0, locale)}`;
  item.contextValue = 'session-deleted';
  item.accessibilityInformation = { label: `${label}, ${item.description}` };
  return item;
}

/**
 * Built when hovered: thousands of rows render without formatting dates nobody reads. Tokens and cost come from
 * the live session, else from the store's usage events (so they are there after a reload too).
 */
export async function sessionTooltip(
  entry: IndexEntry,
  row: RowStatus,
  live: { tokens: number; cost: number } | undefined,
): Promise<vscode.MarkdownString> {
  const { status } = row;
  const locale = vscode.env.language;
  const readable = !entry.empty && !row.unreadable;
  const usage = live ?? (readable ? await readStoredEvents(entry.id).then(usageOf, () => undefined) : undefined);
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMarkdown(sessionLabel(entry))}**\n\n`);
  tooltip.appendMarkdown(`${vscode.l10n.t('ID')}: \`${entry.id}\`  \n`);
  tooltip.appendMarkdown(`${vscode.l10n.t('Model')}: ${escapeMarkdown(entry.model)}  \n`);
  if (entry.forkedFrom) tooltip.appendMarkdown(`${vscode.l10n.t('Forked from')}: \`${entry.forkedFrom}\`  \n`);
  tooltip.appendMarkdown(`${vscode.l10n.t('Created')}: ${formatDateTime(entry.created, locale)}  \n`);
  tooltip.appendMarkdown(`${vscode.l10n.t('Last active')}: ${formatDateTime(entry.lastActive, locale)}  \n`);
  if (usage?.tokens) tooltip.appendMarkdown(`${vscode.l10n.t('Tokens')}: ${usage.tokens.toLocaleString(locale)}  \n`);
  if (usage?.cost) tooltip.appendMarkdown(`${vscode.l10n.t('Cost')}: ${escapeMarkdown(premiumRequests(usage.cost, locale))}  \n`);
  tooltip.appendMarkdown(`${vscode.l10n.t('Status')}: ${statusWords(row)}`);
  if (row.unreadable) tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Its file in the session store is damaged; nothing is written to it.')}`);
  if (status === 'missing') {
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Its history is no longer in the session store. Remove it from the list.')}`);
  }
  return tooltip;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
