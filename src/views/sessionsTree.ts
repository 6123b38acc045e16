/**
 * The Sessions view's rows: this workspace's sessions in date groups (Pinned, Today, Yesterday, Previous 7 Days,
 * Older), a comparison's sessions under it, then the store's sessions outside the list and Recently deleted.
 * Groups are computed once per change of the index, so the view stays fast with thousands of sessions.
 */
import * as vscode from 'vscode';
import { dateGroupOf, groupSessions, type DateGroup, type GroupRow } from '../core/sessionGroups';
import type { IndexEntry, SessionIndex } from '../core/sessionIndex';
import type { NeedsYou, NeedsYouTracker } from '../sessions/needsYou';
import type { OutsideSession, SessionRegistry } from '../sessions/sessionRegistry';
import {
  archivedGroupItem,
  archivedItem,
  comparisonItem,
  dateGroupItem,
  needsGroupItem,
  needsItem,
  type RowStatus,
  deletedGroupItem,
  deletedItem,
  GROUP_PAGE,
  moreItem,
  outsideGroupItem,
  outsideItem,
  sessionItem,
  sessionTooltip,
} from './sessionItems';

export const VIEW_ID = 'copilotSessions.sessions';

/** A group of rows: by date, the store's sessions outside the list, or Recently deleted. */
export interface GroupNode {
  kind: 'group';
  group: 'needsYou' | DateGroup | 'archived' | 'outside' | 'deleted';
}
/** A session in the "Needs you" group (it is in its date group too). */
export interface NeedsNode {
  kind: 'needs';
  entry: IndexEntry;
  need: NeedsYou;
}
export interface ComparisonNode {
  kind: 'comparison';
  id: string;
  entries: IndexEntry[];
}
export type OutsideNode = OutsideSession & { kind: 'outside' };
/** The last row of a group with more rows than it shows: "Show more". */
export interface MoreNode {
  kind: 'more';
  group: GroupNode['group'];
  hidden: number;
}
export type SessionsTreeNode = IndexEntry | GroupNode | ComparisonNode | OutsideNode | NeedsNode | MoreNode;

const GROUPS = new Map<GroupNode['group'], GroupNode>(
  (['needsYou', 'pinned', 'today', 'yesterday', 'week', 'older', 'archived', 'outside', 'deleted'] as const).map((group) => [
    group,
    { kind: 'group', group },
  ]),
);
const group = (name: GroupNode['group']): GroupNode => GROUPS.get(name)!;

function isEntry(node: SessionsTreeNode): node is IndexEntry {
  return !('kind' in node);
}

/**
 * Tree item ids, by kind, so that no session id can clash with a group or with a session shown elsewhere (a session
 * named "outside-group" once broke the view). Session ids cannot contain ":".
 */
export function treeItemId(node: SessionsTreeNode): string {
  const [kind, key] = treeItemKey(node);
  return `${kind}:${key}`;
}

function treeItemKey(node: SessionsTreeNode): [kind: string, key: string] {
  if (isEntry(node)) return [node.deletedAt !== undefined ? 'deleted' : node.archived ? 'archived' : 'session', node.id];
  if (node.kind === 'group') return ['group', node.group];
  if (node.kind === 'needs') return ['needs', node.entry.id];
  if (node.kind === 'more') return ['more', node.group];
  return node.kind === 'comparison' ? ['comparison', node.id] : ['outside', node.sessionId];
}

/** The kinds of row a session can be (the prefixes of treeItemId). */
const ROW_KINDS = ['session', 'archived', 'deleted', 'needs', 'outside'] as const;

