/**
 * The one Copilot client of this window. Started in the background (activation never waits for it), restarted on
 * demand or after the runtime dies, stopped on deactivate. No `vscode` import: what to start with comes from a
 * setup function, so benchmarks and tests can use it in plain Node too.
 */
import { CopilotClient, type CopilotClientOptions, type ModelInfo, type SessionConfig } from '@github/copilot-sdk';
import { classifyAccount, type Account, type AuthPlan, type CopilotUser } from '../core/account';
import { Emitter } from '../core/emitter';
import type { ModelChoice } from '../core/modelChoice';

export type ProviderConfig = NonNullable<SessionConfig['provider']>;

export interface ClientSetup {
  options: CopilotClientOptions;
  /** Bring-your-own-key endpoint: passed on every create AND resume (the runtime does not persist it). */
  provider?: ProviderConfig;
  /** The models a BYOK endpoint serves (the runtime cannot list them). */
  providerModels?: string[];
  /** Which credentials this start uses, and the order they were looked for in. */
  auth: AuthPlan;
}

export type AccountProblem = 'signedOut' | 'tokenRejected' | 'noCopilot' | 'checkFailed';

export type ClientState =
  | { kind: 'starting' }
  /** `account` is absent when only an own endpoint is used. */
  | { kind: 'ready'; byok: boolean; account?: Account }
  /** `message` is the runtime's own words, for the log; the UI says it in the user's language. */
  | { kind: 'notSignedIn'; problem: AccountProblem; account?: Account; canSignUpForFree?: boolean; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'stopped' };

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** How long a graceful stop of the runtime may take before it is killed. */
const STOP_GRACE_MS = 5000;

export class ClientUnavailableError extends Error {}

