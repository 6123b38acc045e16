/**
 * One webview panel per session, and the serializer that brings panels back after a reload without
 * retainContextWhenHidden: the webview asks for its state again ('ready') whenever it is (re)loaded.
 */
import type { SessionControls } from '../sessions/sessionControls';
import * as vscode from 'vscode';
import { isValidSessionId } from '../core/sessionId';
import type { SessionIndex } from '../core/sessionIndex';
import { sessionLabel } from '../sessions/registryTexts';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { ClientState, Logger } from '../client/sharedClient';
import type { Event } from '../core/emitter';
import { CodeActions } from './codeActions';
import { Attachments } from './attachments';
import type { AttachmentChip } from '../shared/attachments';
import type { FileChanges } from '../sessions/fileChanges';
import { SessionPanel } from './sessionPanel';
import { webviewOptions } from './webviewHtml';

export const PANEL_VIEW_TYPE = 'copilotSessions.session';
/** How long to wait for VS Code to revive a restored tab once it is shown. */
const REVIVAL_WAIT_MS = 3000;
const FOCUS_GROUP_COMMANDS = [
  'workbench.action.focusFirstEditorGroup',
  'workbench.action.focusSecondEditorGroup',
  'workbench.action.focusThirdEditorGroup',
  'workbench.action.focusFourthEditorGroup',
  'workbench.action.focusFifthEditorGroup',
  'workbench.action.focusSixthEditorGroup',
  'workbench.action.focusSeventhEditorGroup',
  'workbench.action.focusEighthEditorGroup',
];

interface PanelState {
  sessionId: string;
}

export class SessionPanels implements vscode.WebviewPanelSerializer<PanelState>, vscode.Disposable {
  private readonly panels = new Map<string, SessionPanel>();
  private readonly shown = new vscode.EventEmitter<string>();
  /** A session's panel came into view (opened, or its tab chosen). */
  readonly onDidShow = this.shown.event;
  /** show() waiting for the serializer to hand over a restored tab it just revealed. */
  private readonly waitingForRevival = new Map<string, (panel: SessionPanel) => void>();
  private readonly subscription: { dispose(): void };
  /** Made at activation, so it has seen the editor the user worked in before any panel took the focus. */
  private readonly codeActions = new CodeActions();
  /** What may be attached, and the check at send time (shared: an outside file agreed to once counts everywhere). */
  readonly attachments = new Attachments(this.codeActions);

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registry: SessionRegistry,
    private readonly index: SessionIndex,
    private readonly log: Logger,
    private readonly controls: SessionControls,
    /** Runs before each send: undefined to go on, or why not (e.g. the user did not sign in). */
    private readonly beforeSend: () => Promise<string | undefined>,
    private readonly fileChanges: FileChanges,
    private readonly clientStates: Event<ClientState>,
  ) {
    // A session leaving the list (deleted, removed as missing) takes its panel with it, before its data goes.
    this.subscription = registry.onWillRemove((ids) => {
      for (const id of ids) this.close(id);
    });
  }

  has(id: string): boolean {
    return this.panels.has(id);
  }

  /** Text for the session's prompt box, when its panel is open and the box is empty (a rewound prompt). */
  putDraft(id: string, text: string): void {
    this.panels.get(id)?.post({ type: 'draft', text });
  }

  /**
   * Focuses the session's panel, or opens one (resuming the session); `toSide` opens it beside the active editor.
   * Resolves when its history is shown.
   */
  async show(id: string, options: { revealItem?: string; preserveFocus?: boolean; toSide?: boolean } = {}): Promise<void> {
    let panel = this.panels.get(id) ?? (options.toSide ? undefined : await this.reviveRestoredTab(id));
    if (panel) {
      // Open to the Side on an open session moves its one panel beside the active editor.
      panel.reveal(options.preserveFocus, options.toSide ? vscode.ViewColumn.Beside : undefined);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        this.title(id),
        { viewColumn: options.toSide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: options.preserveFocus },
        this.webviewOptions(),
      );
      panel = this.adopt(webviewPanel, id);
    }
    await panel.loaded;
    if (options.revealItem) panel.revealItem(options.revealItem);
  }

  /**
   * After a reload VS Code restores a background tab without asking the serializer until the tab is shown. Opening
   * its session then must show that tab, not a second one (which the first would replace once clicked): the tab
   * (same view type and title, not one of ours yet) is shown, and the serializer hands its panel over.
   */
  private async reviveRestoredTab(id: string): Promise<SessionPanel | undefined> {
    const title = this.title(id);
    const ours = [...this.panels.values()].filter((panel) => panel.tabTitle === title).length;
    const tabs = vscode.window.tabGroups.all.flatMap((group) =>
      group.tabs
        .map((tab, index) => ({ tab, index, group }))
        .filter(
          ({ tab }) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PANEL_VIEW_TYPE) && tab.label === title,
        ),
    );
    const restored = tabs.slice(ours)[0];
    if (!restored) return undefined;
    const revived = new Promise<SessionPanel | undefined>((resolve) => {
      this.waitingForRevival.set(id, resolve);
      setTimeout(() => resolve(undefined), REVIVAL_WAIT_MS);
    });
    await vscode.commands.executeCommand(FOCUS_GROUP_COMMANDS[restored.group.viewColumn - 1] ?? FOCUS_GROUP_COMMANDS[0]);
    await vscode.commands.executeCommand('workbench.action.openEditorAtIndex', restored.index);
    const panel = await revived;
    this.waitingForRevival.delete(id);
    return panel;
  }

  /** Opens (or shows) the session's panel and puts chips above its prompt box. */
  async attach(id: string, chips: AttachmentChip[]): Promise<void> {
    // A hidden panel's webview reloads when shown: the chips wait for its fresh state.
    const existing = this.panels.get(id);
    existing?.attach(chips);
    await this.show(id);
    if (!existing) this.panels.get(id)?.attach(chips);
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
    const panel = this.adopt(webviewPanel, id);
    this.waitingForRevival.get(id)?.(panel);
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return webviewOptions(this.extensionUri);
  }

  private title(id: string): string {
    const entry = this.index.get(id);
    return entry ? sessionLabel(entry) : id;
  }

  /** Whether the session's panel is in view now. */
  isVisible(id: string): boolean {
    return this.panels.get(id)?.visible ?? false;
  }

  private adopt(webviewPanel: vscode.WebviewPanel, id: string): SessionPanel {
    if (webviewPanel.visible) this.shown.fire(id);
    webviewPanel.onDidChangeViewState((event) => {
      if (event.webviewPanel.visible) this.shown.fire(id);
    });
    const panel = new SessionPanel(
      webviewPanel,
      id,
      {
        extensionUri: this.extensionUri,
        registry: this.registry,
        index: this.index,
        log: this.log,
        codeActions: this.codeActions,
        controls: this.controls,
        attachments: this.attachments,
        fileChanges: this.fileChanges,
        clientStates: this.clientStates,
      },
      this.beforeSend,
      () => this.panels.delete(id),
    );
    this.panels.set(id, panel);
    return panel;
  }

  dispose(): void {
    this.subscription.dispose();
    this.shown.dispose();
    this.codeActions.dispose();
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
