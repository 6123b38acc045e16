/**
 * What every command shares: the context it works on, argument checks that tell the user what was wrong, and the
 * session picker used when no session was given.
 */
import * as vscode from 'vscode';
import type { GitHubSignIn } from '../client/signIn';
import type { SharedClient } from '../client/sharedClient';
import { parseSessionRef, type ArgResult } from '../core/commandArgs';
import { relativeTime } from '../core/relativeTime';
import type { SessionIndex } from '../core/sessionIndex';
import { sessionLabel } from '../sessions/registryTexts';
import type { SessionPanels } from '../panels/sessionPanels';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { SessionSearch } from '../sessions/sessionSearch';
import type { SessionTrash } from '../sessions/sessionTrash';
import type { SessionForks } from '../sessions/sessionForks';
import type { SessionControls } from '../sessions/sessionControls';
import type { StoreReconciler } from '../sessions/storeReconciler';
import type { SessionsTree } from '../views/sessionsTree';
import type { SessionsView } from '../views/sessionsView';

export interface CommandContext {
  client: SharedClient;
  registry: SessionRegistry;
  index: SessionIndex;
  panels: SessionPanels;
  tree: SessionsTree;
  secrets: vscode.SecretStorage;
  log: vscode.LogOutputChannel;
  search: SessionSearch;
  signIn: GitHubSignIn;
  extensionUri: vscode.Uri;
  reconciler: StoreReconciler;
  trash: SessionTrash;
  forks: SessionForks;
  view: SessionsView;
  controls: SessionControls;
}

export type CommandHandler = (...args: unknown[]) => unknown;
/** A group of commands: command id to handler. */
export type CommandTable = Record<string, CommandHandler>;

export class CommandUi {
  constructor(private readonly c: CommandContext) {}

  /** Unwraps parsed arguments; on bad input tells the user (and the caller) and returns undefined. */
  args<T>(command: string, result: ArgResult<T>): { value: T } | undefined {
    if (result.ok) return { value: result.value };
    const message = vscode.l10n.t('{0}: invalid arguments ({1}). Nothing was changed.', command, result.reason);
    this.c.log.warn(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }

  async pickSession(title: string): Promise<string | undefined> {
    const entries = this.c.index.list();
    if (entries.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There are no sessions in this workspace yet.'));
      return undefined;
    }
    const locale = vscode.env.language;
    const now = Date.now();
    const picked = await vscode.window.showQuickPick(
      entries.map((entry) => ({
        label: `${entry.pinned ? '$(pinned) ' : ''}${sessionLabel(entry)}`,
        description: `${entry.model} · ${relativeTime(entry.lastActive, now, locale)}`,
        detail: this.c.registry.isMissing(entry.id) ? `${entry.id} · ${vscode.l10n.t('missing')}` : entry.id,
        id: entry.id,
      })),
      {
        ignoreFocusOut: true,
        title,
        placeHolder: vscode.l10n.t('Type to filter sessions by title, model or ID'),
        matchOnDescription: true,
        matchOnDetail: true,
      },
    );
    return picked?.id;
  }

  /** Resolves a session argument to an id in the index, asking when there is none. */
  async sessionFrom(arg: unknown, command: string, title: string): Promise<string | undefined> {
    const parsed = this.args(command, parseSessionRef(arg));
    if (!parsed) return undefined;
    const id = parsed.value ?? (await this.pickSession(title));
    if (id && !this.c.index.isListed(id)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no session "{0}" in this workspace.', id));
      return undefined;
    }
    return id;
  }
}
