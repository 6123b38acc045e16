/**
 * Signing in the VS Code way: the GitHub account VS Code knows (GitHub Enterprise Server when the user set one),
 * followed as it changes; the flow behind "Sign in to GitHub", which a send or a new session opens too when nobody is
 * signed in; and what the UI says about the account.
 */
import * as vscode from 'vscode';
import { existingGitHubSession, GITHUB_SCOPES, gitHubTarget, settings } from './backendSettings';
import { hostName, type AuthSource } from '../core/account';
import { findCopilotCli } from './copilotCli';
import { errorMessage, type ClientState, type SharedClient } from './sharedClient';

/** The context key of the Sessions view's welcome content and title actions. */
export const ACCOUNT_CONTEXT_KEY = 'copilotSessions.account';
export const COPILOT_PLANS_URL = 'https://github.com/features/copilot/plans';

type NotSignedIn = Extract<ClientState, { kind: 'notSignedIn' }>;

export function sourceLabel(source: AuthSource): string {
  switch (source) {
    case 'provider':
      return vscode.l10n.t('your own model endpoint');
    case 'vscodeAccount':
      return vscode.l10n.t('your GitHub account in VS Code');
    case 'copilotCli':
      return vscode.l10n.t("the Copilot CLI's login");
    case 'runtimeServer':
      return vscode.l10n.t('the runtime server');
  }
}

/** What is wrong with the account and what to do, in the user's language. */
export function accountProblemMessage(state: NotSignedIn): string {
  const who = state.account?.login ?? hostName(state.account?.host);
  switch (state.problem) {
    case 'signedOut':
      return vscode.l10n.t('Not signed in to GitHub. Sign in to chat with Copilot, or configure your own model endpoint.');
    case 'tokenRejected':
      return vscode.l10n.t('GitHub did not accept the sign-in of {0}. Sign in again.', who);
    case 'checkFailed':
      return vscode.l10n.t(
        'Could not check your GitHub account ({0}). Check your network connection, then restart the Copilot client.',
        state.message,
      );
    case 'noCopilot':
      return state.canSignUpForFree
        ? vscode.l10n.t(
            'The GitHub account {0} has no Copilot access yet: sign up for Copilot Free, sign in with another account, or configure your own model endpoint.',
            who,
          )
        : vscode.l10n.t(
            'The GitHub account {0} has no Copilot access: get a Copilot plan, sign in with another account, or configure your own model endpoint.',
            who,
          );
  }
}

/** One line about whom Copilot works for (or what is wrong); undefined while starting or stopped. */
export function describeAccount(state: ClientState): string | undefined {
  if (state.kind === 'notSignedIn') return accountProblemMessage(state);
  if (state.kind !== 'ready') return undefined;
  // Sessions then talk to the endpoint, whoever the runtime itself is signed in as.
  if (state.byok) return vscode.l10n.t('Using your own model endpoint.');
  if (!state.account) return undefined;
  return vscode.l10n.t(
    'Signed in as {0} on {1} ({2}).',
    state.account.login ?? '?',
    hostName(state.account.host),
    sourceLabel(state.account.source),
  );
}

/** "Sign-in order: …" as the tooltip shows it. */
export function describeOrder(order: readonly AuthSource[]): string {
  return vscode.l10n.t('Sign-in order: {0}', order.map(sourceLabel).join(' → '));
}

