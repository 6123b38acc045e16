/**
 * Turns the user's settings and secrets into how the shared client starts: the signed-in Copilot by default,
 * a bring-your-own-key endpoint when configured, an installed runtime when a path is set.
 */
import { RuntimeConnection } from '@github/copilot-sdk';
import * as vscode from 'vscode';
import type { ClientSetup, ProviderConfig } from './sharedClient';

export const SECTION = 'copilotSessions';
export const PROVIDER_KEY_SECRET = 'copilotSessions.provider.apiKey';
export const RUNTIME_TOKEN_SECRET = 'copilotSessions.runtime.connectionToken';
const GITHUB_SCOPES = ['read:user'];

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
  };
}

/** Settings that need a client restart when they change. */
export function affectsClient(event: vscode.ConfigurationChangeEvent): boolean {
  return ['provider.baseUrl', 'provider.type', 'provider.models', 'runtimePath', 'runtimeUrl'].some((key) =>
    event.affectsConfiguration(`${SECTION}.${key}`),
  );
}

/** A GitHub session VS Code already has (never prompts here; the Sign In command prompts). */
async function existingGitHubToken(): Promise<string | undefined> {
  try {
    const session = await Promise.race([
      vscode.authentication.getSession('github', GITHUB_SCOPES, { silent: true }),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3000)),
    ]);
    return session?.accessToken;
  } catch {
    return undefined;
  }
}

export async function signInToGitHub(): Promise<boolean> {
  const session = await vscode.authentication.getSession('github', GITHUB_SCOPES, { createIfNone: true });
  return !!session;
}

export async function readClientSetup(secrets: vscode.SecretStorage, workingDirectory: string | undefined): Promise<ClientSetup> {
  const s = settings();
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
  const gitHubToken = provider ? undefined : await existingGitHubToken();
  return {
    options: {
      ...(connection ? { connection } : {}),
      ...(workingDirectory && !s.runtimeUrl ? { workingDirectory } : {}),
      ...(gitHubToken ? { gitHubToken } : {}),
      logLevel: 'warning',
    },
    provider,
    providerModels: provider ? s.providerModels : undefined,
  };
}

/** What a failed client start means for the user, and what to do about it. */
export function explainStartError(message: string): string {
  const runtimeUrl = settings().runtimeUrl;
  if (/AUTHENTICATION_FAILED/.test(message)) {
    return vscode.l10n.t(
      'The Copilot runtime server refused the connection token. Run "Copilot Sessions: Set Runtime Connection Token" with the right one.',
    );
  }
  if (runtimeUrl && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(message)) {
    return vscode.l10n.t(
      'No Copilot runtime server answers at "{0}". Start it, or clear "copilotSessions.runtimeUrl" to use the bundled runtime.',
      runtimeUrl,
    );
  }
  return message;
}
