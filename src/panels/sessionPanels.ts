/**
 * One webview panel per session, and the serializer that brings panels back after a reload without
 * retainContextWhenHidden: the webview asks for its state again ('ready') whenever it is (re)loaded.
 */
import * as vscode from 'vscode';
import { isValidSessionId } from '../core/sessionId';
import { displayTitle, type SessionIndex } from '../core/sessionIndex';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { Logger } from '../client/sharedClient';
import { CodeActions } from './codeActions';
import { SessionPanel } from './sessionPanel';
import { webviewOptions } from './webviewHtml';

export const PANEL_VIEW_TYPE = 'copilotSessions.session';

interface PanelState {
  sessionId: string;
}

export class SessionPanels implements vscode.WebviewPanelSerializer<PanelState>, vscode.Disposable {
  private readonly panels = new Map<string, SessionPanel>();
  private readonly subscription: { dispose(): void };
  /** Made at activation, so it has seen the editor the user worked in before any panel took the focus. */
  private readonly codeActions = new CodeActions();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registry: SessionRegistry,
    private readonly index: SessionIndex,
    private readonly log: Logger,
    /** Runs before each send: undefined to go on, or why not (e.g. the user did not sign in). */
    private readonly beforeSend: () => Promise<string | undefined> = () => Promise.resolve(undefined),
  ) {
    // A session leaving the list (deleted, removed as missing) takes its panel with it, before its data goes.
    this.subscription = registry.onWillRemove((ids) => {
      for (const id of ids) this.close(id);
    });
  }

  has(id: string): boolean {
    return this.panels.has(id);
  }

  /** Focuses the session's panel, or opens one (resuming the session). Resolves when its history is shown. */
  async show(id: string, options: { revealItem?: string; preserveFocus?: boolean } = {}): Promise<void> {
    let panel = this.panels.get(id);
    if (panel) {
      panel.reveal(options.preserveFocus);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        this.title(id),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus },
        this.webviewOptions(),
      );
      panel = this.adopt(webviewPanel, id);
    }
    await panel.loaded;
    if (options.revealItem) panel.post({ type: 'reveal', itemId: options.revealItem });
  }

  close(id: string): void {
    this.panels.get(id)?.dispose();
  }

  /** Restores a panel after a reload; its session is checked against the index, so not before that is loaded. */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    await this.index.whenLoaded;
    const id = (state as Partial<PanelState> | undefined)?.sessionId;
    if (!isValidSessionId(id) || !this.index.isListed(id) || this.panels.has(id)) {
      this.log.warn(`Not restoring a session panel with state ${JSON.stringify(state)?.slice(0, 200)}.`);
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = this.webviewOptions();
    // Not awaiting its history: a restored background tab loads only when shown.
    this.adopt(webviewPanel, id);
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return webviewOptions(this.extensionUri);
  }

  private title(id: string): string {
    const entry = this.index.get(id);
    return entry ? displayTitle(entry) : id;
  }

  private adopt(webviewPanel: vscode.WebviewPanel, id: string): SessionPanel {
    const panel = new SessionPanel(
      webviewPanel,
      id,
      { extensionUri: this.extensionUri, registry: this.registry, index: this.index, log: this.log, codeActions: this.codeActions },
      this.beforeSend,
      () => this.panels.delete(id),
    );
    this.panels.set(id, panel);
    return panel;
  }

  dispose(): void {
    this.subscription.dispose();
    this.codeActions.dispose();
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
