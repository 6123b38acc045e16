/**
 * One live SDK session and what the panel needs of it: its folded history, its status, its turn in flight and the
 * permission requests waiting for the user. The registry guarantees one LiveSession (and one CopilotSession) per id.
 */
import type { CopilotSession, PermissionRequest, PermissionRequestResult, SessionEvent } from '@github/copilot-sdk';
import { Emitter } from '../core/emitter';
import { HistoryFolder } from '../core/history';
import type { HistoryItem, PermissionPrompt, SessionStatus } from '../shared/protocol';
import type { SdkAttachment } from '../shared/attachments';
import { errorMessage, isConnectionLost, type Logger } from '../client/sharedClient';
import { PendingPermissions } from './pendingPermissions';
import { PromptQueue } from './promptQueue';
import type { LiveSessionUpdate, Turn, TurnResult } from './turn';

export type { LiveSessionUpdate, TurnResult } from './turn';

export interface LiveSessionOptions {
  log: Logger;
  autoApprove: () => boolean;
  /** Resumes the SDK session again after the runtime was lost (once, however many callers need it). */
  reattach: (live: LiveSession) => Promise<void>;
  /** Polled while a turn runs, so a dead runtime fails the turn at once instead of after the SDK's timeout. */
  runtimeAlive: () => Promise<boolean>;
  onRuntimeLost: (reason: string) => void;
  stoppedText: string;
  runtimeGoneText: string;
  /** What a prompt taken out of the queue resolves with. */
  removedText: string;
  /** What a caller waiting in the queue hears when the session leaves this window (its prompt is kept). */
  queueKeptText: string;
  /** The prompts that waited when the session was last open here, and where what waits is kept. */
  savedQueue?: readonly string[];
  saveQueue?: (prompts: string[]) => void;
  /** Milliseconds a turn may go without any event (and no permission pending) before it is stopped. */
  stallTimeoutMs: () => number;
  stalledText: (seconds: number) => string;
}

const RUNTIME_POLL_MS = 500;

export class LiveSession {
  private sdk: CopilotSession | undefined;
  private folder: HistoryFolder;
  private statusValue: SessionStatus = 'idle';
  private turn: Turn | undefined;
  private viewers = 0;
  private latestUsage: { inputTokens?: number; outputTokens?: number } | undefined;
  private readonly pending = new PendingPermissions({
    asked: (prompt) => {
      this.setStatus('waiting');
      this.updates.fire({ kind: 'permission', prompt });
    },
    resolved: (requestId) => this.updates.fire({ kind: 'permissionResolved', requestId }),
  });
  private readonly updates = new Emitter<LiveSessionUpdate>();
  readonly onDidUpdate = this.updates.event;
  /** The last prompt that failed, kept so the composer can offer it again. */
  failedPrompt: string | undefined;
  /** Prompts given while a reply runs; every send goes through it. */
  readonly queue: PromptQueue;

  constructor(
    readonly id: string,
    /** The model the session asks for (a switch changes it; a resume passes it again). */
    public model: string,
    private readonly options: LiveSessionOptions,
  ) {
    this.folder = new HistoryFolder(options.stoppedText);
    this.queue = new PromptQueue(
      {
        runTurn: (prompt, attachments) => this.runTurn(prompt, attachments),
        steer: (prompt, attachments) => this.steer(prompt, attachments),
        isBusy: () => this.busy,
      },
      options.removedText,
      options.savedQueue,
    );
    this.queue.onDidChange(() => {
      options.saveQueue?.(this.queue.prompts);
      this.updates.fire({ kind: 'queue' });
    });
  }

  get status(): SessionStatus {
    return this.statusValue;
  }

  get history(): readonly HistoryItem[] {
    return this.folder.history;
  }

  get usageTokens(): number {
    return this.folder.tokens;
  }

  get usageCost(): number {
    return this.folder.cost;
  }

  /** The last `assistant.usage` report (tokens of the latest model call). */
  get lastUsage(): { inputTokens?: number; outputTokens?: number } | undefined {
    return this.latestUsage;
  }

