/**
 * Undo of a turn's file changes, the way the user goes through it: a preview of what happens to each file, then the
 * restore from the turn's own snapshot. A file changed since the turn (on disk, or unsaved in an editor) is never
 * overwritten without asking.
 */
import { readFileSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { planUndo, type UndoStep } from '../core/fileChanges';
import type { FileChanges } from './fileChanges';

function readOrNull(file: string): Uint8Array | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/**
 * Undo of one turn: a preview of what happens to each file, then the restore. A file changed since the turn is
 * asked about one by one (Overwrite or Skip); a dirty editor counts as changed.
 */
export async function undoTurn(changes: FileChanges, sessionId: string, turnId: string): Promise<void> {
  await changes.flushed();
  const snapshots = changes.pendingSnapshots(sessionId, turnId);
  if (!snapshots) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is nothing to undo for this turn.'));
    return;
  }
  const steps: UndoStep[] = [];
  for (const snapshot of snapshots) {
    const file = snapshot.path;
    const dirty = vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === file && d.isDirty);
    const step = planUndo(snapshot, readOrNull(file));
    steps.push(dirty && step.action !== 'unavailable' ? { path: file, action: 'conflict', content: snapshot.before ?? null } : step);
  }
  const name = (file: string) => vscode.workspace.asRelativePath(vscode.Uri.file(file));
  const line = (step: UndoStep): string => {
    switch (step.action) {
      case 'restore':
        return vscode.l10n.t('{0}: restored to how it was before the turn', name(step.path));
      case 'delete':
        return vscode.l10n.t('{0}: deleted (the turn created it)', name(step.path));
      case 'none':
        return vscode.l10n.t('{0}: already as before the turn', name(step.path));
      case 'conflict':
        return vscode.l10n.t('{0}: changed since the turn, you will be asked', name(step.path));
      case 'unavailable':
        return vscode.l10n.t('{0}: not kept (too large), left as it is', name(step.path));
    }
  };
  const confirm = vscode.l10n.t('Undo Changes');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Undo the changes of this turn?'),
    { modal: true, detail: steps.map(line).join('\n') },
    confirm,
  );
  if (choice !== confirm) return;
  const skipped: string[] = [];
  let written = 0;
  for (const step of steps) {
    let action: UndoStep = step;
    if (step.action === 'conflict') {
      const overwrite = vscode.l10n.t('Overwrite');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          '"{0}" changed since this turn. Put back its content from before the turn? Your changes to it will be lost.',
          name(step.path),
        ),
        { modal: true },
        overwrite,
      );
      if (answer !== overwrite) {
        skipped.push(name(step.path));
        continue;
      }
      action =
        step.content === null ? { path: step.path, action: 'delete' } : { path: step.path, action: 'restore', content: step.content };
    }
    if (action.action === 'restore') await writeFile(action.path, action.content);
    if (action.action === 'delete') await unlink(action.path).catch(() => undefined);
    if (action.action === 'restore' || action.action === 'delete') written++;
  }
  // Every file skipped: nothing happened, and the list stays for a later Undo or Keep.
  if (skipped.length && written === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Nothing was undone: {0} changed since the turn and stayed as it is.', skipped.join(', ')),
    );
    return;
  }
  await changes.settle(sessionId, turnId, 'undone');
  if (skipped.length)
    void vscode.window.showInformationMessage(vscode.l10n.t('Undone, except: {0} (left as you changed it).', skipped.join(', ')));
}