export class SessionsTree implements vscode.TreeDataProvider<SessionsTreeNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<SessionsTreeNode | SessionsTreeNode[] | undefined>();
  private outside: OutsideNode[] = [];
  readonly onDidChangeTreeData = this.changes.event;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Every node handed to VS Code: it passes them back to commands run from the view's menus. */
  private readonly handedOut = new WeakSet<object>();
  /** The session rows VS Code has now, by tree item id (a session can be a row twice: in its group and under Needs you). */
  private readonly rows = new Map<string, SessionsTreeNode>();
  /** Which rows sat where at the last refresh; a change with the same shape refreshes only the changed rows. */
  private shape: string[] = [];
  /** Sessions whose rows changed since the last refresh; `all` when anything else may have (a reload, a new day). */
  private readonly pending = new Set<string>();
  private pendingAll = false;
  /** VS Code has rows from this tree (before the index loaded, its requests wait for the load). */
  private answered = false;
  /** The date groups of the listed sessions, computed once per index change (and per day). */
  private grouped: { day: number; groups: Map<DateGroup, GroupRow[]> } | undefined;
  /** One node per comparison, kept across refreshes so that VS Code keeps it expanded or collapsed. */
  private readonly comparisons = new Map<string, ComparisonNode>();
  /** How many rows each group shows (GROUP_PAGE until "Show more"), and its "Show more" row. */
  private readonly shownRows = new Map<GroupNode['group'], number>();
  private readonly moreNodes = new Map<GroupNode['group'], MoreNode>();

  constructor(
    private readonly index: SessionIndex,
    private readonly registry: SessionRegistry,
    /** Days a deleted session stays in Recently deleted. */
    private readonly retentionDays: () => number,
    private readonly needsYou?: NeedsYouTracker,
    /** Files each session's turns changed and the user has not kept or undone yet. */
    private readonly fileChanges?: {
      pendingFiles(id: string): number;
      onDidChange: (listener: (change: { sessionId: string }) => void) => { dispose(): void };
    },
  ) {
    this.disposables.push(
      this.changes,
      index.onDidChange((change) => {
        this.grouped = undefined;
        if (change.kind === 'upsert') this.scheduleRefresh(change.entries.map((entry) => entry.id));
        else if (change.kind === 'remove') this.scheduleRefresh(change.ids);
        // The first load: VS Code's first request was waiting for it (getChildren) and gets the loaded list; a refresh
        // now would make it fetch every shown row again, with 10,000 sessions while the first rows are on their way.
        else if (this.answered) this.scheduleRefresh();
      }),
      registry.onDidChangeStatus(({ id }) => this.scheduleRefresh([id])),
    );
    if (needsYou) this.disposables.push(needsYou.onDidChange(() => this.scheduleRefresh([...this.needsRowIds(), ...needsYou.list()])));
    if (fileChanges) this.disposables.push(fileChanges.onDidChange(({ sessionId }) => this.scheduleRefresh([sessionId])));
  }

  /**
   * Coalesces bursts of changes (streaming turns touch the index and statuses often) into one refresh, of the changed
   * rows only when no row moved: VS Code forgets every row under what is refreshed until it has asked for them again,
   * and a row button clicked meanwhile ran its command with no row (Delete then asked which session).
   */
  private scheduleRefresh(ids?: readonly string[]): void {
    if (ids) for (const id of ids) this.pending.add(id);
    else this.pendingAll = true;
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.fireRefresh();
    }, 50);
  }

  private fireRefresh(): void {
    const ids = [...this.pending];
    const shape = this.currentShape();
    const all = this.pendingAll || shape.length !== this.shape.length || shape.some((part, i) => part !== this.shape[i]);
    this.shape = shape;
    this.pending.clear();
    this.pendingAll = false;
    if (all) return this.changes.fire(undefined);
    const rows = ids.flatMap((id) =>
      ROW_KINDS.flatMap((kind) => {
        const row = this.rows.get(`${kind}:${id}`);
        return row ? [row] : [];
      }),
    );
    for (const id of ids) {
      const comparison = this.index.get(id)?.comparison;
      const node = comparison === undefined ? undefined : this.comparisons.get(comparison);
      if (node && this.handedOut.has(node)) rows.push(node);
    }
    if (rows.length) this.changes.fire(rows);
  }

  refresh(): void {
    this.grouped = undefined;
    this.changes.fire(undefined);
  }

  setOutside(sessions: OutsideSession[]): void {
    this.outside = sessions.filter((s) => !this.index.has(s.sessionId)).map((s) => ({ ...s, kind: 'outside' as const }));
    this.scheduleRefresh();
  }

  /**
   * Every row's kind and key in order under each group and comparison: equal shapes mean no row was added, removed or
   * moved. (Strings already in memory, compared one by one: this runs on every change of a 10,000-session list.)
   */
  private currentShape(): string[] {
    const parts: string[] = [];
    const walk = (nodes: SessionsTreeNode[]): void => {
      for (const node of nodes) {
        parts.push(...treeItemKey(node));
        if (!isEntry(node) && (node.kind === 'group' || node.kind === 'comparison')) {
          parts.push('(');
          walk(this.children(node));
          parts.push(')');
        }
      }
    };
    walk(this.children(undefined));
    return parts;
  }

  private needsRowIds(): string[] {
    return [...this.rows.values()].flatMap((row) => (!isEntry(row) && row.kind === 'needs' ? [row.entry.id] : []));
  }

  getChildren(element?: SessionsTreeNode): SessionsTreeNode[] | Promise<SessionsTreeNode[]> {
    // Until the index is loaded an empty list would read as "no sessions": the view shows its progress instead.
    if (!this.index.loaded) return this.index.whenLoaded.then(() => this.getChildren(element));
    // VS Code asks for the roots after a full refresh, and forgets the rows it had.
    if (!element) this.rows.clear();
    this.answered = true;
    return this.remember(this.children(element));
  }

  /** The next page of a group's rows ("Show more"): that group alone is fetched again. */
  showMore(node: MoreNode): void {
    this.shownRows.set(node.group, this.shownOf(node.group) + GROUP_PAGE);
    this.shape = this.currentShape();
    this.changes.fire(group(node.group));
  }

  private shownOf(name: GroupNode['group']): number {
    return this.shownRows.get(name) ?? GROUP_PAGE;
  }

  private children(element: SessionsTreeNode | undefined): SessionsTreeNode[] {
    if (!element || isEntry(element) || element.kind !== 'group') return this.ungrouped(element);
    const rows = this.groupRows(element.group);
    const shown = this.shownOf(element.group);
    if (rows.length <= shown) return rows;
    const more = this.moreNodes.get(element.group) ?? { kind: 'more', group: element.group, hidden: 0 };
    more.hidden = rows.length - shown;
    this.moreNodes.set(element.group, more);
    return [...rows.slice(0, shown), more];
  }

  private ungrouped(element: Exclude<SessionsTreeNode, GroupNode> | undefined): SessionsTreeNode[] {
    if (!element) {
      const nodes: SessionsTreeNode[] = [...this.dateGroups().keys()].map(group);
      if (this.needing().length) nodes.unshift(group('needsYou'));
      if (this.archived().length) nodes.push(group('archived'));
      if (this.outsideNow().length) nodes.push(group('outside'));
      if (this.index.deleted().length) nodes.push(group('deleted'));
      return nodes;
    }
    return !isEntry(element) && element.kind === 'comparison' ? element.entries : [];
  }

  private groupRows(name: GroupNode['group']): SessionsTreeNode[] {
    if (name === 'needsYou') return this.needing();
    if (name === 'outside') return this.outsideNow();
    if (name === 'archived') return this.archived();
    if (name === 'deleted') return [...this.index.deleted()];
    return (this.dateGroups().get(name) ?? []).map((row) => (row.kind === 'session' ? row.entry : this.comparisonNode(row)));
  }

  private dateGroups(): Map<DateGroup, GroupRow[]> {
    const now = Date.now();
    const day = new Date(now).setHours(0, 0, 0, 0);
    // "Today" becomes "Yesterday" at midnight even when nothing changed.
    if (!this.grouped || this.grouped.day !== day) {
      this.grouped = { day, groups: new Map(groupSessions(this.index.list(), now).map((g) => [g.group, g.rows])) };
    }
    return this.grouped.groups;
  }

  private comparisonNode(row: Extract<GroupRow, { kind: 'comparison' }>): ComparisonNode {
    const node = this.comparisons.get(row.id) ?? { kind: 'comparison', id: row.id, entries: [] };
    node.entries = row.entries;
    this.comparisons.set(row.id, node);
    return node;
  }

  private needing(): NeedsNode[] {
    const tracker = this.needsYou;
    if (!tracker) return [];
    return tracker.list().flatMap((id) => {
      const entry = this.index.get(id);
      const need = tracker.get(id);
      return entry && need ? [{ kind: 'needs' as const, entry, need }] : [];
    });
  }

  private archived(): IndexEntry[] {
    return this.index.list().filter((entry) => entry.archived);
  }

  private outsideNow(): OutsideNode[] {
    return this.outside.filter((s) => !this.index.has(s.sessionId));
  }

  private remember(nodes: SessionsTreeNode[]): SessionsTreeNode[] {
    for (const node of nodes) {
      this.handedOut.add(node);
      if (isEntry(node) || node.kind === 'needs' || node.kind === 'outside') this.rows.set(treeItemId(node), node);
    }
    return nodes;
  }

  /** True for a node of this view, as VS Code passes it to a command run from the view's title bar or a row's menu. */
  isNode(value: unknown): value is SessionsTreeNode {
    return typeof value === 'object' && value !== null && this.handedOut.has(value);
  }

  /** The session a node stands for (a listed session, or one of the store's outside the list); none for a group. */
  sessionOf(node: SessionsTreeNode): { sessionId: string; outside: boolean } | undefined {
    if (isEntry(node)) return { sessionId: node.id, outside: false };
    if (node.kind === 'needs') return { sessionId: node.entry.id, outside: false };
    return node.kind === 'outside' ? { sessionId: node.sessionId, outside: true } : undefined;
  }

  getParent(node: SessionsTreeNode): SessionsTreeNode | undefined {
    if (isEntry(node)) {
      if (node.deletedAt !== undefined) return group('deleted');
      if (node.archived) return group('archived');
      if (node.comparison && this.comparisons.has(node.comparison)) return this.comparisons.get(node.comparison);
      return group(node.pinned ? 'pinned' : dateGroupOf(node.lastActive, Date.now()));
    }
    if (node.kind === 'outside') return group('outside');
    if (node.kind === 'needs') return group('needsYou');
    if (node.kind === 'more') return group(node.group);
    if (node.kind === 'comparison') {
      const first = node.entries[0];
      return first ? group(first.pinned ? 'pinned' : dateGroupOf(first.lastActive, Date.now())) : undefined;
    }
    return undefined;
  }

  getTreeItem(row: SessionsTreeNode): vscode.TreeItem {
    const node = this.current(row);
    const id = treeItemId(node);
    if (isEntry(node)) {
      if (node.deletedAt !== undefined) return deletedItem(id, node, this.retentionDays());
      if (node.archived) return archivedItem(id, node, this.statusOf(node.id));
      return sessionItem(id, node, this.statusOf(node.id), !!node.comparison && this.comparisons.has(node.comparison));
    }
    switch (node.kind) {
      case 'comparison':
        return comparisonItem(id, node.entries);
      case 'outside':
        return outsideItem(id, node);
      case 'needs':
        return needsItem(id, node.entry, node.need, this.statusOf(node.entry.id));
      case 'more':
        return moreItem(id, node.hidden, node);
      case 'group':
        if (node.group === 'outside') return outsideGroupItem(id, this.outsideNow().length);
        if (node.group === 'deleted') return deletedGroupItem(id, this.index.deleted().length, this.retentionDays());
        if (node.group === 'archived') return archivedGroupItem(id, this.archived().length);
        if (node.group === 'needsYou') return needsGroupItem(id, this.needing().length);
        return dateGroupItem(id, node.group, this.dateGroups().get(node.group)?.length ?? 0);
    }
  }

  async resolveTreeItem(item: vscode.TreeItem, row: SessionsTreeNode): Promise<vscode.TreeItem> {
    const node = this.current(row);
    if (isEntry(node) && node.deletedAt === undefined && item.tooltip === undefined) {
      const live = this.registry.get(node.id);
      const usage = live ? { tokens: live.usageTokens, cost: live.usageCost } : undefined;
      item.tooltip = await sessionTooltip(node, this.statusOf(node.id), usage);
    }
    return item;
  }

  /**
   * A row refreshed in place is the node VS Code has (it knows rows by object): its session as it is now, as long as
   * it is still the same row (a row that became another kind, say deleted, comes with the full refresh it causes).
   */
  private current(node: SessionsTreeNode): SessionsTreeNode {
    if (isEntry(node)) {
      const fresh = this.index.get(node.id);
      return fresh && treeItemId(fresh) === treeItemId(node) ? fresh : node;
    }
    if (node.kind !== 'needs') return node;
    const entry = this.index.get(node.entry.id) ?? node.entry;
    return { ...node, entry, need: this.needsYou?.get(entry.id) ?? node.need };
  }

  /** The status, and whether the session's history cannot be read (it then says so rather than "Last turn failed"). */
  private statusOf(id: string): RowStatus {
    const changedFiles = this.fileChanges?.pendingFiles(id) ?? 0;
    return { status: this.registry.status(id), unreadable: this.registry.isUnreadable(id), ...(changedFiles ? { changedFiles } : {}) };
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}
