/** Wires the pieces together; each lives in its own module. */
import * as vscode from 'vscode';
import { createApi, type CopilotSessionsApi } from './api';
import { explainStartError, readClientSetup, settings } from './client/backendSettings';
import { IdleRestarter } from './client/idleRestarter';
import { RemoteRuntimeConsent } from './client/remoteRuntimeConsent';
import { SharedClient } from './client/sharedClient';
import { GitHubSignIn } from './client/signIn';
import { WorkspaceSettingsGuard } from './client/workspaceSettingsGuard';
import { registerCommands } from './commands/registerCommands';
import { isInViewInComparison } from './panels/comparePanel';
import { PANEL_VIEW_TYPE, SessionPanels } from './panels/sessionPanels';
import { controlTexts, indexWriteFailureNotifier, registryTexts } from './sessions/registryTexts';
import { SessionRegistry } from './sessions/sessionRegistry';
import { SessionSearch } from './sessions/sessionSearch';
import { SessionTrash } from './sessions/sessionTrash';
import { BEFORE_SCHEME, FileChanges } from './sessions/fileChanges';
import { SessionForks } from './sessions/sessionForks';
import { SessionControls } from './sessions/sessionControls';
import { queueStore } from './sessions/queuedPrompts';
import { NeedsYouTracker } from './sessions/needsYou';
import { StoreReconciler } from './sessions/storeReconciler';
import { openWorkspaceIndex } from './sessions/workspaceIndex';
import { createSessionsView } from './views/sessionsView';
import { SessionsTree } from './views/sessionsTree';
import { ClientStatusBar } from './views/statusBar';

let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): CopilotSessionsApi {
  const log = vscode.window.createOutputChannel('Copilot Sessions', { log: true });
  const workingDirectory = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const { index, sync, dir } = openWorkspaceIndex(context, log);

  const remoteConsent = new RemoteRuntimeConsent(context.globalState, log);
  const client = new SharedClient(() => readClientSetup(context.secrets, workingDirectory, remoteConsent), log, explainStartError);
  const registry = new SessionRegistry({
    client,
    index,
    log,
    workingDirectory,
    autoApprove: () => settings().autoApprovePermissions,
    stallTimeoutMs: () => settings().turnTimeoutSeconds * 1000,
    texts: registryTexts(),
    queues: queueStore(dir, context.workspaceState, (message) => log.warn(message)),
    onIndexWriteFailed: indexWriteFailureNotifier(log),
  });
  const restarter = new IdleRestarter(client, () => registry.busyCount() > 0);
  const signIn = new GitHubSignIn(client, log, () => restarter.request());
  const controls = new SessionControls(registry, index, log, controlTexts());
  const fileChanges = new FileChanges(
    vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'file-changes').fsPath,
    log,
    (id) => registry.get(id)?.busy ?? false,
  );
  const panels = new SessionPanels(
    context.extensionUri,
    registry,
    index,
    log,
    controls,
    () => signIn.ensureSignedIn(),
    fileChanges,
    client.onDidChangeState,
  );
  const trash = new SessionTrash(registry, index, log);
  const forks = new SessionForks(registry, index, log, registryTexts());
  const reconciler = new StoreReconciler(index, sync, registry, trash, client, log, () => settings().recentlyDeletedDays);
  // In view: its own panel, or its column in a comparison.
  const inView = (id: string) => panels.isVisible(id) || isInViewInComparison(id);
  const needsYou = new NeedsYouTracker(
    registry,
    index,
    inView,
    (id) => panels.has(id) || isInViewInComparison(id),
    (id) => panels.show(id),
  );
  const tree = new SessionsTree(index, registry, () => settings().recentlyDeletedDays, needsYou, fileChanges);
  const search = new SessionSearch(context.storageUri?.fsPath, { sessions: index, onDidUpdateSession: registry.onDidUpdateSession }, log);
  const view = createSessionsView(tree, index, client, reconciler, needsYou);
  const api = createApi({ index, registry, panels, client, signIn, trash, forks, needsYou, controls });

  context.subscriptions.push(
    log,
    new WorkspaceSettingsGuard(context.workspaceState, log),
    client.onDidRestart(() => remoteConsent.forgetRefusals()),
    tree,
    view,
    needsYou,
    panels.onDidShow((id) => needsYou.seen(id)),
    reconciler,
    panels,
    fileChanges,
    registry.onDidUpdateSession(({ id, update }) => fileChanges.observe(id, update)),
    vscode.workspace.registerTextDocumentContentProvider(BEFORE_SCHEME, fileChanges.provider()),
    api,
    signIn,
    restarter,
    new ClientStatusBar(client, registry),
    { dispose: () => sync?.dispose() },
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels),
    ...registerCommands({
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
      reconciler,
      trash,
      forks,
      view,
      controls,
    }),
    context.secrets.onDidChange((event) => {
      if (event.key.startsWith('copilotSessions.')) log.info('A stored secret changed.');
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