export class GitHubSignIn implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private signingIn: Promise<boolean> | undefined;

  constructor(
    private readonly client: SharedClient,
    private readonly log: vscode.LogOutputChannel,
    /** Restarts the client once running turns are over. */
    private readonly restartWhenIdle: () => void,
  ) {
    this.disposables.push(
      client.onDidChangeState((state) => this.updateContext(state)),
      vscode.authentication.onDidChangeSessions((event) => {
        if (event.provider.id === gitHubTarget().providerId) void this.accountChanged();
      }),
    );
    this.updateContext(client.state);
  }

  private updateContext(state: ClientState): void {
    void vscode.commands.executeCommand('setContext', ACCOUNT_CONTEXT_KEY, state.kind === 'notSignedIn' ? state.problem : state.kind);
  }

  /** VS Code's GitHub account was signed in, out or switched: restart the client with what VS Code has now. */
  private async accountChanged(): Promise<void> {
    if (this.signingIn) return; // the sign-in flow restarts the client itself
    const plan = this.client.authPlan;
    if (!plan?.order.includes('vscodeAccount') || plan.using === 'provider') return;
    const session = await existingGitHubSession();
    if (session?.accessToken === this.client.gitHubToken) return;
    this.log.info(
      session
        ? `The GitHub account in VS Code is now ${session.account.label}: restarting the client with it.`
        : 'The GitHub account in VS Code is no longer available to this extension: restarting the client.',
    );
    this.restartWhenIdle();
  }

  /** The "Sign in to GitHub" flow; resolves true when Copilot is usable afterwards. */
  signIn(): Promise<boolean> {
    this.signingIn ??= this.runSignIn().finally(() => (this.signingIn = undefined));
    return this.signingIn;
  }

  private async runSignIn(): Promise<boolean> {
    if (settings().signIn === 'copilotCli') {
      await this.explainCliLogin();
      return false;
    }
    const { providerId } = gitHubTarget();
    const state = this.client.state;
    // A rejected token or an account without Copilot: the user signs in again, possibly with another account.
    const again = state.kind === 'notSignedIn' && state.problem !== 'signedOut' && state.account?.source === 'vscodeAccount';
    const detail = vscode.l10n.t('Copilot Sessions uses your GitHub account to chat with GitHub Copilot.');
    let session: vscode.AuthenticationSession;
    try {
      session = again
        ? await vscode.authentication.getSession(providerId, GITHUB_SCOPES, { forceNewSession: { detail } })
        : await vscode.authentication.getSession(providerId, GITHUB_SCOPES, { createIfNone: { detail } });
    } catch (error) {
      const message = errorMessage(error);
      this.log.warn(`Sign-in to ${providerId} did not complete: ${message}`);
      if (/no authentication provider/i.test(message)) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'VS Code cannot sign in to GitHub here: its GitHub Authentication extension is disabled or missing. Enable it, or set "copilotSessions.signIn" to "copilotCli" to use the Copilot CLI\'s login.',
          ),
        );
      }
      return false;
    }
    this.log.info(`Signed in to ${providerId} in VS Code as ${session.account.label}.`);
    if (session.accessToken !== this.client.gitHubToken || this.client.state.kind !== 'ready') {
      await this.client.restart().catch(() => undefined);
    }
    const settled = await this.client.whenSettled();
    if (settled.kind === 'notSignedIn') void this.showProblem(settled);
    return settled.kind === 'ready';
  }

  /** Once the client has started and checked the account: what is wrong with it, or undefined when Copilot can be used. */
  async accountProblem(): Promise<NotSignedIn | undefined> {
    await this.client.ready();
    const state = await this.client.whenSettled();
    return state.kind === 'notSignedIn' ? state : undefined;
  }

  /**
   * Before a send or a new session: resolves undefined when Copilot can be used (after offering the sign-in when
   * nobody is signed in), else the reason, for the caller to show where the user acted.
   */
  async ensureSignedIn(): Promise<string | undefined> {
    let state: NotSignedIn | undefined;
    try {
      state = await this.accountProblem();
    } catch {
      return undefined; // a client that cannot start reports that through the caller's own path
    }
    if (!state) return undefined;
    // Signing in again would not help: the account is fine as far as anyone knows, it just could not be checked.
    if (state.problem === 'noCopilot' || state.problem === 'checkFailed') {
      void this.showProblem(state);
      return accountProblemMessage(state);
    }
    if (await this.signIn()) return undefined;
    const now = this.client.state;
    return now.kind === 'notSignedIn' ? accountProblemMessage(now) : undefined;
  }

  /** The account problem as a notification with what can be done about it. */
  async showProblem(state: NotSignedIn): Promise<void> {
    if (state.problem === 'checkFailed') {
      const restart = vscode.l10n.t('Restart Client');
      const showLog = vscode.l10n.t('Show Log');
      const choice = await vscode.window.showWarningMessage(accountProblemMessage(state), restart, showLog);
      if (choice === restart) await this.client.restart().catch(() => undefined);
      if (choice === showLog) this.log.show();
      return;
    }
    const signIn = state.problem === 'noCopilot' ? vscode.l10n.t('Sign In with Another Account') : vscode.l10n.t('Sign In to GitHub');
    const getCopilot = vscode.l10n.t('Get GitHub Copilot');
    const ownEndpoint = vscode.l10n.t('Use Own Endpoint');
    const actions = state.problem === 'noCopilot' ? [getCopilot, signIn, ownEndpoint] : [signIn, ownEndpoint];
    const choice = await vscode.window.showWarningMessage(accountProblemMessage(state), ...actions);
    if (choice === signIn) await this.signIn();
    if (choice === getCopilot) await vscode.env.openExternal(vscode.Uri.parse(COPILOT_PLANS_URL));
    if (choice === ownEndpoint) await vscode.commands.executeCommand('workbench.action.openSettings', 'copilotSessions.provider');
  }

  private async explainCliLogin(): Promise<void> {
    const openTerminal = vscode.l10n.t('Open Terminal');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Copilot Sessions uses the Copilot CLI\'s login ("copilotSessions.signIn" is "copilotCli"). Run "copilot login" in a terminal, then restart the client.',
      ),
      openTerminal,
    );
    if (choice !== openTerminal) return;
    const cli = await findCopilotCli(settings().runtimePath);
    if (!cli) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('No Copilot CLI found on PATH. Install it ("npm install -g @github/copilot"), then run "copilot login".'),
      );
      return;
    }
    const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Copilot login') });
    terminal.show();
    terminal.sendText(`"${cli}" login`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
