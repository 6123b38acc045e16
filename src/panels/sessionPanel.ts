/**
 * One session's panel: it shows the session's history and streams its replies, sends prompts, and relays
 * permission requests. Host messages are batched once per frame.
 */
import * as vscode from 'vscode';
import type { SessionIndex } from '../core/sessionIndex';
import { newestPage, pageAfter, pageAround, pageBefore, type HistoryPage } from '../core/historyPages';
import type { LiveSession, LiveSessionUpdate } from '../sessions/liveSession';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import {
  parseWebviewMessage,
  type HistoryItem,
  type HostMessage,
  type SessionHeader,
  type SessionStatus,
  type WebviewMessage,
} from '../shared/protocol';
import { errorMessage, type ClientState, type Logger } from '../client/sharedClient';
import type { Event } from '../core/emitter';
import type { CodeActions } from './codeActions';
import type { SessionControls } from '../sessions/sessionControls';
import type { AttachmentChip, AttachmentRef } from '../shared/attachments';
import type { FileChanges } from '../sessions/fileChanges';
import type { Attachments } from './attachments';
import { handleContextMessage, isContextMessage } from './contextActions';
import { PanelOutbox } from './panelOutbox';
import { panelHeader, panelTitle, type RuntimeModel } from './panelHeader';
import { OPEN_SLOW_MS, SessionOpening, type OpeningState } from './sessionOpening';
import { panelStrings } from './panelStrings';
import { openLink, renderHtml } from './webviewHtml';

/** What every panel of the window shares. */
export interface PanelContext {
  extensionUri: vscode.Uri;
  registry: SessionRegistry;
  index: SessionIndex;
  log: Logger;
  codeActions: CodeActions;
  controls: SessionControls;
  attachments: Attachments;
  fileChanges: FileChanges;
  /** The shared client's state: a session that failed to open because of the runtime opens when it is ready. */
  clientStates: Event<ClientState>;
}

export class SessionPanel {
  private live: LiveSession | undefined;
  /** Why the session did not open (said in the transcript), while it is not open. */
  private failure: string | undefined;
  private readonly opening: SessionOpening;
  private webviewReady = false;
  private releaseViewer: (() => void) | undefined;
  private readonly outbox = new PanelOutbox((message) => void this.panel.webview.postMessage(message));
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Settles once the session is live (or failed to open) and the webview has its first state. */
  readonly loaded: Promise<void>;
  private markLoaded!: () => void;

