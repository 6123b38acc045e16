/**
 * Compare: one prompt sent at once to two to four models, each in its own new session, streamed side by side in one
 * panel with time to first token, total time and tokens. Each column is a normal session afterwards.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { SessionIndex } from '../core/sessionIndex';
import type { SessionForks } from '../sessions/sessionForks';
import type { LiveSession } from '../sessions/liveSession';
import type { SessionPanels } from './sessionPanels';
import { openLink, renderHtml, webviewOptions } from './webviewHtml';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import { parseCompareMessage, type CompareColumn, type CompareHostMessage, type CompareStrings } from '../shared/compareProtocol';
import { errorMessage, type Logger } from '../client/sharedClient';

export const COMPARE_VIEW_TYPE = 'copilotSessions.compare';

/** Sessions whose column is in view in a comparison now: their replies are read there. */
const inViewInComparison = new Set<string>();

export function isInViewInComparison(sessionId: string): boolean {
  return inViewInComparison.has(sessionId);
}
const DELTA_FLUSH_MS = 16;

function compareStrings(): CompareStrings {
  const t = vscode.l10n.t;
  return {
    title: t('Compare'),
    firstToken: t('First token'),
    total: t('Total'),
    tokens: t('Tokens'),
    continueSession: t('Continue this session'),
    waiting: t('Waiting…'),
    failed: t('Failed'),
    deleted: t('This session was deleted. Restore it from Recently deleted in the Sessions view to continue it.'),
    copy: t('Copy'),
    copied: t('Copied'),
  };
}

export interface CompareResult {
  sessionIds: string[];
  columns: CompareColumn[];
}

/** How long the comparison waits for its panel to open before it leaves the editor groups as they are. */
const MAXIMIZE_WAIT_MS = 10_000;

