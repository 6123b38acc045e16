/** The status bar item: the shared client's state and how many sessions are replying; a click offers actions. */
import * as vscode from 'vscode';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { ClientState, SharedClient } from '../client/sharedClient';
import { describeAccount, describeOrder } from '../client/signIn';

export function clientStateLabel(state: ClientState): string {
  switch (state.kind) {
    case 'starting':
      return vscode.l10n.t('Starting');
    case 'ready':
      return state.byok ? vscode.l10n.t('Ready (own endpoint)') : vscode.l10n.t('Ready');
    case 'notSignedIn':
      return vscode.l10n.t('Not signed in');
    case 'error':
      return vscode.l10n.t('Error');
    case 'stopped':
      return vscode.l10n.t('Stopped');
  }
}

const ICONS: Record<ClientState['kind'], string> = {
  starting: '$(loading~spin)',
  ready: '$(comment-discussion)',
  notSignedIn: '$(account)',
  error: '$(error)',
  stopped: '$(circle-slash)',
};

export class ClientStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('copilotSessions.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(
    private readonly client: SharedClient,
    private readonly registry: SessionRegistry,
  ) {
    this.item.name = vscode.l10n.t('Copilot Sessions');
    this.item.command = 'copilotSessions.showStatus';
    this.disposables.push(
      client.onDidChangeState(() => this.update()),
      // Coalesced: marking 10,000 sessions missing fires 10,000 status changes in one go, and only the count shows.
      registry.onDidChangeStatus(() => this.scheduleUpdate()),
    );
    this.update();
    this.item.show();
  }

  private updateQueued = false;

  private scheduleUpdate(): void {
    if (this.updateQueued) return;
    this.updateQueued = true;
    queueMicrotask(() => {
      this.updateQueued = false;
      this.update();
    });
  }

  private update(): void {
    const state = this.client.state;
    const busy = this.registry.busyCount();
    const label = clientStateLabel(state);
    this.item.text = `${ICONS[state.kind]} Copilot${busy ? ` · ${vscode.l10n.t('{0} busy', busy)}` : ''}`;
    const order = this.client.authPlan?.order;
    const lines = [
      `${vscode.l10n.t('Copilot Sessions')}: ${label}`,
      state.kind === 'error' ? state.message : describeAccount(state),
      order ? describeOrder(order) : undefined,
      busy === 0
        ? vscode.l10n.t('No session is replying')
        : busy === 1
          ? vscode.l10n.t('1 session replying')
          : vscode.l10n.t('{0} sessions replying', busy),
    ];
    this.item.tooltip = lines.filter(Boolean).join('\n');
    this.item.accessibilityInformation = { label: `${vscode.l10n.t('Copilot Sessions')}: ${label}, ${vscode.l10n.t('{0} busy', busy)}` };
    this.item.backgroundColor =
      state.kind === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : state.kind === 'notSignedIn'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
