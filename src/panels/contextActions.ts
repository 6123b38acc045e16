/**
 * A session panel's messages about the user's code: the Attach button, files dropped on the panel, paths clicked in
 * the history (opened only inside the workspace), and a turn's changed files (diff, Undo, Keep).
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../shared/protocol';
import type { FileChanges } from '../sessions/fileChanges';
import { undoTurn } from '../sessions/fileChangesUndo';
import { insideWorkspace, type Attachments } from './attachments';

type ContextMessage = Extract<WebviewMessage, { type: 'pickAttachment' | 'dropFiles' | 'openFile' | 'fileChanges' }>;

export function isContextMessage(message: WebviewMessage): message is ContextMessage {
  return message.type === 'pickAttachment' || message.type === 'dropFiles' || message.type === 'openFile' || message.type === 'fileChanges';
}

/** Opens a workspace file at a 0-based line; anything else is said, not opened. */
export async function openWorkspaceFile(given: string, line?: number): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const file = path.isAbsolute(given) || !folder ? path.resolve(given) : path.resolve(folder.uri.fsPath, given);
  const uri = vscode.Uri.file(file);
  if (!insideWorkspace(file)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('"{0}" is not in this workspace: only workspace files open from a session.', file),
    );
    return;
  }
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" does not exist (any more).', vscode.workspace.asRelativePath(uri)));
    return;
  }
  const at = line === undefined ? undefined : new vscode.Position(line, 0);
  await vscode.window.showTextDocument(uri, { preview: true, ...(at ? { selection: new vscode.Range(at, at) } : {}) });
}

export async function handleContextMessage(
  message: ContextMessage,
  sessionId: string,
  { attachments, fileChanges, post }: { attachments: Attachments; fileChanges: FileChanges; post: (message: HostMessage) => void },
): Promise<void> {
  switch (message.type) {
    case 'pickAttachment': {
      const chips = await attachments.pick();
      if (chips.length) post({ type: 'attach', chips });
      return;
    }
    case 'dropFiles': {
      const chips = await attachments.fromDrop(message.uris);
      if (chips.length) post({ type: 'attach', chips });
      return;
    }
    case 'openFile':
      return openWorkspaceFile(message.path, message.line);
    case 'fileChanges':
      if (message.action === 'diff' && message.path) return fileChanges.openDiff(sessionId, message.turnId, message.path);
      if (message.action === 'undo') return undoTurn(fileChanges, sessionId, message.turnId);
      if (message.action === 'keep') return fileChanges.settle(sessionId, message.turnId, 'kept');
  }
}
