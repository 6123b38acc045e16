/**
 * The user's code into a session: "Ask in Copilot Session…" (the editor's context menu and a keybinding: the selection,
 * or the file when nothing is selected) and "Add to Copilot Session" (the Explorer's context menu: files and folders).
 * Both ask which session (this workspace's, most recent first) or start a new one, then put chips above its prompt box.
 */
import * as vscode from 'vscode';
import { relativeTime } from '../core/relativeTime';
import { sessionLabel } from '../sessions/registryTexts';
import type { AttachmentChip } from '../shared/attachments';
import type { CommandContext, CommandTable } from './commandUi';

const NEW_SESSION = '\0new';

export class ContextCommands {
  constructor(private readonly c: CommandContext) {}

  commands(): CommandTable {
    return {
      'copilotSessions.askInSession': (arg) => this.askInSession(arg),
      'copilotSessions.addToSession': (arg, all) => this.addToSession(arg, all),
    };
  }

  /** A session to send to: one of this workspace's (not archived), most recently active first, or a new one. */
  private async targetSession(title: string): Promise<string | undefined> {
    const entries = [...this.c.index.list()]
      .filter((e) => !e.archived && !this.c.registry.isMissing(e.id))
      .sort((a, b) => b.lastActive - a.lastActive);
    const now = Date.now();
    const locale = vscode.env.language;
    const items: Array<vscode.QuickPickItem & { id: string }> = [
      { label: `$(add) ${vscode.l10n.t('New Session…')}`, id: NEW_SESSION, alwaysShow: true },
      ...entries.map((entry) => ({
        label: sessionLabel(entry),
        description: `${entry.model} · ${relativeTime(entry.lastActive, now, locale)}`,
        id: entry.id,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: vscode.l10n.t('Choose the session to ask, or start a new one'),
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    if (picked.id !== NEW_SESSION) return picked.id;
    const created: unknown = await vscode.commands.executeCommand('copilotSessions.newSession');
    return typeof created === 'string' ? created : undefined;
  }

  /** From the editor: its selection (or its file). `arg` is the document's URI when run from the editor's menu. */
  private async askInSession(arg: unknown): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const uri = arg instanceof vscode.Uri ? arg : editor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Open a file and select some code, then choose Ask in Copilot Session… again.'),
      );
      return;
    }
    const selection = editor && editor.document.uri.toString() === uri.toString() ? editor.selection : undefined;
    // Checked before the session is chosen: a refused file should not open a panel for nothing.
    const chip = await this.c.panels.attachments.fromEditor(uri, selection);
    if (!chip) return;
    await this.deliver([chip], vscode.l10n.t('Ask in Copilot Session'));
  }

  /** From the Explorer: the clicked file or folder, or all selected ones. */
  private async addToSession(arg: unknown, all: unknown): Promise<void> {
    const uris =
      Array.isArray(all) && all.every((u) => u instanceof vscode.Uri) && all.length ? all : arg instanceof vscode.Uri ? [arg] : [];
    if (uris.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Choose files or folders in the Explorer, then Add to Copilot Session.'));
      return;
    }
    const chips: AttachmentChip[] = [];
    for (const uri of uris) {
      const chip = await this.c.panels.attachments.fromUri(uri);
      if (chip) chips.push(chip);
    }
    if (chips.length) await this.deliver(chips, vscode.l10n.t('Add to Copilot Session'));
  }

  private async deliver(chips: AttachmentChip[], title: string): Promise<void> {
    const id = await this.targetSession(title);
    if (id) await this.c.panels.attach(id, chips);
  }
}
