/**
 * A cloned repository must not turn the extension against its user: its `.vscode/settings.json` could send the BYOK
 * key elsewhere, point at its own runtime or approve every command. Those settings have the `machine` scope, so VS
 * Code ignores them in workspace settings; this tells the user once (per workspace and set of names) that they were
 * ignored, and logs it each time they are found.
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION, USER_ONLY_SETTINGS, userOnlySettingsInFile, type UserOnlySetting } from '../core/userOnlySettings';
import { errorMessage, type Logger } from './sharedClient';

const NOTIFIED_KEY = 'copilotSessions.ignoredWorkspaceSettings.notified';

export class WorkspaceSettingsGuard implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private queue: Promise<void> = Promise.resolve();
  private lastLogged = '';

  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watch();
        this.recheck();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS_SECTION)) this.recheck();
      }),
    );
    this.watch();
    this.recheck();
  }

  /** Checks run one after another, so two of them cannot both show the notice. */
  private recheck(): void {
    this.queue = this.queue
      .then(() => this.check())
      .catch((error: unknown) => this.log.warn(`Checking workspace settings: ${errorMessage(error)}`));
  }

  private async check(): Promise<void> {
    const ignored = await this.ignoredSettings();
    const names = ignored.map((key) => `${SETTINGS_SECTION}.${key}`);
    const signature = names.join(',');
    if (signature === this.lastLogged) return;
    this.lastLogged = signature;
    if (!names.length) return;
    this.log.warn(
      `Ignored ${names.join(', ')} in this workspace's settings: a repository cannot change where prompts and keys go or what is approved (user or remote settings only).`,
    );
    const shown = this.workspaceState.get<string[]>(NOTIFIED_KEY, []);
    if (shown.includes(signature)) return;
    await this.workspaceState.update(NOTIFIED_KEY, [...shown, signature]);
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        "Copilot Sessions ignores {0} in this workspace's settings: a repository cannot change where your prompts and keys go or what is approved. To use them, set them in your user settings (in a remote window: the remote settings).",
        names.join(', '),
      ),
    );
  }

  /** The user-only settings the workspace (its `.code-workspace` file) or one of its folders tries to set. */
  private async ignoredSettings(): Promise<UserOnlySetting[]> {
    const found = new Set<UserOnlySetting>();
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const key of USER_ONLY_SETTINGS) {
      const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(key);
      const inFolder = folders.some(
        (folder) => vscode.workspace.getConfiguration(SETTINGS_SECTION, folder.uri).inspect(key)?.workspaceFolderValue !== undefined,
      );
      if (inspected?.workspaceValue !== undefined || inFolder) found.add(key);
    }
    // inspect() drops a machine-scoped setting from the workspace's values (seen in VS Code 1.139: workspaceValue and
    // workspaceFolderValue stay undefined), so the files themselves are read too.
    const files: Array<{ uri: vscode.Uri; member?: 'settings' }> = folders.map((folder) => ({
      uri: vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'),
    }));
    const workspaceFile = vscode.workspace.workspaceFile;
    if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, member: 'settings' });
    for (const { uri, member } of files) {
      for (const key of userOnlySettingsInFile(await readText(uri), member)) found.add(key);
    }
    return USER_ONLY_SETTINGS.filter((key) => found.has(key));
  }

  /** A settings file that appears or changes later (a pull, a checkout) is checked too. */
  private watch(): void {
    for (const watcher of this.watchers) watcher.dispose();
    const patterns = (vscode.workspace.workspaceFolders ?? []).map((folder) => new vscode.RelativePattern(folder, '.vscode/settings.json'));
    const workspaceFile = vscode.workspace.workspaceFile;
    if (workspaceFile?.scheme === 'file') {
      patterns.push(new vscode.RelativePattern(vscode.Uri.joinPath(workspaceFile, '..'), workspaceFile.path.split('/').pop() ?? ''));
    }
    this.watchers = patterns.map((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern, false, false, true);
      watcher.onDidCreate(() => this.recheck());
      watcher.onDidChange(() => this.recheck());
      return watcher;
    });
  }

  dispose(): void {
    for (const d of [...this.disposables, ...this.watchers]) d.dispose();
  }
}

async function readText(uri: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return ''; // No settings file: nothing set.
  }
}