export function isConnectionLost(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Connection is (closed|disposed)|connection.*(closed|disposed)|not connected|EPIPE|ECONNRESET|write after end/i.test(message);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SharedClient {
  private current: CopilotClient | undefined;
  private startPromise: Promise<CopilotClient> | undefined;
  private setupInUse: ClientSetup | undefined;
  private generation = 0;
  private restarting: Promise<unknown> = Promise.resolve();
  private stateValue: ClientState = { kind: 'stopped' };
  private readonly stateChanges = new Emitter<ClientState>();
  private readonly restarts = new Emitter<void>();
  readonly onDidChangeState = this.stateChanges.event;
  /** Fires after the runtime was (re)started: live sessions of the old one are gone. */
  readonly onDidRestart = this.restarts.event;

  constructor(
    private readonly setup: () => Promise<ClientSetup>,
    private readonly log: Logger,
    /** Turns a start failure into what the user should read (and do). */
    private readonly explainStartError: (message: string) => string = (message) => message,
  ) {}

  get state(): ClientState {
    return this.stateValue;
  }

  get provider(): ProviderConfig | undefined {
    return this.setupInUse?.provider;
  }

  /** How the running client signed in (undefined before the first start). */
  get authPlan(): AuthPlan | undefined {
    return this.setupInUse?.auth;
  }

  /** The GitHub token the running client was given, to tell whether a new one needs a restart. */
  get gitHubToken(): string | undefined {
    return this.setupInUse?.options.gitHubToken;
  }

  /** The state once the running start (and its account check) has finished. */
  whenSettled(): Promise<ClientState> {
    if (this.stateValue.kind !== 'starting') return Promise.resolve(this.stateValue);
    return new Promise((resolve) => {
      const subscription = this.onDidChangeState((state) => {
        if (state.kind === 'starting') return;
        subscription.dispose();
        resolve(state);
      });
    });
  }

  private setState(state: ClientState): void {
    this.stateValue = state;
    this.stateChanges.fire(state);
  }

  /** Starts the client in the background if it is not running; never throws. */
  start(): void {
    void this.ready().catch(() => undefined);
  }

  /** The running client, starting it first if needed. Throws ClientUnavailableError with a readable reason. */
  ready(): Promise<CopilotClient> {
    this.startPromise ??= this.launch();
    return this.startPromise;
  }

  private async launch(): Promise<CopilotClient> {
    const generation = ++this.generation;
    this.log.info('Starting the Copilot runtime.');
    this.setState({ kind: 'starting' });
    const started = Date.now();
    try {
      const setup = await this.setup();
      const client = new CopilotClient(setup.options);
      await client.start();
      if (generation !== this.generation) {
        await client.forceStop().catch(() => undefined);
        throw new ClientUnavailableError('The Copilot client was restarted.');
      }
      this.current = client;
      this.setupInUse = setup;
      this.log.info(`Copilot runtime started in ${Date.now() - started} ms.`);
      const { order, using, accountLabel } = setup.auth;
      this.log.info(
        `Sign-in order: ${order.join(' → ')}; using ${using ?? 'none (signed out)'}${accountLabel ? ` (${accountLabel})` : ''}.`,
      );
      void this.checkAuth(client, setup, generation);
      return client;
    } catch (error) {
      if (generation === this.generation) {
        this.startPromise = undefined;
        const message = this.explainStartError(errorMessage(error));
        this.log.error(`Copilot runtime failed to start: ${errorMessage(error)}`);
        this.setState({ kind: 'error', message });
      }
      throw error instanceof ClientUnavailableError ? error : new ClientUnavailableError(this.explainStartError(errorMessage(error)));
    }
  }

  private async checkAuth(client: CopilotClient, setup: ClientSetup, generation: number): Promise<void> {
    const byok = !!setup.provider;
    const source = setup.auth.using ?? 'copilotCli';
    try {
      const status = await client.getAuthStatus();
      const first = await this.currentAuth(client);
      let copilotUser = first.copilotUser;
      let userError = first.authErrors?.join('; ');
      if (status.isAuthenticated && !copilotUser) {
        // Makes the runtime fetch the user's Copilot record now: its failure says why (401, 403, ...).
        try {
          await client.rpc.account.getQuota({});
          ({ copilotUser } = await this.currentAuth(client));
        } catch (error) {
          userError = errorMessage(error);
        }
      }
      if (generation !== this.generation) return;
      const check = classifyAccount({ source, accountLabel: setup.auth.accountLabel, status, copilotUser, userError });
      if (check.kind === 'ok') {
        this.log.info(`Signed in as ${check.account.login ?? '(unknown login)'} on ${check.account.host ?? '?'} (${source}).`);
        this.setState({ kind: 'ready', byok, account: check.account });
      } else if (byok) {
        // An own endpoint works without GitHub.
        this.setState({ kind: 'ready', byok });
      } else {
        this.log.warn(`Not signed in (${check.kind}): ${check.detail}`);
        this.setState({
          kind: 'notSignedIn',
          problem: check.kind,
          account: check.kind === 'signedOut' ? undefined : check.account,
          canSignUpForFree: check.kind === 'noCopilot' ? check.canSignUpForFree : undefined,
          message: check.detail,
        });
      }
    } catch (error) {
      if (generation !== this.generation) return;
      this.log.warn(`Could not read the sign-in status: ${errorMessage(error)}`);
      // Unknown is not "signed in": turns would fail later without saying why. An own endpoint needs no account.
      if (byok) this.setState({ kind: 'ready', byok });
      else this.setState({ kind: 'notSignedIn', problem: 'checkFailed', message: errorMessage(error) });
    }
  }

  /** The runtime's record of the user, or why its sign-in failed. */
  private async currentAuth(client: CopilotClient): Promise<{ copilotUser?: CopilotUser; authErrors?: string[] }> {
    try {
      const { authInfo, authErrors } = await client.rpc.account.getCurrentAuth();
      return { copilotUser: authInfo && 'copilotUser' in authInfo ? authInfo.copilotUser : undefined, authErrors };
    } catch {
      return {};
    }
  }

  async listModels(): Promise<ModelChoice[]> {
    const client = await this.ready();
    const fromProvider = this.setupInUse?.providerModels;
    if (this.setupInUse?.provider) return (fromProvider ?? []).map((id) => ({ id, name: id }));
    const models: ModelInfo[] = await client.listModels();
    return models
      .filter((m) => m.policy?.state !== 'disabled')
      .map((m) => ({
        id: m.id,
        name: m.name || m.id,
        ...(m.supportedReasoningEfforts?.length ? { reasoningEfforts: [...m.supportedReasoningEfforts] } : {}),
        ...(m.defaultReasoningEffort ? { defaultReasoningEffort: m.defaultReasoningEffort } : {}),
      }));
  }

  /** True when the runtime still answers. */
  async alive(): Promise<boolean> {
    const client = this.current;
    if (!client) return false;
    try {
      await client.ping();
      return true;
    } catch {
      return false;
    }
  }

  /** Called when a call failed because the runtime went away: the next `ready()` starts a new one. */
  markLost(reason: string): void {
    if (!this.current) return;
    this.log.warn(`Copilot runtime connection lost: ${reason}`);
    const lost = this.current;
    this.current = undefined;
    this.startPromise = undefined;
    this.generation++;
    void lost.forceStop().catch(() => undefined);
    this.setState({ kind: 'error', message: reason });
    this.restarts.fire();
    // Restart by itself, in the background: sessions resume into the new runtime on their next use.
    this.start();
  }

  /** Restarts run one after the other, so the last one asked for is the one left running. */
  restart(): Promise<CopilotClient> {
    const next = this.restarting
      .catch(() => undefined)
      .then(async () => {
        await this.stop();
        this.restarts.fire();
        return this.ready();
      });
    this.restarting = next;
    return next;
  }

  async stop(): Promise<void> {
    this.generation++;
    const client = this.current;
    this.current = undefined;
    this.startPromise = undefined;
    // Said now, not once the old runtime has exited: a start asked for meanwhile (a send, a sign-in check) may be
    // ready by then, and would be reported stopped for good.
    this.setState({ kind: 'stopped' });
    if (client) {
      // The SDK's stop() detaches every session first and waits for each answer: a runtime that answers nothing
      // (hung, or busy with a long resume) would hold the restart forever. Past the grace period it is killed.
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS)));
      const stopped = client.stop().catch((error: unknown) => [error]);
      const outcome = await Promise.race([stopped, graceOver]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        this.log.warn(`The runtime did not stop within ${STOP_GRACE_MS / 1000} s: stopped by force.`);
        await client.forceStop().catch(() => undefined);
      } else if (outcome.length) this.log.warn(`Stopping the runtime: ${outcome.map(errorMessage).join('; ')}`);
    }
  }

  dispose(): void {
    this.stateChanges.dispose();
    this.restarts.dispose();
  }
}