  get permissions(): PermissionPrompt[] {
    return this.pending.prompts;
  }

  /** A panel shows it. */
  get viewed(): boolean {
    return this.viewers > 0;
  }

  get attached(): boolean {
    return this.sdk !== undefined;
  }

  get busy(): boolean {
    return this.turn !== undefined;
  }

  /** Binds the SDK session; with events (after resume or reattach) the history is replaced by the store's. */
  attach(sdk: CopilotSession, events?: readonly SessionEvent[]): void {
    this.sdk = sdk;
    if (!events) return;
    this.folder = HistoryFolder.fold(events, this.options.stoppedText);
    this.updates.fire({ kind: 'reset' });
  }

  /** The runtime that held this session is gone: fail the turn, forget the SDK object (data is on disk). */
  detach(reason: string): void {
    this.sdk = undefined;
    this.pending.answerAll({ kind: 'user-not-available' });
    if (this.turn) this.failTurn(reason);
  }

  /** Event handler registered with create/resume (`onEvent`), so no early event is lost. */
  readonly handleEvent = (event: SessionEvent): void => {
    if (this.turn) this.turn.lastEventAt = Date.now();
    this.updates.fire({ kind: 'event', event });
    const { changed, delta } = this.folder.apply(event);
    if (changed.length) this.updates.fire({ kind: 'items', items: changed });
    if (delta) this.updates.fire({ kind: 'delta', id: delta.id, text: delta.text });
    const turn = this.turn;
    switch (event.type) {
      case 'user.message':
        if (turn && !turn.seenUserMessage) {
          turn.seenUserMessage = true;
          if (turn.stopWhenStarted) void this.abortInRuntime();
        }
        break;
      case 'assistant.message':
        if (turn?.seenUserMessage && !event.data.parentToolCallId && event.data.content?.trim()) turn.reply = event.data.content;
        break;
      case 'assistant.usage':
        this.latestUsage = { inputTokens: event.data.inputTokens, outputTokens: event.data.outputTokens };
        this.updates.fire({ kind: 'usage', tokens: this.folder.tokens, cost: this.folder.cost });
        break;
      case 'session.usage_info':
        this.updates.fire({ kind: 'context' });
        break;
      case 'session.title_changed':
        if (event.data.title?.trim()) this.updates.fire({ kind: 'title', title: event.data.title });
        break;
      case 'abort':
        if (turn?.seenUserMessage) turn.aborted = true;
        break;
      // A failed turn's error (and its late idle) belong to that turn only: a turn is ended by events that
      // follow its own user message, never by a stale idle of the turn before.
      case 'session.error':
        if (turn?.seenUserMessage) this.failTurn(event.data.message);
        break;
      case 'session.idle':
        if (turn?.seenUserMessage) {
          if (turn.aborted) this.endTurn({ ok: false, message: this.options.stoppedText, stopped: true });
          else this.endTurn({ ok: true, reply: turn.reply });
        }
        break;
    }
  };

  /** Permission handler registered with create/resume. Never approves on its own unless the setting says so. */
  readonly handlePermission = (request: PermissionRequest): Promise<PermissionRequestResult> | PermissionRequestResult => {
    this.updates.fire({ kind: 'permissionAsked', request });
    if (this.options.autoApprove()) {
      this.options.log.info(`Session ${this.id}: ${request.kind} permission approved by the autoApprovePermissions setting.`);
      return { kind: 'approve-once' };
    }
    if (this.viewers === 0) {
      this.options.log.info(`Session ${this.id}: ${request.kind} permission answered "user not available" (no panel open).`);
      return { kind: 'user-not-available' };
    }
    return this.pending.ask(request, this.folder.workingDirectory);
  };

  /** `forSession` approves requests like this one for the rest of the session, when the request allows it. */
  answerPermission(requestId: string, approved: boolean, forSession = false): boolean {
    if (!this.pending.answer(requestId, approved, forSession)) return false;
    if (this.pending.size === 0 && this.turn) this.setStatus('busy');
    return true;
  }

