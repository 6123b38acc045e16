/** Taking a session elsewhere: Export (Markdown, JSON), Copy as Markdown, Continue in Terminal. */
import * as vscode from 'vscode';
import { settings } from '../client/backendSettings';
import { findCopilotCli } from '../client/copilotCli';
import { displayTitle } from '../core/sessionIndex';
import { toMarkdown } from '../core/transcript';
import { panelStrings } from '../panels/panelStrings';
import { CommandUi, type CommandContext, type CommandTable } from './commandUi';

export class ExportCommands {
  private readonly ui: CommandUi;

  constructor(private readonly c: CommandContext) {
    this.ui = new CommandUi(c);
  }

  commands(): CommandTable {
    return {
      'copilotSessions.exportMarkdown': (arg, target) => this.exportSession(arg, target, 'markdown'),
      'copilotSessions.exportJson': (arg, target) => this.exportSession(arg, target, 'json'),
      'copilotSessions.copyAsMarkdown': (arg) => this.copyAsMarkdown(arg),
      'copilotSessions.continueInTerminal': (arg) => this.continueInTerminal(arg),
    };
  }

  private async markdownOf(id: string): Promise<string> {
    const entry = this.c.index.get(id);
    const strings = panelStrings();
    return this.c.registry.borrow(id, (live) =>
      toMarkdown(
        {
          title: entry ? displayTitle(entry) : id,
          sessionId: id,
          model: entry?.model ?? live.model,
          created: entry?.created ?? Date.now(),
          lastActive: entry?.lastActive ?? Date.now(),
          locale: vscode.env.language,
          labels: {
            you: strings.you,
            assistant: strings.assistant,
            tool: strings.tool,
            error: strings.error,
            model: vscode.l10n.t('Model'),
            created: vscode.l10n.t('Created'),
            lastActive: vscode.l10n.t('Last active'),
            id: vscode.l10n.t('ID'),
            compacted: vscode.l10n.t("The history before this point was summarised to free the model's context."),
            attached: vscode.l10n.t('Attached'),
            filesChanged: vscode.l10n.t('Files changed'),
          },
        },
        live.history,
      ),
    );
  }

  /** Markdown transcript or JSON events, to a file chosen in a save dialog (or the path given). Returns the file. */
  async exportSession(arg: unknown, target: unknown, format: 'markdown' | 'json'): Promise<string | undefined> {
    const id = await this.ui.sessionFrom(arg, 'Export Session', vscode.l10n.t('Export Session'));
    if (!id) return undefined;
    if (target !== undefined && typeof target !== 'string' && !(target instanceof vscode.Uri)) {
      this.ui.args('Export Session', { ok: false, reason: 'the target must be a file path or URI' });
      return undefined;
    }
    const extension = format === 'markdown' ? 'md' : 'json';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      typeof target === 'string'
        ? vscode.Uri.file(target)
        : (target ??
          (await vscode.window.showSaveDialog({
            defaultUri: folder ? vscode.Uri.joinPath(folder, `${id}.${extension}`) : undefined,
            filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
            title: vscode.l10n.t('Export Session'),
          })));
    if (!uri) return undefined;
    const content = format === 'markdown' ? await this.markdownOf(id) : JSON.stringify(await this.c.registry.events(id), null, 2);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    if (target === undefined) {
      const open = vscode.l10n.t('Open');
      void vscode.window.showInformationMessage(vscode.l10n.t('Exported to {0}', uri.fsPath), open).then((choice) => {
        if (choice === open) void vscode.window.showTextDocument(uri);
      });
    }
    return uri.fsPath;
  }

  async copyAsMarkdown(arg: unknown): Promise<boolean> {
    const id = await this.ui.sessionFrom(arg, 'Copy as Markdown', vscode.l10n.t('Copy as Markdown'));
    if (!id) return false;
    await vscode.env.clipboard.writeText(await this.markdownOf(id));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the session as Markdown'), 3000);
    return true;
  }

  /** Opens an integrated terminal running the Copilot CLI on the same session (they share the session store). */
  async continueInTerminal(arg: unknown): Promise<vscode.Terminal | undefined> {
    const id = await this.ui.sessionFrom(arg, 'Continue in Terminal', vscode.l10n.t('Continue in Terminal'));
    if (!id) return undefined;
    const cli = await findCopilotCli(settings().runtimePath);
    if (!cli) {
      const learn = vscode.l10n.t('How to Install');
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t(
            'The Copilot CLI is not installed, so this session cannot continue in a terminal. Install it (npm install -g @github/copilot) or set "copilotSessions.runtimePath" to it.',
          ),
          learn,
        )
        .then((choice) => {
          if (choice === learn)
            void vscode.env.openExternal(vscode.Uri.parse('https://docs.github.com/copilot/how-tos/set-up/install-copilot-cli'));
        });
      return undefined;
    }
    // The panel lets go of the session first: one live session per id, or its events would double.
    this.c.panels.close(id);
    await this.c.registry.close(id);
    const entry = this.c.index.get(id);
    const terminal = vscode.window.createTerminal({
      name: `Copilot: ${entry ? displayTitle(entry) : id}`,
      shellPath: cli,
      shellArgs: ['--resume', id],
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri,
      iconPath: new vscode.ThemeIcon('comment-discussion'),
    });
    terminal.show();
    return terminal;
  }
}
