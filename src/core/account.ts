/**
 * Who the Copilot client works for: the sign-in order, and what the runtime's answers say about the account.
 * No `vscode` import, so the rules are unit-tested in plain Node.
 */

/**
 * Where the credentials come from, in the order they are tried. A runtime server the user connects to
 * (`copilotSessions.runtimeUrl`) signs in by itself.
 */
export type AuthSource = 'provider' | 'vscodeAccount' | 'copilotCli' | 'runtimeServer';

/** The `copilotSessions.signIn` setting. */
export type SignInSetting = 'auto' | 'vscode' | 'copilotCli';

export function parseSignInSetting(value: unknown): SignInSetting {
  return value === 'vscode' || value === 'copilotCli' ? value : 'auto';
}

/** An own endpoint always comes first: the user configured it on purpose. */
export function signInOrder(setting: SignInSetting, runtimeServer = false): AuthSource[] {
  if (runtimeServer) return ['provider', 'runtimeServer'];
  switch (setting) {
    case 'vscode':
      return ['provider', 'vscodeAccount'];
    case 'copilotCli':
      return ['provider', 'copilotCli'];
    case 'auto':
      return ['provider', 'vscodeAccount', 'copilotCli'];
  }
}

/** What one client start uses, and what it could have tried (shown in the tooltip and the log). */
export interface AuthPlan {
  order: AuthSource[];
  /** undefined: nothing available, the runtime starts signed out. */
  using: AuthSource | undefined;
  /** The VS Code account's label when `using` is 'vscodeAccount'. */
  accountLabel?: string;
  /** https://github.com, or the GitHub Enterprise Server the user set. */
  host: string;
}

export const GITHUB_DOT_COM = 'https://github.com';

export interface Account {
  source: AuthSource;
  login?: string;
  host?: string;
  plan?: string;
}

export type AccountCheck =
  | { kind: 'ok'; account: Account }
  | { kind: 'signedOut'; detail: string }
  | { kind: 'tokenRejected'; account: Account; detail: string }
  | { kind: 'noCopilot'; account: Account; canSignUpForFree: boolean; detail: string }
  /** The account could not be checked (GitHub unreachable, an outage): not "signed in", and the user is told why. */
  | { kind: 'checkFailed'; account: Account; detail: string };

/** The fields of the runtime's Copilot user record that decide access. */
export interface CopilotUser {
  login?: string;
  copilot_plan?: string;
  chat_enabled?: boolean;
  access_type_sku?: string;
  can_signup_for_limited?: boolean;
}

export interface AccountEvidence {
  /** The source this start used. */
  source: AuthSource;
  accountLabel?: string;
  status: { isAuthenticated: boolean; host?: string; login?: string; statusMessage?: string };
  /** The runtime's record of the user, when it could fetch one. */
  copilotUser?: CopilotUser;
  /** Why fetching that record failed, or why the runtime's own sign-in failed (with GitHub's status code). */
  userError?: string;
}

/**
 * The runtime says "authenticated" as soon as it has a token; whether GitHub accepts the token and the account has
 * Copilot only shows when it fetches the user's Copilot record.
 */
/** A server error or a network failure: GitHub did not answer, whatever the account. */
const UNREACHABLE = /\b5\d\d\b|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|fetch failed|network|timed? ?out/i;

export function classifyAccount(evidence: AccountEvidence): AccountCheck {
  const { status, copilotUser, userError } = evidence;
  const account: Account = {
    source: evidence.source,
    login: copilotUser?.login ?? status.login ?? evidence.accountLabel,
    host: status.host,
    plan: copilotUser?.copilot_plan,
  };
  if (!status.isAuthenticated) {
    // GitHub could not be reached to check a token (an outage, a proxy): that is not being signed out.
    if (userError && UNREACHABLE.test(userError)) return { kind: 'checkFailed', account, detail: userError };
    // A token from the environment that GitHub refuses leaves the runtime unauthenticated, with the reason beside it.
    if (!/\b(401|403|404)\b/.test(userError ?? '')) return { kind: 'signedOut', detail: status.statusMessage ?? 'Not authenticated' };
  }
  if (userError && /\b401\b|unauthorized|bad credentials/i.test(userError)) {
    return { kind: 'tokenRejected', account, detail: userError };
  }
  if (userError && /\b(403|404)\b|forbidden|not found/i.test(userError)) {
    return { kind: 'noCopilot', account, canSignUpForFree: false, detail: userError };
  }
  if (!copilotUser && userError) return { kind: 'checkFailed', account, detail: userError };
  if (copilotUser && (copilotUser.chat_enabled === false || copilotUser.access_type_sku === 'no_access')) {
    return {
      kind: 'noCopilot',
      account,
      canSignUpForFree: copilotUser.can_signup_for_limited === true,
      detail: `access ${copilotUser.access_type_sku ?? 'unknown'}, chat ${String(copilotUser.chat_enabled)}`,
    };
  }
  return { kind: 'ok', account };
}

/** "github.com" from "https://github.com/": what users call the host. */
export function hostName(host: string | undefined): string {
  if (!host) return 'github.com';
  try {
    return new URL(host).host || host;
  } catch {
    return host;
  }
}

/** The enterprise URI as the runtime wants it (scheme and host, no trailing slash); undefined when not usable. */
export function enterpriseHost(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.trim()) return undefined;
  try {
    const parsed = new URL(uri.trim());
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}