  /** A panel shows this session; permission requests can be asked. Returns the matching release. */
  addViewer(): () => void {
    this.viewers++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.viewers--;
      if (this.viewers === 0) this.pending.answerAll({ kind: 'user-not-available' });
    };
  }

  /** Sends one prompt and resolves with its own reply: at once when idle, else after the prompts queued before it. */
  send(prompt: string, attachments?: SdkAttachment[]): Promise<TurnResult> {
    if (!prompt.trim()) return Promise.resolve({ ok: false, message: 'The prompt is empty.', refused: 'empty' });
    return this.queue.submit(prompt, attachments);
  }

  /** The model that wrote the latest reply, since the last switch. */
  get answeringModel(): string | undefined {
    return this.folder.answeringModel;
  }

  /** How full the model's context is, when the runtime has said. */
  get context(): { usedTokens: number; limitTokens: number } | undefined {
    return this.folder.contextUsage;
  }

  /**
   * Adds a prompt to the running turn (the runtime folds it into the turn's next model call, or runs it right after);
   * undefined when no turn has reached the runtime yet.
   */
  private steer(prompt: string, attachments?: SdkAttachment[]): Promise<TurnResult> | undefined {
    const turn = this.turn;
    const sdk = this.sdk;
    if (!turn?.dispatched || !sdk) return undefined;
    sdk
      .send({ prompt, mode: 'immediate', ...(attachments?.length ? { attachments } : {}) })
      .catch((error: unknown) => this.options.log.warn(`Session ${this.id}: steer: ${errorMessage(error)}`));
    return turn.result;
  }

  /** One prompt as one turn, resolved when the turn ends; only the queue calls it. A second turn is refused. */
  private async runTurn(prompt: string, attachments?: SdkAttachment[]): Promise<TurnResult> {
    if (this.turn) return { ok: false, message: 'The session is still replying.', refused: 'busy' };
    let turn!: Turn;
    let finish!: (result: TurnResult) => void;
    const result = new Promise<TurnResult>((resolve) => (finish = resolve));
    {
      turn = {
        prompt,
        seenUserMessage: false,
        reply: undefined,
        aborted: false,
        dispatched: false,
        stopWhenStarted: false,
        lastEventAt: Date.now(),
        result,
        finish,
      };
      this.turn = turn;
    }
    this.failedPrompt = undefined;
    this.setStatus('busy');
    const watchdog = setInterval(() => void this.checkRuntime(), RUNTIME_POLL_MS);
    // Not awaited: a turn stopped (or failed) while the session is still resuming ends now, even if the resume hangs.
    void this.dispatch(turn, prompt, attachments);
    try {
      return await result;
    } finally {
      clearInterval(watchdog);
    }
  }

  /** Hands the prompt to the runtime, resuming the session first when it is not attached. */
  private async dispatch(turn: Turn, prompt: string, attachments?: SdkAttachment[]): Promise<void> {
    try {
      const sdk = this.sdk ?? (await this.reattached());
      // Stopped or failed while the session was being resumed: nothing was sent, so nothing is sent now.
      if (this.turn !== turn) return;
      turn.dispatched = true;
      await sdk.send({ prompt, ...(attachments?.length ? { attachments } : {}) });
    } catch (error) {
      if (isConnectionLost(error)) this.options.onRuntimeLost(errorMessage(error));
      // A later turn is not this one's to fail.
      if (this.turn === turn) this.failTurn(errorMessage(error));
    }
  }

  private async reattached(): Promise<CopilotSession> {
    await this.options.reattach(this);
    if (!this.sdk) throw new Error(this.options.runtimeGoneText);
    return this.sdk;
  }

  /** Runs every RUNTIME_POLL_MS while a turn is in flight: a dead runtime or a silent model ends the turn. */
  private async checkRuntime(): Promise<void> {
    const turn = this.turn;
    if (!turn || !this.sdk) return;
    const stallMs = this.options.stallTimeoutMs();
    if (stallMs > 0 && this.pending.size === 0 && Date.now() - turn.lastEventAt > stallMs) {
      const message = this.options.stalledText(Math.round(stallMs / 1000));
      this.options.log.warn(`Session ${this.id}: ${message}`);
      void this.sdk.abort().catch(() => undefined);
      this.failTurn(message);
      return;
    }
    if (!(await this.options.runtimeAlive()) && this.turn === turn) {
      this.options.onRuntimeLost('the Copilot runtime process stopped');
    }
  }

  async abort(): Promise<void> {
    const turn = this.turn;
    if (!turn) return;
    turn.aborted = true;
    // What waits now stays waiting: the user stepped in. A prompt they send after Stop runs (and so does the rest).
    this.queue.hold();
    if (!turn.dispatched) {
      // Nothing was handed to the runtime yet (the session may still be resuming, and a resume can hang): the turn
      // ends now, and send() sends nothing when the resume comes back.
      // The prompt never reached the history: it goes back to the composer.
      this.updates.fire({ kind: 'turnFailed', message: this.options.stoppedText, prompt: turn.prompt });
      this.endTurn({ ok: false, message: this.options.stoppedText, stopped: true });
      return;
    }
    if (!turn.seenUserMessage) {
      turn.stopWhenStarted = true;
      return;
    }
    await this.abortInRuntime();
  }

  private async abortInRuntime(): Promise<void> {
    this.pending.answerAll({ kind: 'reject', feedback: 'The user stopped this turn.' });
    try {
      await this.sdk?.abort();
    } catch (error) {
      this.options.log.warn(`Session ${this.id}: abort failed: ${errorMessage(error)}`);
      this.endTurn({ ok: false, message: this.options.stoppedText, stopped: true });
    }
  }

  private failTurn(message: string): void {
    const turn = this.turn;
    if (!turn) return;
    const text = /Connection is (closed|disposed)/i.test(message) ? this.options.runtimeGoneText : message;
    this.failedPrompt = turn.prompt;
    const finished = this.folder.finishStreaming();
    if (finished.length) this.updates.fire({ kind: 'items', items: finished });
    this.updates.fire({ kind: 'turnFailed', message: text, prompt: turn.prompt });
    this.endTurn({ ok: false, message: text }, 'error');
  }

  private endTurn(result: TurnResult, status: SessionStatus = 'idle'): void {
    const turn = this.turn;
    if (!turn) return;
    this.turn = undefined;
    this.pending.answerAll({ kind: 'user-not-available' });
    this.setStatus(status);
    turn.finish(result);
  }

  private setStatus(status: SessionStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    this.updates.fire({ kind: 'status', status });
  }

  /** Runs an SDK call on this session, resuming it first when the runtime was restarted. */
  async withSdk<T>(call: (sdk: CopilotSession) => Promise<T>): Promise<T> {
    return call(this.sdk ?? (await this.reattached()));
  }

  /** The history was changed under it (a rewind): fold it again from the store's events. */
  async reload(): Promise<void> {
    const sdk = this.sdk ?? (await this.reattached());
    this.attach(sdk, await sdk.getEvents());
  }

  markMissing(): void {
    this.setStatus('missing');
  }

  /** Disconnects the SDK session (its data stays on disk). */
  async disconnect(): Promise<void> {
    // Held first: the turn that the disconnect ends must not start the next queued prompt (they are kept for later).
    this.queue.hold();
    this.queue.releaseCallers(this.options.queueKeptText);
    const sdk = this.sdk;
    this.detach(this.options.stoppedText);
    if (sdk)
      await sdk.disconnect().catch((error: unknown) => this.options.log.warn(`Session ${this.id}: disconnect: ${errorMessage(error)}`));
  }

  dispose(): void {
    this.queue.releaseCallers(this.options.queueKeptText);
    this.queue.dispose();
    this.updates.dispose();
  }
}
