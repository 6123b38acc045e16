/**
 * The Sessions view: this workspace's sessions from the index, with their status, newest activity first.
 * Children are built from the cached sorted index, so the view stays fast with thousands of sessions.
 */
import * as vscode from 'vscode';
import { formatDateTime, relativeTime } from '../core/relativeTime';
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

/** The collapsed group of sessions the store has for this folder that the list does not (CLI, other windows). */
export interface OutsideGroup {
  kind: 'outsideGroup';
}
export type OutsideNode = OutsideSession & { kind: 'outside' };
export type SessionsTreeNode = IndexEntry | OutsideGroup | OutsideNode;

const OUTSIDE_GROUP: OutsideGroup = { kind: 'outsideGroup' };

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
      const entries: SessionsTreeNode[] = this.index.list() as IndexEntry[];
      const outside = this.outside.filter((s) => !this.index.has(s.sessionId));
      return outside.length ? [...entries, OUTSIDE_GROUP] : entries;
    }
    if (!isEntry(element) && element.kind === 'outsideGroup') return this.outside.filter((s) => !this.index.has(s.sessionId));
    return [];
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
    return !isEntry(node) && node.kind === 'outside' ? OUTSIDE_GROUP : undefined;
  }

  getTreeItem(node: SessionsTreeNode): vscode.TreeItem {
    if (isEntry(node)) return this.entryItem(node);
    const locale = vscode.env.language;
    if (node.kind === 'outsideGroup') {
      const group = new vscode.TreeItem(vscode.l10n.t("Not in this workspace's list"), vscode.TreeItemCollapsibleState.Collapsed);
      group.id = 'outside-group';
      group.iconPath = new vscode.ThemeIcon('cloud-download');
      const count = this.outside.filter((s) => !this.index.has(s.sessionId)).length;
      group.description = String(count);
      group.accessibilityInformation = { label: `${vscode.l10n.t("Not in this workspace's list")}, ${count}` };
      group.tooltip = vscode.l10n.t(
        'Sessions of this folder in the session store, started from the Copilot CLI or another window. Import them to list them here.',
      );
      group.contextValue = 'outside-group';
      return group;
    }
    const item = new vscode.TreeItem(node.summary?.trim() || node.sessionId, vscode.TreeItemCollapsibleState.None);
    item.id = `outside/${node.sessionId}`;
    item.description = relativeTime(node.modified, Date.now(), locale);
    item.iconPath = new vscode.ThemeIcon('comment-draft');
    item.tooltip = `${node.sessionId}\n${vscode.l10n.t('Last active')}: ${formatDateTime(node.modified, locale)}`;
    item.contextValue = 'session-outside';
    item.accessibilityInformation = { label: `${node.summary?.trim() || node.sessionId}, ${item.description}` };
    return item;
  }

  /** Tooltips are built only when hovered: thousands of rows render without formatting dates nobody reads. */
  resolveTreeItem(item: vscode.TreeItem, node: SessionsTreeNode): vscode.TreeItem {
    if (isEntry(node) && item.tooltip === undefined) item.tooltip = this.tooltip(node);
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
    tooltip.appendMarkdown(`${vscode.l10n.t('Status')}: ${this.statusText(entry.id, status)}`);
    if (this.registry.isUnreadable(entry.id))
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Its file in the session store is damaged; nothing is written to it.')}`);
    if (status === 'missing')
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Its history is no longer in the session store. Remove it from the list.')}`);
    return tooltip;
  }

  private entryItem(entry: IndexEntry): vscode.TreeItem {
    const status = this.registry.status(entry.id);
    const locale = vscode.env.language;
    const item = new vscode.TreeItem(displayTitle(entry), vscode.TreeItemCollapsibleState.None);
    item.id = entry.id;
    item.description = `${entry.model} · ${relativeTime(entry.lastActive, Date.now(), locale)}`;
    item.iconPath = entry.pinned && status === 'idle' ? new vscode.ThemeIcon('pinned') : STATUS_ICONS[status];
    item.contextValue = status === 'missing' ? 'session-missing' : entry.pinned ? 'session-pinned' : 'session';
    item.accessibilityInformation = { label: `${displayTitle(entry)}, ${entry.model}, ${this.statusText(entry.id, status)}` };
    item.command = { command: 'copilotSessions.open', title: vscode.l10n.t('Open Session'), arguments: [entry.id] };
    return item;
  }

  /** The status in words; a session whose history cannot be read says so rather than "Last turn failed". */
  private statusText(id: string, status: SessionStatus): string {
    return this.registry.isUnreadable(id) ? vscode.l10n.t('History could not be read') : statusLabel(status);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
