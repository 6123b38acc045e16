/** The sessions' words for the user, in their language (the registry itself has no `vscode` import). */
import type { ControlTexts } from './sessionControls';
import * as vscode from 'vscode';
import type { SessionIdProblem } from '../core/sessionId';
import type { IndexEntry } from '../core/sessionIndex';

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

/** The registry's words for the user, made here in their language (the registry only passes them on). */
export interface RegistryTexts {
  stalled: (seconds: number) => string;
  stopped: string;
  removedFromQueue: string;
  queueKept: string;
  runtimeGone: string;
  runtimeGoneWhileOpening: string;
  missing: (id: string) => string;
  unreadable: (id: string) => string;
  duplicate: (id: string) => string;
  invalidId: (problem: SessionIdProblem) => string;
  nothingToFork: (id: string) => string;
  noSuchMessage: (id: string) => string;
  forkName: (title: string) => string;
}

export function registryTexts(): RegistryTexts {
  return {
    stalled: (seconds) =>
      vscode.l10n.t(
        'No reply from the model for {0} seconds, so the turn was stopped. Your prompt is kept: send it again to retry.',
        seconds,
      ),
    stopped: vscode.l10n.t('Stopped'),
    removedFromQueue: vscode.l10n.t('The prompt was taken out of the queue before it was sent.'),
    queueKept: vscode.l10n.t(
      'The session was closed before this queued prompt ran: it waits in the queue for when the session is opened again.',
    ),
    runtimeGone: vscode.l10n.t('The Copilot runtime stopped during this turn. It restarts by itself: send again to retry.'),
    runtimeGoneWhileOpening: vscode.l10n.t(
      'The Copilot runtime stopped while this session was opening. The session opens once the runtime is back.',
    ),
    missing: (id) => vscode.l10n.t('The session "{0}" is no longer in the session store on disk. Remove it from the list.', id),
    unreadable: (id) =>
      vscode.l10n.t(
        'The history of the session "{0}" could not be read: its file in the session store is damaged. Nothing was written to it.',
        id,
      ),
    duplicate: (id) =>
      vscode.l10n.t('A session with the ID "{0}" already exists. Choose another ID; the existing session was not changed.', id),
    invalidId: idProblemMessage,
    nothingToFork: (id) => vscode.l10n.t('The session "{0}" has no messages yet, so there is nothing to fork.', id),
    noSuchMessage: (id) => vscode.l10n.t('The session "{0}" has no such message to fork from.', id),
    forkName: (title) => vscode.l10n.t('{0} (fork)', title),
  };
}

/** What to tell the user when this workspace's session list could not be saved. */
export function indexWriteFailedMessage(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return vscode.l10n.t(
    "Could not save this workspace's session list ({0}). That change was not made; free some disk space or check the folder's permissions, then try again.",
    reason,
  );
}

/** For changes made in the background (a title, the time of a turn): said at most once a minute, always logged. */
export function indexWriteFailureNotifier(log: vscode.LogOutputChannel): (error: unknown) => void {
  let lastShown = 0;
  return (error) => {
    const message = indexWriteFailedMessage(error);
    log.error(message);
    if (Date.now() - lastShown < 60_000) return;
    lastShown = Date.now();
    void vscode.window.showWarningMessage(message);
  };
}

/** A session's name for people: its title, else "New session" until its first message, else its id. */
export function sessionLabel(entry: Pick<IndexEntry, 'id' | 'title' | 'empty'>): string {
  return entry.title?.trim() || (entry.empty ? vscode.l10n.t('New session') : entry.id);
}

/** "1 premium request" / "2.5 premium requests": cost in the unit Copilot bills. */
export function premiumRequests(cost: number, locale: string): string {
  const amount = cost.toLocaleString(locale, { maximumFractionDigits: 2 });
  return cost === 1 ? vscode.l10n.t('1 premium request') : vscode.l10n.t('{0} premium requests', amount);
}

export function controlTexts(): ControlTexts {
  return {
    busy: (id) => vscode.l10n.t('The session "{0}" is still replying. Wait for the reply or press Stop, then try again.', id),
    archived: (id) => vscode.l10n.t('The session "{0}" is archived, so it is read-only. Unarchive it to change it.', id),
    noSuchTurn: (id) => vscode.l10n.t('The session "{0}" has no such message of yours to go back to.', id),
    nothingToCompact: (id) => vscode.l10n.t('The session "{0}" has no history to compact yet.', id),
    failed: (what, reason) =>
      what === 'rewind'
        ? vscode.l10n.t('The session could not be restored to that message: {0}. Nothing was changed.', reason)
        : vscode.l10n.t('The history could not be compacted: {0}.', reason),
  };
}
