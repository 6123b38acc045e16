/** Wires the pieces together; each lives in its own module. */
import * as vscode from 'vscode';
import { createApi, type CopilotSessionsApi } from './api';
import { affectsClient, explainStartError, readClientSetup, settings } from './client/backendSettings';
import { Commands, idProblemMessage } from './commands/commands';
import { MementoIndexStore } from './core/mementoIndex';
import { SessionIndex } from './core/sessionIndex';
import { IndexFiles, workspaceIndexDir } from './sessions/indexFiles';
import { IndexSync } from './sessions/indexSync';
import { PANEL_VIEW_TYPE, SessionPanels } from './panels/sessionPanel';
import { SessionRegistry } from './sessions/sessionRegistry';
import { SessionSearch } from './sessions/sessionSearch';
import { SessionsTree, VIEW_ID } from './views/sessionsTree';
import { accountProblemMessage, GitHubSignIn } from './client/signIn';
import { ClientStatusBar } from './views/statusBar';
import { SharedClient } from './client/sharedClient';

let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): CopilotSessionsApi {
  const log = vscode.window.createOutputChannel('Copilot Sessions', { log: true });
  const workingDirectory = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

  const warn = (message: string) => log.warn(message);
  // The index lives in files in a folder of global storage kept for this workspace (shared by its windows); a window
  // without a folder keeps it in workspaceState. It loads in the background: readers wait for `index.whenLoaded`.
  const workspacePath = (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.path;
  const indexDir = workspacePath ? workspaceIndexDir(context.globalStorageUri.fsPath, workspacePath) : undefined;
  const sync = indexDir ? new IndexSync(new IndexFiles(indexDir), context.workspaceState, log) : undefined;
  const storage = sync ?? new MementoIndexStore(context.workspaceState, warn);
  const index = new SessionIndex(storage);
  void storage.load(index).catch((error: unknown) => {
    warn(`Could not load the session index: ${String(error)}`);
    if (!index.loaded) index.reset([]);
  });

  const client = new SharedClient(() => readClientSetup(context.secrets, workingDirectory), log, explainStartError);
  const registry = new SessionRegistry({
    client,
    index,
    log,
    workingDirectory,
    autoApprove: () => settings().autoApprovePermissions,
    stallTimeoutMs: () => settings().turnTimeoutSeconds * 1000,
    texts: {
      stalled: (seconds) =>
        vscode.l10n.t(
          'No reply from the model for {0} seconds, so the turn was stopped. Your prompt is kept: send it again to retry.',
          seconds,
        ),
      stopped: vscode.l10n.t('Stopped'),
      runtimeGone: vscode.l10n.t('The Copilot runtime stopped during this turn. It restarts by itself: send again to retry.'),
      missing: (id) => vscode.l10n.t('The session "{0}" is no longer in the session store on disk. Remove it from the list.', id),
      duplicate: (id) =>
        vscode.l10n.t('A session with the ID "{0}" already exists. Choose another ID; the existing session was not changed.', id),
      invalidId: idProblemMessage,
    },
  });
  let restartTimer: NodeJS.Timeout | undefined;
  // Several settings usually change together: restart once, after the last one, and not in the middle of a reply
  // (waiting up to a minute for running turns to end).
  const restartWhenIdle = () => {
    clearTimeout(restartTimer);
    const deadline = Date.now() + 60_000;
    const attempt = () => {
      if (registry.busyCount() > 0 && Date.now() < deadline) restartTimer = setTimeout(attempt, 500);
      else void client.restart().catch(() => undefined);
    };
    restartTimer = setTimeout(attempt, 300);
  };
  const signIn = new GitHubSignIn(client, log, restartWhenIdle);
  const panels = new SessionPanels(context.extensionUri, registry, index, log, () => signIn.ensureSignedIn());
  const tree = new SessionsTree(index, registry);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: false });
  // An empty view shows the sign-in welcome content; a list of sessions says it above the list.
  const showAccountProblem = () => {
    const state = client.state;
    treeView.message = state.kind === 'notSignedIn' && index.size > 0 ? accountProblemMessage(state) : undefined;
  };
  const search = new SessionSearch(context.storageUri?.fsPath, index, registry, log);
  // Other windows on this workspace may have created or deleted sessions: catch up when the client is ready and
  // whenever this window gets the focus back.
  const reconcile = async () => {
    await index.whenLoaded;
    // The store is asked only about sessions whose file is gone.
    await sync?.reconcile((ids) => registry.inStore(ids));
  };
  const api = createApi({ index, registry, panels, client });

  context.subscriptions.push(
    log,
    tree,
    treeView,
    panels,
    api,
    signIn,
    client.onDidChangeState(showAccountProblem),
    index.onDidChange(showAccountProblem),
    new ClientStatusBar(client, registry),
    { dispose: () => sync?.dispose() },
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused && client.state.kind === 'ready') void reconcile().catch((error: unknown) => log.warn(`Index: ${String(error)}`));
    }),
    // Restored panels check their session against the index: not before it is loaded.
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        await index.whenLoaded;
        return panels.deserializeWebviewPanel(panel, state);
      },
    }),
    ...new Commands({
      client,
      registry,
      index,
      panels,
      tree,
      secrets: context.secrets,
      log,
      search,
      signIn,
      extensionUri: context.extensionUri,
      reconcile,
    }).register(),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsClient(event)) restartWhenIdle();
    }),
    { dispose: () => clearTimeout(restartTimer) },
    context.secrets.onDidChange((event) => {
      if (event.key.startsWith('copilotSessions.')) log.info('A stored secret changed.');
    }),
    client.onDidChangeState((state) => {
      // Once the runtime answers, mark sessions the store no longer has; off the activation path.
      if (state.kind !== 'ready') return;
      void reconcile()
        .catch((error: unknown) => log.warn(`Index: ${String(error)}`))
        .then(() => registry.refreshMissing())
        .catch((error: unknown) => log.warn(`Could not compare the index with the store: ${String(error)}`));
      void index.whenLoaded
        .then(() => registry.listOutside())
        .then((outside) => tree.setOutside(outside))
        .catch((error: unknown) => log.warn(`Could not list this folder's other sessions: ${String(error)}`));
    }),
  );

  // The client starts in the background: activation never waits for the runtime.
  setTimeout(() => client.start(), 0);
  log.info('Activated; the session index loads in the background.');

  shutdown = async () => {
    // The snapshot is written after a quiet period; whatever changed since the last one is written now.
    await sync?.flush();
    await search.dispose();
    await registry.closeAll();
    await client.stop();
    registry.dispose();
    client.dispose();
  };
  return api;
}

export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}