  private readonly registry: SessionRegistry;
  private readonly index: SessionIndex;
  private readonly log: Logger;
  private readonly codeActions: CodeActions;
  private readonly controls: SessionControls;
  /** What the runtime says it uses (`model.getCurrent`), asked when the session opens and after a switch. */
  private runtimeModel: RuntimeModel | undefined;
  private readonly attachments: Attachments;
  private readonly fileChanges: FileChanges;
  /** The chips of the prompt in flight: they go back to the composer with it when its turn fails. */
  private sentChips: AttachmentChip[] = [];
  /** Chips from a command while the webview is hidden (and so reloads when shown): they follow its next init. */
  private pendingChips: AttachmentChip[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    readonly id: string,
    { extensionUri, registry, index, log, codeActions, controls, attachments, fileChanges, clientStates }: PanelContext,
    private readonly beforeSend: () => Promise<string | undefined>,
    private readonly onDisposed: () => void,
  ) {
    this.registry = registry;
    this.index = index;
    this.log = log;
    this.codeActions = codeActions;
    this.controls = controls;
    this.attachments = attachments;
    this.fileChanges = fileChanges;
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'sessions.svg');
    panel.webview.html = renderHtml(panel.webview, extensionUri, undefined, panelStrings().loading);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      index.onDidChange(() => {
        panel.title = this.title();
        this.postHeader();
      }),
      fileChanges.onDidChange(({ sessionId, turnId }) => {
        const item = sessionId === this.id ? this.live?.history.find((i) => i.kind === 'changes' && i.turnId === turnId) : undefined;
        if (item) this.post({ type: 'upsert', items: [this.fileChanges.decorate(this.id, item)] });
      }),
    );
    this.opening = new SessionOpening(
      () => registry.open(id),
      clientStates,
      (state) => this.onOpening(state),
    );
    this.disposables.push(this.opening);
    this.opening.start();
  }

  private title(): string {
    return panelTitle(this.index, this.id);
  }

  private onOpening(state: OpeningState): void {
    if (state.kind === 'opening') {
      if (state.slow) this.log.warn(`Session ${this.id}: the runtime has not answered the open for ${OPEN_SLOW_MS / 1000} s.`);
      this.postNotice();
      return;
    }
    if (state.kind === 'open') {
      this.failure = undefined;
      this.live = state.live;
      this.releaseViewer = state.live.addViewer();
      this.disposables.push(state.live.onDidUpdate((update) => this.forward(update)));
      void this.askRuntimeModel();
    } else {
      this.failure = state.message;
      this.log.warn(`Session ${this.id}: ${state.message}`);
    }
    if (this.webviewReady) this.postInit();
  }

  private postNotice(): void {
    this.post({ type: 'notice', notice: this.opening.notice() });
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  /** The title its tab shows. */
  get tabTitle(): string {
    return this.panel.title;
  }

  reveal(preserveFocus?: boolean, viewColumn?: vscode.ViewColumn): void {
    this.panel.reveal(viewColumn, preserveFocus);
  }

  /** Chips for the prompt box (Ask in Copilot Session…, Add to Copilot Session). */
  attach(chips: AttachmentChip[]): void {
    if (this.panel.visible && this.webviewReady) this.post({ type: 'attach', chips });
    else this.pendingChips.push(...chips);
  }

  /** Queues a message for the next frame (PanelOutbox); nothing before the webview is ready, which then gets it all. */
  post(message: HostMessage): void {
    if (this.disposed || !this.webviewReady) return;
    this.outbox.post(message);
  }

  private header(): SessionHeader {
    return panelHeader(this.index, this.id, this.live, this.runtimeModel);
  }

  private async askRuntimeModel(): Promise<void> {
    if (!this.live) return;
    this.runtimeModel = await this.controls.currentModel(this.live);
    this.postHeader();
  }

  private postQueue(): void {
    const queue = this.live?.queue;
    this.post({ type: 'queue', items: queue?.items ?? [], held: queue?.held ?? false });
  }

  private postHeader(): void {
    this.post({ type: 'header', header: this.header() });
  }

  private status(): SessionStatus {
    if (!this.failure) return this.live?.status ?? 'idle';
    return this.registry.status(this.id) === 'missing' ? 'missing' : 'error';
  }

  private postInit(): void {
    const live = this.live;
    // Only the newest window: a long history's older pages come when the webview asks (src/core/historyPages.ts).
    const page = newestPage(live?.history ?? []);
    const history: HistoryItem[] = page.items.map((item) => this.fileChanges.decorate(this.id, item));
    if (this.failure) history.push({ kind: 'error', id: 'open-failure', message: this.failure, timestamp: new Date().toISOString() });
    // The whole state supersedes whatever was queued (its history already holds the streamed text), except a
    // prompt handed back to the composer: init does not carry it, and it must not be lost.
    const handedBack = this.outbox.supersede((message) => message.type === 'turnFailed');
    this.post({
      type: 'init',
      header: this.header(),
      status: this.status(),
      history,
      permissions: live?.permissions ?? [],
      strings: panelStrings(),
      locale: vscode.env.language,
      draft: live?.failedPrompt,
      // Only the benchmarks read performance marks; a user's panel keeps its timeline empty.
      measure: process.env.COPILOT_SESSIONS_MEASURE === '1' || undefined,
      historyOffset: page.offset || undefined,
    });
    for (const message of handedBack) this.post(message);
    this.postNotice();
    this.postQueue();
    if (this.pendingChips.length) this.post({ type: 'attach', chips: this.pendingChips.splice(0) });
    this.markLoaded();
  }

  private forward(update: LiveSessionUpdate): void {
    switch (update.kind) {
      case 'delta':
        if (this.disposed || !this.webviewReady) return;
        return this.outbox.delta(update.id, update.text);
      case 'items': {
        // A model switch took effect: what the runtime uses now is asked again.
        if (update.items.some((item) => item.kind === 'change' && item.change.type === 'model')) void this.askRuntimeModel();
        this.post({ type: 'upsert', items: update.items.map((item) => this.fileChanges.decorate(this.id, item)) });
        if (this.webviewReady) this.outbox.itemsPosted(update.items);
        return;
      }
      case 'reset':
        return this.postInit();
      case 'queue':
        return this.postQueue();
      case 'status':
        return this.post({ type: 'status', status: update.status });
      case 'permission':
        return this.post({ type: 'permission', prompt: update.prompt });
      case 'permissionResolved':
        return this.post({ type: 'permissionResolved', requestId: update.requestId });
      case 'turnFailed':
        return this.post({ type: 'turnFailed', message: update.message, prompt: update.prompt, attachments: this.sentChips });
      case 'title':
      case 'usage':
      case 'context':
        return this.postHeader();
    }
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Session ${this.id}: ignored a message from the webview: ${parsed.reason}.`);
      return;
    }
    void this.handle(parsed.value).catch((error: unknown) => this.log.error(`Session ${this.id}: ${errorMessage(error)}`));
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        if (this.live || this.failure) this.postInit();
        else this.postNotice();
        return;
      case 'noticeAction':
        return this.opening.act(message.action);
      case 'send':
        return this.send(message.prompt, message.attachments ?? []);
      case 'stop':
        return this.live?.abort();
      case 'permissionAnswer':
        if (!this.live?.answerPermission(message.requestId, message.approved, message.forSession)) {
          this.log.warn(`Session ${this.id}: permission answer for unknown request ${message.requestId}.`);
        }
        return;
      case 'openLink':
        return openLink(message.href);
      case 'insertCode':
        return this.codeActions.insert(message.code);
      case 'openCode':
        return this.codeActions.open(message.code, message.language);
      case 'queueRemove':
        this.live?.queue.remove(message.id);
        return;
      case 'queueEdit':
        this.live?.queue.edit(message.id, message.prompt);
        return;
      case 'queueSendNow':
        this.live?.queue.sendNow(message.id);
        return;
      // The commands ask, report failures, and are the same from the palette, a row's menu and here.
      case 'pickModel':
        return this.command('copilotSessions.changeModel');
      case 'compact':
        return this.command('copilotSessions.compact');
      case 'fork':
        return this.command('copilotSessions.fork', message.itemId);
      case 'rewind':
        return this.command('copilotSessions.rewind', message.itemId);
      case 'openSession':
        // Only the session this one was forked from: the webview names no other.
        if (message.sessionId !== this.index.get(this.id)?.forkedFrom) return;
        await vscode.commands.executeCommand('copilotSessions.open', { sessionId: message.sessionId });
        return;
      case 'loadHistory': {
        const history = this.live?.history ?? [];
        if ('latest' in message) return this.postPage(newestPage(history), true);
        return this.postPage('afterId' in message ? pageAfter(history, message.afterId) : pageBefore(history, message.beforeId), false);
      }
    }
    if (isContextMessage(message)) {
      return handleContextMessage(message, this.id, {
        attachments: this.attachments,
        fileChanges: this.fileChanges,
        post: (m) => this.post(m),
      });
    }
  }

  /** A session command on this panel's session; its failure was already shown to the user by the command. */
  private async command(command: string, ...args: unknown[]): Promise<void> {
    try {
      await vscode.commands.executeCommand(command, { sessionId: this.id }, ...args);
    } catch (error) {
      this.log.info(`Session ${this.id}: ${command} did not complete: ${errorMessage(error)}`);
    }
  }

  /** Shows one item (a search hit): the window around it first, since the webview may not have it. */
  revealItem(itemId: string): void {
    this.postPage(pageAround(this.live?.history ?? [], itemId), true);
    this.post({ type: 'reveal', itemId });
  }

  private postPage(page: HistoryPage | undefined, replace: boolean): void {
    if (page)
      this.post({ type: 'historyPage', ...page, items: page.items.map((item) => this.fileChanges.decorate(this.id, item)), replace });
    // An id the history no longer has (a rewind took it): an empty page, so the webview stops waiting for one.
    else if (!replace) this.post({ type: 'historyPage', items: [], offset: 0, total: this.live?.history.length ?? 0, replace });
  }

  private async send(prompt: string, refs: readonly AttachmentRef[]): Promise<void> {
    const chips = refs.map((ref) => this.attachments.chipOf(ref));
    // Every refusal hands the prompt and its chips back to the composer.
    const refuse = (message: string) => this.post({ type: 'turnFailed', message, prompt, attachments: chips });
    if (!prompt.trim()) {
      refuse(panelStrings().emptyPrompt);
      return;
    }
    if (!this.live) {
      refuse(this.failure ?? panelStrings().loading);
      return;
    }
    // Archived sessions are read-only until the user takes them back out.
    if (this.index.get(this.id)?.archived) {
      refuse(panelStrings().archivedRefused);
      return;
    }
    // Nobody signed in: the sign-in flow opens instead of a failing turn; the prompt stays in the box.
    const refusal = await this.beforeSend();
    if (refusal) {
      refuse(refusal);
      return;
    }
    // Bad input sends nothing: a file gone since it was attached, grown too large, or outside the workspace.
    const resolved = await this.attachments.resolve(refs);
    if (!resolved.ok) {
      refuse(resolved.message);
      return;
    }
    this.sentChips = chips;
    const result = await this.live.send(prompt, resolved.value);
    // Refused without a turn: the prompt goes back to the box (not one the user took out of the queue themselves).
    if (!result.ok && result.refused && result.refused !== 'removed') {
      refuse(result.refused === 'busy' ? panelStrings().busyRefused : panelStrings().emptyPrompt);
    }
    if (!result.ok) this.log.info(`Session ${this.id}: turn ended without a reply: ${result.message}`);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.outbox.dispose();
    this.releaseViewer?.();
    for (const d of this.disposables) d.dispose();
    this.onDisposed();
    this.markLoaded();
    this.panel.dispose();
    // Closing the panel disconnects the SDK session; its history stays on disk.
    void this.registry.close(this.id);
  }
}
