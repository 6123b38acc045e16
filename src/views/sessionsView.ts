/**
 * The Sessions view itself: the tree view over `SessionsTree`, the message above a list whose account has a
 * problem (an empty view shows the sign-in welcome content instead), and the group of the folder's other sessions.
 */
import * as vscode from 'vscode';
import { accountProblemMessage } from '../client/signIn';
import type { SharedClient } from '../client/sharedClient';
import type { SessionIndex } from '../core/sessionIndex';
import type { NeedsYouTracker } from '../sessions/needsYou';
import type { StoreReconciler } from '../sessions/storeReconciler';
import { SHOW_MORE_COMMAND } from './sessionItems';
import { VIEW_ID, type SessionsTree, type SessionsTreeNode } from './sessionsTree';

export interface SessionsView extends vscode.Disposable {
  /** The rows selected now (keybindings such as F2 and Delete act on them: VS Code passes them no row). */
  selection(): readonly SessionsTreeNode[];
}

export function createSessionsView(
  tree: SessionsTree,
  index: SessionIndex,
  client: SharedClient,
  reconciler: StoreReconciler,
  needsYou: NeedsYouTracker,
): SessionsView {
  const treeView: vscode.TreeView<SessionsTreeNode> = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: tree,
    canSelectMany: true,
    showCollapseAll: false,
  });
  const showAccountProblem = () => {
    const state = client.state;
    treeView.message = state.kind === 'notSignedIn' && index.size > 0 ? accountProblemMessage(state) : undefined;
  };
  // The count on the view's activity-bar icon: how many sessions wait for the user.
  const showBadge = () => {
    const count = needsYou.list().length;
    treeView.badge = count
      ? { value: count, tooltip: count === 1 ? vscode.l10n.t('1 session needs you') : vscode.l10n.t('{0} sessions need you', count) }
      : undefined;
  };
  const disposable = vscode.Disposable.from(
    needsYou.onDidChange(showBadge),
    treeView,
    client.onDidChangeState(showAccountProblem),
    index.onDidChange(showAccountProblem),
    reconciler.onDidChangeOutside((outside) => tree.setOutside(outside)),
    // Only a "Show more" row of this view runs it (its one argument is that row).
    vscode.commands.registerCommand(SHOW_MORE_COMMAND, (row: unknown) => {
      if (tree.isNode(row) && 'kind' in row && row.kind === 'more') tree.showMore(row);
    }),
  );
  return {
    selection: () => treeView.selection,
    dispose() {
      disposable.dispose();
    },
  };
}