/** Creates the sessions, opens the panel, sends the prompt to all; resolves when every column has finished. */
export async function runComparison(
  deps: {
    extensionUri: vscode.Uri;
    registry: SessionRegistry;
    index: SessionIndex;
    forks: SessionForks;
    panels: SessionPanels;
    log: Logger;
  },
  models: string[],
  prompt: string,
): Promise<CompareResult> {
  const lives: LiveSession[] = [];
  // One comparison id for its sessions: the Sessions view keeps them together under it.
  const comparison = randomUUID();
  for (const model of models) lives.push(await deps.registry.create({ model, comparison }));
  const columns: CompareColumn[] = lives.map((live) => ({ sessionId: live.id, model: live.model, text: '', state: 'waiting' }));
  const ids = columns.map((c) => c.sessionId);
  // Side by side needs room: its own editor group, given the whole editor area.
  const busyGroup = vscode.window.tabGroups.activeTabGroup.tabs.length > 0;
  const panel = vscode.window.createWebviewPanel(
    COMPARE_VIEW_TYPE,
    vscode.l10n.t('Compare: {0}', prompt.length > 40 ? `${prompt.slice(0, 39)}…` : prompt),
    busyGroup ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
    webviewOptions(deps.extensionUri),
  );
  if (busyGroup) void maximizeGroupOf(panel);
  panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'sessions.svg');
  panel.webview.html = renderHtml(panel.webview, deps.extensionUri, 'compare.js');
  let ready = false;
  let disposed = false;
  const pending = new Map<string, string>();
  let flushTimer: NodeJS.Timeout | undefined;
  const post = (message: CompareHostMessage) => {
    if (ready && !disposed) void panel.webview.postMessage(message);
  };
  const flush = () => {
    flushTimer = undefined;
    if (pending.size === 0) return;
    post({ type: 'compareDeltas', deltas: [...pending].map(([sessionId, text]) => ({ sessionId, text })) });
    pending.clear();
  };
  const postColumn = (column: CompareColumn) => {
    flush();
    post({ type: 'compareColumn', column });
  };
  const markDeleted = (gone: readonly string[]) => {
    for (const column of columns) {
      if (!gone.includes(column.sessionId) || column.state === 'deleted') continue;
      column.state = 'deleted';
      postColumn(column);
    }
  };
  const setInView = (visible: boolean) => {
    for (const id of ids) {
      if (visible) inViewInComparison.add(id);
      else inViewInComparison.delete(id);
    }
  };
  setInView(panel.visible);
  const subscriptions: vscode.Disposable[] = [
    panel.onDidChangeViewState((event) => setInView(event.webviewPanel.visible)),
    deps.registry.onWillRemove((gone) => markDeleted(gone)),
    panel.onDidDispose(() => {
      disposed = true;
      setInView(false);
      for (const s of subscriptions) s.dispose();
    }),
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseCompareMessage(raw, ids);
      if (!parsed.ok) return deps.log.warn(`Compare panel: ignored a message: ${parsed.reason}.`);
      const message = parsed.value;
      if (message.type === 'ready') {
        ready = true;
        post({ type: 'compareInit', prompt, columns, strings: compareStrings(), locale: vscode.env.language });
      } else if (message.type === 'openSession') {
        // The column carries on as a fork of its own: the comparison stays as it was.
        if (!deps.index.isListed(message.sessionId)) markDeleted([message.sessionId]);
        else
          void deps.forks
            .fork(message.sessionId)
            .then((forked) => deps.panels.show(forked.id, { preserveFocus: false }))
            .catch((error: unknown) => void vscode.window.showErrorMessage(errorMessage(error)));
      } else {
        void openLink(message.href);
      }
    }),
  ];

  const started = Date.now();
  await Promise.all(
    lives.map(async (live, i) => {
      const column = columns[i];
      const subscription = live.onDidUpdate((update) => {
        if (update.kind === 'delta' || (update.kind === 'items' && update.items.some((it) => it.kind === 'assistant'))) {
          if (column.firstTokenMs === undefined) column.firstTokenMs = Date.now() - started;
          if (column.state === 'waiting') {
            column.state = 'streaming';
            postColumn(column);
          }
        }
        if (update.kind === 'delta') {
          column.text += update.text;
          pending.set(column.sessionId, (pending.get(column.sessionId) ?? '') + update.text);
          flushTimer ??= setTimeout(flush, DELTA_FLUSH_MS);
        } else if (update.kind === 'items') {
          const reply = update.items.find((it) => it.kind === 'assistant');
          if (reply?.kind === 'assistant' && reply.text !== column.text) {
            column.text = reply.text;
            postColumn(column);
          }
        }
      });
      try {
        const result = await live.send(prompt);
        column.totalMs = Date.now() - started;
        if (result.ok) {
          column.state = 'done';
          column.text = result.reply ?? column.text;
        } else {
          column.state = 'failed';
          column.error = result.message;
        }
      } catch (error) {
        column.state = 'failed';
        column.error = errorMessage(error);
      } finally {
        subscription.dispose();
      }
      const usage = live.lastUsage;
      column.outputTokens = usage?.outputTokens;
      column.inputTokens = usage?.inputTokens;
      postColumn(column);
    }),
  );
  return { sessionIds: ids, columns };
}

/**
 * Gives the panel's editor group the whole editor area (VS Code's own command; older versions lack it). The toggle
 * acts on the active group, and the panel's new group becomes the active one only once the panel has opened: toggled
 * before, it maximized the group beside and hid the comparison.
 */
async function maximizeGroupOf(panel: vscode.WebviewPanel): Promise<void> {
  if (!panel.active) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      };
      const listener = panel.onDidChangeViewState(() => {
        if (panel.active) done();
      });
      const timer = setTimeout(done, MAXIMIZE_WAIT_MS);
    });
  }
  if (!panel.active) return;
  const commands = await vscode.commands.getCommands(true);
  if (panel.active && commands.includes('workbench.action.toggleMaximizeEditorGroup')) {
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
  }
}
