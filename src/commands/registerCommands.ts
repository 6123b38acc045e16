/**
 * Registers every palette command. Each works interactively (quick picks, input boxes, confirmations) and also with
 * arguments, without prompts, for keybindings, tasks, other extensions and tests. Bad arguments get a clear message;
 * a failure is reported once, here, whichever command it came from.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../client/sharedClient';
import { SessionError } from '../sessions/sessionRegistry';
import { ClientCommands } from './clientCommands';
import type { CommandContext, CommandTable } from './commandUi';
import { DeleteCommands } from './deleteCommands';
import { ExportCommands } from './exportCommands';
import { SessionCommands } from './sessionCommands';

export function registerCommands(c: CommandContext): vscode.Disposable[] {
  const table: CommandTable = {
    ...new SessionCommands(c).commands(),
    ...new DeleteCommands(c).commands(),
    ...new ExportCommands(c).commands(),
    ...new ClientCommands(c).commands(),
  };
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await c.index.whenLoaded;
        return await handler(...args);
      } catch (error) {
        reportError(c.log, error);
        return undefined;
      }
    }),
  );
}

function reportError(log: vscode.LogOutputChannel, error: unknown): void {
  const message = error instanceof SessionError ? error.message : errorMessage(error);
  log.error(message);
  if (error instanceof SessionError && error.reason === 'client') {
    const restart = vscode.l10n.t('Restart Client');
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(vscode.l10n.t('Copilot is not available: {0}', message), restart, showLog).then((choice) => {
      if (choice === restart) void vscode.commands.executeCommand('copilotSessions.restartClient');
      if (choice === showLog) log.show();
    });
    return;
  }
  void vscode.window.showErrorMessage(message);
}
