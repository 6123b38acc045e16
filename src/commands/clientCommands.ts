/** The client and its secrets: Restart Client, Sign In, the provider key and runtime token, Show Log, the status menu. */
import * as vscode from 'vscode';
import { PROVIDER_KEY_SECRET, RUNTIME_TOKEN_SECRET } from '../client/backendSettings';
import { describeAccount } from '../client/signIn';
import { clientStateLabel } from '../views/statusBar';
import { CommandUi, type CommandContext, type CommandTable } from './commandUi';

/** A password box that stays open when focus moves away (keys are often pasted from another window). */
function askSecret(title: string, prompt: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true });
}

export class ClientCommands {
  private readonly ui: CommandUi;

  constructor(private readonly c: CommandContext) {
    this.ui = new CommandUi(c);
  }

  commands(): CommandTable {
    return {
      'copilotSessions.restartClient': () => this.restartClient(),
      'copilotSessions.setApiKey': (arg) => this.setApiKey(arg),
      'copilotSessions.clearApiKey': () => this.clearApiKey(),
      'copilotSessions.setRuntimeToken': (arg) => this.setRuntimeToken(arg),
      'copilotSessions.signIn': () => this.signIn(),
      'copilotSessions.showLog': () => this.c.log.show(),
      'copilotSessions.showStatus': () => this.showStatus(),
    };
  }

  async restartClient(): Promise<void> {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Restarting the Copilot client…') },
      () => this.c.client.restart(),
    );
  }

  async setApiKey(arg: unknown): Promise<boolean> {
    if (arg !== undefined && (typeof arg !== 'string' || !arg.trim())) {
      this.ui.args('Set Provider API Key', { ok: false, reason: 'the key must be a non-empty string' });
      return false;
    }
    const key =
      arg ??
      (await askSecret(
        vscode.l10n.t('Provider API Key'),
        vscode.l10n.t('Kept in VS Code secret storage; used with the endpoint in "copilotSessions.provider.baseUrl".'),
      ));
    if (!key?.trim()) return false;
    await this.c.secrets.store(PROVIDER_KEY_SECRET, key.trim());
    this.c.log.info('Provider API key stored in secret storage.');
    await this.c.client.restart();
    return true;
  }

  /** The connection token of the runtime server in "copilotSessions.runtimeUrl", kept in secret storage. */
  async setRuntimeToken(arg: unknown): Promise<boolean> {
    if (arg !== undefined && typeof arg !== 'string') {
      this.ui.args('Set Runtime Connection Token', { ok: false, reason: 'the token must be a string' });
      return false;
    }
    const token =
      arg ??
      (await askSecret(
        vscode.l10n.t('Runtime Connection Token'),
        vscode.l10n.t('The token of the Copilot runtime server in "copilotSessions.runtimeUrl". Empty removes it.'),
      ));
    if (token === undefined) return false;
    if (token.trim()) await this.c.secrets.store(RUNTIME_TOKEN_SECRET, token.trim());
    else await this.c.secrets.delete(RUNTIME_TOKEN_SECRET);
    this.c.log.info('Runtime connection token updated in secret storage.');
    await this.c.client.restart().catch(() => undefined);
    return true;
  }

  async clearApiKey(): Promise<void> {
    await this.c.secrets.delete(PROVIDER_KEY_SECRET);
    this.c.log.info('Provider API key removed from secret storage.');
    await this.c.client.restart();
  }

  async signIn(): Promise<boolean> {
    return this.c.signIn.signIn();
  }

  async showStatus(): Promise<void> {
    const state = this.c.client.state;
    const actions: Array<vscode.QuickPickItem & { run: () => unknown }> = [];
    if (state.kind === 'notSignedIn') actions.push({ label: `$(account) ${vscode.l10n.t('Sign In to GitHub')}`, run: () => this.signIn() });
    actions.push(
      { label: `$(add) ${vscode.l10n.t('New Session')}`, run: () => vscode.commands.executeCommand('copilotSessions.newSession') },
      { label: `$(debug-restart) ${vscode.l10n.t('Restart Client')}`, run: () => this.restartClient() },
      { label: `$(output) ${vscode.l10n.t('Show Log')}`, run: () => this.c.log.show() },
      { label: `$(key) ${vscode.l10n.t('Set Provider API Key')}`, run: () => this.setApiKey(undefined) },
    );
    const about = state.kind === 'error' ? state.message : describeAccount(state);
    const detail = about ? ` — ${about}` : '';
    const picked = await vscode.window.showQuickPick(actions, {
      ignoreFocusOut: true,
      title: `${vscode.l10n.t('Copilot Sessions')}: ${clientStateLabel(state)}${detail}`,
    });
    await picked?.run();
  }
}
