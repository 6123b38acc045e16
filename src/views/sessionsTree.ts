/**
 * The Sessions view: this workspace's sessions from the index, with their status, newest activity first.
 * Children are built from the cached sorted index, so the view stays fast with thousands of sessions.
 */
import * as vscode from 'vscode';
import { formatDateTime, relativeTime } from '../core/relativeTime';
import { daysLeft } from '../core/retention';
import { displayTitle, type IndexEntry, type SessionIndex } from '../core/sessionIndex';
import type { OutsideSession, SessionRegistry } from '../sessions/sessionRegistry';
import type { SessionStatus } from '../shared/protocol';

export const VIEW_ID = 'copilotSessions.sessions';

const STATUS_ICONS: Record<SessionStatus, vscode.ThemeIcon> = {
  idle: new vscode.ThemeIcon('comment-discussion'),
  busy: new vscode.ThemeIcon('loading~spin'),
  waiting: new vscode.ThemeIcon('question', new vscode.ThemeColor('notificationsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  missing: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
};

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

/**
 * A collapsed group below the list: the sessions the store has for this folder that the list does not (CLI, other
 * windows), and Recently deleted.
 */
export interface GroupNode {
  kind: 'group';
  group: 'outside' | 'deleted';
}
export type OutsideNode = OutsideSession & { kind: 'outside' };
export type SessionsTreeNode = IndexEntry | GroupNode | OutsideNode;

const OUTSIDE_GROUP: GroupNode = { kind: 'group', group: 'outside' };
const DELETED_GROUP: GroupNode = { kind: 'group', group: 'deleted' };

/**
 * Tree item ids, by kind, so that no session id can clash with a group or with a session shown elsewhere (a session
 * named "outside-group" once broke the view).
 */
export function treeItemId(node: SessionsTreeNode): string {
  if (isEntry(node)) return `${node.deletedAt === undefined ? 'session' : 'deleted'}:${node.id}`;
  return node.kind === 'group' ? `group:${node.group}` : `outside:${node.sessionId}`;
}

function isEntry(node: SessionsTreeNode): node is IndexEntry {
  return !('kind' in node);
}

export class SessionsTree implements vscode.TreeDataProvider<SessionsTreeNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<SessionsTreeNode | undefined>();
  private outside: OutsideNode[] = [];
  readonly onDidChangeTreeData = this.changes.event;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Every node handed to VS Code: it passes them back to commands run from the view's menus. */
  private readonly handedOut = new WeakSet<object>();

  constructor(
    private readonly index: SessionIndex,
    private readonly registry: SessionRegistry,
    /** Days a deleted session stays in Recently deleted. */
    private readonly retentionDays: () => number,
  ) {
    this.disposables.push(
      this.changes,
      index.onDidChange(() => this.scheduleRefresh()),
      registry.onDidChangeStatus(() => this.scheduleRefresh()),
    );
  }

  /** Coalesces bursts of changes (streaming turns touch the index and statuses often) into one refresh. */
  private scheduleRefresh(): void {
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.changes.fire(undefined);
    }, 50);
  }

  refresh(): void {
    this.changes.fire(undefined);
  }

  setOutside(sessions: OutsideSession[]): void {
    this.outside = sessions.filter((s) => !this.index.has(s.sessionId)).map((s) => ({ ...s, kind: 'outside' as const }));
    this.scheduleRefresh();
  }

  getChildren(element?: SessionsTreeNode): SessionsTreeNode[] | Promise<SessionsTreeNode[]> {
    // Until the index is loaded an empty list would read as "no sessions": the view shows its progress instead.
    if (!this.index.loaded) return this.index.whenLoaded.then(() => this.getChildren(element));
    return this.remember(this.children(element));
  }

  private children(element: SessionsTreeNode | undefined): SessionsTreeNode[] {
    if (!element) {
      const nodes: SessionsTreeNode[] = [...this.index.list()];
      if (this.outsideNow().length) nodes.push(OUTSIDE_GROUP);
      if (this.index.deleted().length) nodes.push(DELETED_GROUP);
      return nodes;
    }
    if (isEntry(element) || element.kind !== 'group') return [];
    return element.group === 'outside' ? this.outsideNow() : [...this.index.deleted()];
  }

  private outsideNow(): OutsideNode[] {
    return this.outside.filter((s) => !this.index.has(s.sessionId));
  }

  private remember(nodes: SessionsTreeNode[]): SessionsTreeNode[] {
    for (const node of nodes) this.handedOut.add(node);
    return nodes;
  }

  /** True for a node of this view, as VS Code passes it to a command run from the view's title bar or a row's menu. */
  isNode(value: unknown): value is SessionsTreeNode {
    return typeof value === 'object' && value !== null && this.handedOut.has(value);
  }

  /** The session a node stands for (a listed session, or one of the store's outside the list); none for a group. */
  sessionOf(node: SessionsTreeNode): { sessionId: string; outside: boolean } | undefined {
    if (isEntry(node)) return { sessionId: node.id, outside: false };
    return node.kind === 'outside' ? { sessionId: node.sessionId, outside: true } : undefined;
  }

  getParent(node: SessionsTreeNode): SessionsTreeNode | undefined {
    if (isEntry(node)) return node.deletedAt === undefined ? undefined : DELETED_GROUP;
    return node.kind === 'outside' ? OUTSIDE_GROUP : undefined;
  }

  getTreeItem(node: SessionsTreeNode): vscode.TreeItem {
    if (isEntry(node)) return node.deletedAt === undefined ? this.entryItem(node) : this.deletedItem(node);
    const locale = vscode.env.language;
    if (node.kind === 'group') return node.group === 'outside' ? this.outsideGroupItem() : this.deletedGroupItem();
    const item = new vscode.TreeItem(node.summary?.trim() || node.sessionId, vscode.TreeItemCollapsibleState.None);
    item.id = treeItemId(node);
    item.description = relativeTime(node.modified, Date.now(), locale);
    item.iconPath = new vscode.ThemeIcon('comment-draft');
    item.tooltip = `${node.sessionId}\n${vscode.l10n.t('Last active')}: ${formatDateTime(node.modified, locale)}`;
    item.contextValue = 'session-outside';
    item.accessibilityInformation = { label: `${node.summary?.trim() || node.sessionId}, ${item.description}` };
    return item;
  }

  private outsideGroupItem(): vscode.TreeItem {
    const label = vscode.l10n.t("Not in this workspace's list");
    const group = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    group.id = treeItemId(OUTSIDE_GROUP);
    group.iconPath = new vscode.ThemeIcon('cloud-download');
    const count = this.outsideNow().length;
    group.description = String(count);
    group.accessibilityInformation = { label: `${label}, ${count}` };
    group.tooltip = vscode.l10n.t(
      'Sessions of this folder in the session store, started from the Copilot CLI or another window. Import them to list them here.',
    );
    group.contextValue = 'outside-group';
    return group;
  }

  private deletedGroupItem(): vscode.TreeItem {
    const label = vscode.l10n.t('Recently deleted');
    const group = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    group.id = treeItemId(DELETED_GROUP);
    group.iconPath = new vscode.ThemeIcon('trash');
    const count = this.index.deleted().length;
    group.description = String(count);
    group.accessibilityInformation = { label: `${label}, ${count}` };
    const days = this.retentionDays();
    group.tooltip =
      days === 1
        ? vscode.l10n.t('Deleted sessions stay here for 1 day: restore one to carry on with its whole history.')
        : vscode.l10n.t('Deleted sessions stay here for {0} days: restore one to carry on with its whole history.', days);
    group.contextValue = 'deleted-group';
    return group;
  }

  private deletedItem(entry: IndexEntry): vscode.TreeItem {
    const locale = vscode.env.language;
    const item = new vscode.TreeItem(displayTitle(entry), vscode.TreeItemCollapsibleState.None);
    item.id = treeItemId(entry);
    const left = daysLeft(entry, this.retentionDays(), Date.now());
    const when = relativeTime(entry.deletedAt ?? 0, Date.now(), locale);
    item.description =
      left === 1 ? vscode.l10n.t('deleted {0} · 1 day left', when) : vscode.l10n.t('deleted {0} · {1} days left', when, left);
    item.iconPath = new vscode.ThemeIcon('trash');
    item.tooltip = `${entry.id}\n${vscode.l10n.t('Model')}: ${entry.model}\n${vscode.l10n.t('Deleted')}: ${formatDateTime(entry.deletedAt ?? 0, locale)}`;
    item.contextValue = 'session-deleted';
    item.accessibilityInformation = { label: `${displayTitle(entry)}, ${item.description}` };
    return item;
  }

  /** Tooltips are built only when hovered: thousands of rows render without formatting dates nobody reads. */
  resolveTreeItem(item: vscode.TreeItem, node: SessionsTreeNode): vscode.TreeItem {
    if (isEntry(node) && node.deletedAt === undefined && item.tooltip === undefined) item.tooltip = this.tooltip(node);
    return item;
  }

  private tooltip(entry: IndexEntry): vscode.MarkdownString {
    const status = this.registry.status(entry.id);
    const locale = vscode.env.language;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMarkdown(displayTitle(entry))}**\n\n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('ID')}: \`${entry.id}\`  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Model')}: ${escapeMarkdown(entry.model)}  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Created')}: ${formatDateTime(entry.created, locale)}  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Last active')}: ${formatDateTime(entry.lastActive, locale)}  \n`);
    const live = this.registry.get(entry.id);
    if (live?.usageTokens) tooltip.appendMarkdown(`${vscode.l10n.t('Tokens')}: ${live.usageTokens.toLocaleString(locale)}  \n`);
    if (live?.usageCost) tooltip.appendMarkdown(`${vscode.l10n.t('Cost')}: ${live.usageCost.toLocaleString(locale)}  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Status')}: ${statusLabel(status)}`);
    if (status === 'missing')
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Its history is no longer in the session store. Remove it from the list.')}`);
    return tooltip;
  }

  private entryItem(entry: IndexEntry): vscode.TreeItem {
    const status = this.registry.status(entry.id);
    const locale = vscode.env.language;
    const item = new vscode.TreeItem(displayTitle(entry), vscode.TreeItemCollapsibleState.None);
    item.id = treeItemId(entry);
    item.description = `${entry.model} · ${relativeTime(entry.lastActive, Date.now(), locale)}`;
    item.iconPath = entry.pinned && status === 'idle' ? new vscode.ThemeIcon('pinned') : STATUS_ICONS[status];
    item.contextValue = status === 'missing' ? 'session-missing' : entry.pinned ? 'session-pinned' : 'session';
    item.accessibilityInformation = { label: `${displayTitle(entry)}, ${entry.model}, ${statusLabel(status)}` };
    item.command = { command: 'copilotSessions.open', title: vscode.l10n.t('Open Session'), arguments: [entry.id] };
    return item;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
