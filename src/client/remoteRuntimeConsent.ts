/**
 * Asks before connecting to a runtime server on another machine: the SDK speaks plain TCP, so the connection token
 * and every prompt would cross the network unencrypted. "Connect Anyway" is remembered per host in globalState (the
 * user's own choice on this machine, not a setting a repository could write); a refusal holds until the client is
 * restarted or the setting changes, so the window does not ask again on every use.
 */
import * as vscode from 'vscode';
import { runtimeTarget } from '../core/runtimeAddress';
import { ClientUnavailableError, type Logger } from './sharedClient';

const APPROVED_HOSTS_KEY = 'copilotSessions.remoteRuntime.approvedHosts';

export class RemoteRuntimeConsent {
  private readonly declined = new Set<string>();

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly log: Logger,
  ) {}

  /** Resolves when the client may connect to `runtimeUrl`; throws ClientUnavailableError saying why not. */
  async check(runtimeUrl: string): Promise<void> {
    const { host, loopback } = runtimeTarget(runtimeUrl);
    if (loopback) return;
    const approved = this.globalState.get<string[]>(APPROVED_HOSTS_KEY, []);
    if (approved.includes(host)) {
      this.log.info(`Connecting to the runtime server on ${host} over the network, unencrypted: the user agreed earlier.`);
      return;
    }
    if (!this.declined.has(host) && (await this.ask(host))) {
      await this.globalState.update(APPROVED_HOSTS_KEY, [...approved, host]);
      this.log.info(`The user agreed to connect to the runtime server on ${host} unencrypted; remembered for this host.`);
      return;
    }
    this.declined.add(host);
    this.log.warn(`Not connecting to the runtime server on ${host}: the connection would be unencrypted and the user did not agree.`);
    throw new ClientUnavailableError(
      vscode.l10n.t(
        'Not connected to the runtime server on {0}: the connection would be unencrypted. Use an SSH tunnel (ssh -L 3000:localhost:3000 {0}) and set "copilotSessions.runtimeUrl" to localhost:3000, or run "Copilot Sessions: Restart Client" to be asked again.',
        host,
      ),
    );
  }

  /** After a restart (the Restart Client command, a changed setting) the user is asked again. */
  forgetRefusals(): void {
    this.declined.clear();
  }

  private async ask(host: string): Promise<boolean> {
    // Refusing is the dialog's close affordance: Escape or closing the dialog mean "do not connect".
    const refuse: vscode.MessageItem = { title: vscode.l10n.t("Don't Connect"), isCloseAffordance: true };
    const connect: vscode.MessageItem = { title: vscode.l10n.t('Connect Anyway') };
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Connect to the Copilot runtime server on {0} without encryption?', host),
      {
        modal: true,
        detail: vscode.l10n.t(
          'The connection to a runtime server is not encrypted: your connection token, your prompts, the replies and the files Copilot reads would cross the network in the clear. Reach the server through an SSH tunnel instead (ssh -L 3000:localhost:3000 {0}, then set "copilotSessions.runtimeUrl" to localhost:3000) or open the folder with VS Code Remote.',
          host,
        ),
      },
      refuse,
      connect,
    );
    return choice === connect;
  }
}
