/**
 * Opening a panel's session: the registry resumes it from the store into the shared runtime. A runtime that does not
 * answer (hung, or still reading a long history) must not leave an empty panel with nothing said: after a while the
 * panel says so, with what to do, and a session that could not open because of the runtime opens by itself once a
 * new runtime is ready (Restart Client, or the runtime's own restart after it was lost).
 */
import * as vscode from 'vscode';
import { errorMessage, type ClientState } from '../client/sharedClient';
import type { Event } from '../core/emitter';
import type { LiveSession } from '../sessions/liveSession';
import { SessionError } from '../sessions/sessionError';
import type { NoticeAction, PanelNotice } from '../shared/protocol';

/** How long an open may take before the panel says the runtime has not answered. */
export const OPEN_SLOW_MS = 10_000;

export type OpeningState =
  | { kind: 'opening'; slow: boolean }
  | { kind: 'open'; live: LiveSession }
  | { kind: 'failed'; message: string; reason: SessionError['reason'] | 'unexpected' };

export class SessionOpening implements vscode.Disposable {
  private current: OpeningState = { kind: 'opening', slow: false };
  private attempt = 0;
  private pending = false;
  private slowTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly open: () => Promise<LiveSession>,
    clientStates: Event<ClientState>,
    private readonly onChange: (state: OpeningState) => void,
  ) {
    this.subscription = clientStates((state) => {
      if (state.kind === 'ready' && this.current.kind === 'failed' && this.current.reason === 'client') this.start();
    });
  }

  get state(): OpeningState {
    return this.current;
  }

  /** Opens the session, unless it is open or an open is under way. */
  start(): void {
    if (this.disposed || this.pending || this.current.kind === 'open') return;
    const attempt = ++this.attempt;
    this.pending = true;
    this.set({ kind: 'opening', slow: false });
    clearTimeout(this.slowTimer);
    this.slowTimer = setTimeout(() => {
      if (attempt === this.attempt && this.current.kind === 'opening') this.set({ kind: 'opening', slow: true });
    }, OPEN_SLOW_MS);
    this.open().then(
      (live) => this.settle(attempt, { kind: 'open', live }),
      (error: unknown) =>
        this.settle(
          attempt,
          error instanceof SessionError
            ? { kind: 'failed', message: error.message, reason: error.reason }
            : { kind: 'failed', message: vscode.l10n.t('Could not open the session: {0}', errorMessage(error)), reason: 'unexpected' },
        ),
    );
  }

  /** A button of the notice. */
  async act(action: NoticeAction): Promise<void> {
    switch (action) {
      case 'retry':
        return this.start();
      case 'restartClient':
        await vscode.commands.executeCommand('copilotSessions.restartClient');
        return;
      case 'showLog':
        await vscode.commands.executeCommand('copilotSessions.showLog');
        return;
    }
  }

  /** What the panel says about it, above the prompt box: nothing once it is open. */
  notice(): PanelNotice | undefined {
    const restart = { action: 'restartClient', label: vscode.l10n.t('Restart Client') } as const;
    const showLog = { action: 'showLog', label: vscode.l10n.t('Show Log') } as const;
    const state = this.current;
    if (state.kind === 'opening') {
      if (!state.slow) return undefined;
      const seconds = OPEN_SLOW_MS / 1000;
      return {
        message: vscode.l10n.t(
          'The Copilot runtime has not answered for {0} s while opening this session. A long history can take a while; if nothing changes, restart the client.',
          seconds,
        ),
        actions: [restart, showLog],
      };
    }
    // The store no longer has it: nothing to retry (the Sessions view offers to remove it).
    if (state.kind === 'open' || state.reason === 'missing') return undefined;
    return {
      message: vscode.l10n.t('The session did not open (see above).'),
      actions: [{ action: 'retry', label: vscode.l10n.t('Retry') }, ...(state.reason === 'unreadable' ? [] : [restart]), showLog],
    };
  }

  private settle(attempt: number, state: OpeningState): void {
    if (attempt !== this.attempt) return;
    this.pending = false;
    clearTimeout(this.slowTimer);
    if (this.disposed) return;
    this.set(state);
  }

  private set(state: OpeningState): void {
    this.current = state;
    this.onChange(state);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.slowTimer);
    this.subscription.dispose();
  }
}
