/**
 * Turns the user's settings and secrets into how the shared client starts: the signed-in Copilot by default,
 * a bring-your-own-key endpoint when configured, an installed runtime when a path is set.
 */
import { RuntimeConnection } from '@github/copilot-sdk';
import * as vscode from 'vscode';
import { enterpriseHost, GITHUB_DOT_COM, parseSignInSetting, signInOrder, type AuthPlan, type AuthSource } from '../core/account';
import type { RemoteRuntimeConsent } from './remoteRuntimeConsent';
import type { ClientSetup, ProviderConfig } from './sharedClient';

export const SECTION = 'copilotSessions';
export const PROVIDER_KEY_SECRET = 'copilotSessions.provider.apiKey';
export const RUNTIME_TOKEN_SECRET = 'copilotSessions.runtime.connectionToken';
/** The scopes Copilot Chat asks for too, so a user who signed in for it is not asked again. */
export const GITHUB_SCOPES = ['user:email'];
/** Environment variables the runtime reads a GitHub token from (the Copilot CLI's login). */
const ENV_TOKEN_KEYS = ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'];

export function settings() {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    defaultModel: config.get<string>('defaultModel', '').trim(),
    providerBaseUrl: config.get<string>('provider.baseUrl', '').trim(),
    providerType: config.get<'openai' | 'azure' | 'anthropic'>('provider.type', 'openai'),
    providerModels: config.get<string[]>('provider.models', []).filter((m) => typeof m === 'string' && m.trim()),
    runtimePath: config.get<string>('runtimePath', '').trim(),
    runtimeUrl: config.get<string>('runtimeUrl', '').trim(),
    autoApprovePermissions: config.get<boolean>('autoApprovePermissions', false) === true,
    turnTimeoutSeconds: Math.max(0, Number(config.get<number>('turnTimeoutSeconds', 120)) || 0),
    recentlyDeletedDays: Math.min(365, Math.max(1, Math.round(Number(config.get<number>('recentlyDeletedDays', 30)) || 30))),
    signIn: parseSignInSetting(config.get<string>('signIn', 'auto')),
  };
}

/** GitHub Enterprise Server when the user set VS Code's `github-enterprise.uri`, else github.com. */
export function gitHubTarget(): { providerId: 'github' | 'github-enterprise'; host: string } {
  const enterprise = enterpriseHost(vscode.workspace.getConfiguration('github-enterprise').get<string>('uri'));
  return enterprise ? { providerId: 'github-enterprise', host: enterprise } : { providerId: 'github', host: GITHUB_DOT_COM };
}

/** Settings that need a client restart when they change. */
export function affectsClient(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    ['provider.baseUrl', 'provider.type', 'provider.models', 'runtimePath', 'runtimeUrl', 'signIn'].some((key) =>
      event.affectsConfiguration(`${SECTION}.${key}`),
    ) || event.affectsConfiguration('github-enterprise.uri')
  );
}

/** The GitHub session VS Code already has and lets this extension use; never prompts (the Sign In command does). */
export async function existingGitHubSession(): Promise<vscode.AuthenticationSession | undefined> {
  try {
    return await Promise.race([
      vscode.authentication.getSession(gitHubTarget().providerId, GITHUB_SCOPES, { silent: true }),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3000)),
    ]);
  } catch {
    return undefined;
  }
}

export async function readClientSetup(
  secrets: vscode.SecretStorage,
  workingDirectory: string | undefined,
  remoteConsent: RemoteRuntimeConsent,
): Promise<ClientSetup> {
  const s = settings();
  // Before anything is read or sent: a server on another machine is reached unencrypted, so the user decides.
  if (s.runtimeUrl) await remoteConsent.check(s.runtimeUrl);
  // A runtime server already running (remote host, dev container) wins over spawning one.
  const connection = s.runtimeUrl
    ? RuntimeConnection.forUri(s.runtimeUrl, { connectionToken: (await secrets.get(RUNTIME_TOKEN_SECRET)) || undefined })
    : s.runtimePath
      ? RuntimeConnection.forStdio({ path: s.runtimePath })
      : undefined;
  let provider: ProviderConfig | undefined;
  if (s.providerBaseUrl) {
    const apiKey = await secrets.get(PROVIDER_KEY_SECRET);
    provider = { type: s.providerType, baseUrl: s.providerBaseUrl, ...(apiKey ? { apiKey } : {}) };
  }
  const order = signInOrder(s.signIn, !!s.runtimeUrl);
  const target = gitHubTarget();
  const session = !provider && order.includes('vscodeAccount') ? await existingGitHubSession() : undefined;
  const auth: AuthPlan = {
    order,
    using: provider
      ? 'provider'
      : session
        ? 'vscodeAccount'
        : order.find((source) => source === 'copilotCli' || source === 'runtimeServer'),
    accountLabel: session?.account.label,
    host: target.host,
  };
  return {
    options: {
      ...(connection ? { connection } : {}),
      // A runtime server manages its own sign-in and environment; the SDK refuses both options with it.
      ...(s.runtimeUrl
        ? {}
        : { ...(workingDirectory ? { workingDirectory } : {}), ...spawnedRuntimeAuth(session?.accessToken, order, target) }),
      logLevel: 'warning',
    },
    provider,
    providerModels: provider ? s.providerModels : undefined,
    auth,
  };
}

/**
 * The runtime we start gets the VS Code account's token, or may use the Copilot CLI's login when the order allows it.
 * Its environment replaces ours: it carries the enterprise host, and no ambient token when the user chose VS Code's
 * account only.
 */
function spawnedRuntimeAuth(
  gitHubToken: string | undefined,
  order: readonly AuthSource[],
  target: ReturnType<typeof gitHubTarget>,
): Pick<ClientSetup['options'], 'gitHubToken' | 'useLoggedInUser' | 'env'> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (target.providerId === 'github-enterprise') env.COPILOT_GH_HOST = target.host;
  if (!order.includes('copilotCli')) for (const key of ENV_TOKEN_KEYS) delete env[key];
  return { ...(gitHubToken ? { gitHubToken } : {}), useLoggedInUser: !gitHubToken && order.includes('copilotCli'), env };
}

/** What a failed client start means for the user, and what to do about it. */
export function explainStartError(message: string): string {
  const runtimeUrl = settings().runtimeUrl;
  if (/AUTHENTICATION_FAILED/.test(message)) {
    return vscode.l10n.t(
      'The Copilot runtime server refused the connection token. Run "Copilot Sessions: Set Runtime Connection Token" with the right one.',
    );
  }
  if (runtimeUrl && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|Timeout connecting/.test(message)) {
    return vscode.l10n.t(
      'No Copilot runtime server answers at "{0}". Start it, or clear "copilotSessions.runtimeUrl" to use the bundled runtime.',
      runtimeUrl,
    );
  }
  return message;
}
