/** The registry's words for the user, in their language (the registry itself has no `vscode` import). */
import * as vscode from 'vscode';
import type { SessionIdProblem } from '../core/sessionId';
import type { RegistryOptions } from './sessionRegistry';

export function idProblemMessage(problem: SessionIdProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('The session ID is empty.');
    case 'tooLong':
      return vscode.l10n.t('A session ID has at most 128 characters.');
    case 'leadingDot':
      return vscode.l10n.t('A session ID cannot start with a dot.');
    case 'invalidCharacters':
      return vscode.l10n.t('A session ID may contain only letters, digits, ".", "_" and "-" (no spaces or slashes).');
  }
}

export function registryTexts(): RegistryOptions['texts'] {
  return {
    stalled: (seconds) =>
      vscode.l10n.t(
        'No reply from the model for {0} seconds, so the turn was stopped. Your prompt is kept: send it again to retry.',
        seconds,
      ),
    stopped: vscode.l10n.t('Stopped'),
    runtimeGone: vscode.l10n.t('The Copilot runtime stopped during this turn. It restarts by itself: send again to retry.'),
    missing: (id) => vscode.l10n.t('The session "{0}" is no longer in the session store on disk. Remove it from the list.', id),
    unreadable: (id) =>
      vscode.l10n.t(
        'The history of the session "{0}" could not be read: its file in the session store is damaged. Nothing was written to it.',
        id,
      ),
    duplicate: (id) =>
      vscode.l10n.t('A session with the ID "{0}" already exists. Choose another ID; the existing session was not changed.', id),
    invalidId: idProblemMessage,
  };
}
