/**
 * Opens this workspace's session index. It lives in files in a folder of global storage kept for this workspace
 * (shared by its windows); a window without a folder keeps it in workspaceState. It loads in the background:
 * readers wait for `index.whenLoaded`.
 */
import * as vscode from 'vscode';
import { MementoIndexStore } from '../core/mementoIndex';
import { SessionIndex } from '../core/sessionIndex';
import { IndexFiles, workspaceIndexDir } from './indexFiles';
import { CATCH_UP_DELAY_MS, IndexSync, SNAPSHOT_QUIET_MS } from './indexSync';

export interface WorkspaceIndex {
  index: SessionIndex;
  /** The files and their reconciling with other windows; undefined in a window without a folder. */
  sync: IndexSync | undefined;
  /** The folder of global storage kept for this workspace (undefined without a folder). */
  dir: string | undefined;
}

export function openWorkspaceIndex(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): WorkspaceIndex {
  const warn = (message: string) => log.warn(message);
  const workspacePath = (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.path;
  const indexDir = workspacePath ? workspaceIndexDir(context.globalStorageUri.fsPath, workspacePath) : undefined;
  const sync = indexDir
    ? new IndexSync(new IndexFiles(indexDir), context.workspaceState, log, SNAPSHOT_QUIET_MS, CATCH_UP_DELAY_MS)
    : undefined;
  const storage = sync ?? new MementoIndexStore(context.workspaceState, warn);
  const index = new SessionIndex(storage);
  void storage.load(index).catch((error: unknown) => {
    warn(`Could not load the session index: ${String(error)}`);
    if (!index.loaded) index.reset([]);
  });
  return { index, sync, dir: indexDir };
}
