/**
 * Registers every palette command. Each works interactively (quick picks, input boxes, confirmations) and also with
 * arguments, without prompts, for keybindings, tasks, other extensions and tests. Bad arguments get a clear message;
 * a failure is reported once, here, whichever command it came from.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../client/sharedClient';
import { IndexWriteError } from '../core/sessionIndex';
import { indexWriteFailedMessage } from '../sessions/registryTexts';
import { SessionError } from '../sessions/sessionRegistry';
import { ClientCommands } from './clientCommands';
import { ContextCommands } from './contextCommands';
import type { CommandContext, CommandTable } from './commandUi';
import { DeleteCommands } from './deleteCommands';
import { ExportCommands } from './exportCommands';
import { LifecycleCommands } from './lifecycleCommands';
import { SessionCommands } from './sessionCommands';

/**
 * Commands that act on a session take it from a row of the view; the others (New Session, Search, Compare, Delete
 * Older Than, …) ignore the row VS Code passes when they run from the view's title bar with a row selected.
 */
const SESSION_COMMANDS = new Set([
  'copilotSessions.open',
  'copilotSessions.openToSide',
  'copilotSessions.rename',
  'copilotSessions.stop',
  'copilotSessions.copyId',
  'copilotSessions.pin',
  'copilotSessions.unpin',
  'copilotSessions.archive',
  'copilotSessions.fork',
  'copilotSessions.unarchive',
  'copilotSessions.delete',
  'copilotSessions.removeMissing',
  'copilotSessions.restore',
  'copilotSessions.deletePermanently',
  'copilotSessions.exportMarkdown',
  'copilotSessions.exportJson',
  'copilotSessions.copyAsMarkdown',
  'copilotSessions.continueInTerminal',
  'copilotSessions.changeModel',
  'copilotSessions.rewind',
  'copilotSessions.compact',
]);
/** Import takes only a row of the store's sessions outside the list. */
const OUTSIDE_COMMANDS = new Set(['copilotSessions.import']);

export function registerCommands(c: CommandContext): vscode.Disposable[] {
  const table: CommandTable = {
    ...new SessionCommands(c).commands(),
    ...new DeleteCommands(c).commands(),
    ...new ExportCommands(c).commands(),
    ...new ClientCommands(c).commands(),
    ...new LifecycleCommands(c).commands(),
    ...new ContextCommands(c).commands(),
  };
  /** A row of the view becomes `{ sessionId }` for a command that takes it, and no argument for the rest. */
  const fromRow = (command: string, value: unknown): unknown => {
    if (Array.isArray(value) && value.some((v) => c.tree.isNode(v)))
      return value.map((v) => fromRow(command, v)).filter((v) => v !== undefined);
    if (!c.tree.isNode(value)) return value;
    const session = c.tree.sessionOf(value);
    if (!session) return undefined;
    if (SESSION_COMMANDS.has(command) && !session.outside) return { sessionId: session.sessionId };
    if (OUTSIDE_COMMANDS.has(command) && session.outside) return { sessionId: session.sessionId };
    return undefined;
  };
  // F2 and Delete in the view: VS Code passes a keybinding's command no row, so these read the selection.
  const selectedSessions = () =>
    c.view
      .selection()
      .map((node) => c.tree.sessionOf(node))
      .filter((s): s is { sessionId: string; outside: boolean } => !!s && !s.outside)
      .map((s) => ({ sessionId: s.sessionId }));
  table['copilotSessions.renameSelected'] = () => {
    const [first] = selectedSessions();
    return first ? table['copilotSessions.rename'](first) : undefined;
  };
  table['copilotSessions.deleteSelected'] = () => {
    const selected = selectedSessions();
    return selected.length ? table['copilotSessions.delete'](selected[0], selected) : undefined;
  };
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...raw: unknown[]) => {
      const fromMenu = raw.length > 0 && (c.tree.isNode(raw[0]) || raw[0] instanceof vscode.Uri);
      const args = fromMenu ? trimTrailingUndefined(raw.map((value) => fromRow(id, value))) : raw;
      try {
        await c.index.whenLoaded;
        return await handler(...args);
      } catch (error) {
        const message = reportError(c.log, error);
        // Code that called with arguments (another extension, a task, a test) learns of the failure; a refusal of bad
        // input is not a failure: it resolves with the command's "nothing done" value. From the palette or a menu,
        // the message above is all: VS Code would show a second one for a rejected command.
        if (!fromMenu && raw.length > 0 && !isRefusal(error)) throw new Error(message, { cause: error });
        return undefined;
      }
    }),
  );
}

/** Bad input the registry turned down (an invalid or taken id, no model): refused, nothing was done. */
function isRefusal(error: unknown): boolean {
  return error instanceof SessionError && (error.reason === 'invalidId' || error.reason === 'duplicate' || error.reason === 'noModel');
}

function trimTrailingUndefined(values: unknown[]): unknown[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === undefined) end--;
  return values.slice(0, end);
}

/** Shows the failure to the user once, with what to do; returns the words shown. */
function reportError(log: vscode.LogOutputChannel, error: unknown): string {
  const message =
    error instanceof SessionError ? error.message : error instanceof IndexWriteError ? indexWriteFailedMessage(error) : errorMessage(error);
  log.error(message);
  if (error instanceof SessionError && error.reason === 'client') {
    const restart = vscode.l10n.t('Restart Client');
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(vscode.l10n.t('Copilot is not available: {0}', message), restart, showLog).then((choice) => {
      if (choice === restart) void vscode.commands.executeCommand('copilotSessions.restartClient');
      if (choice === showLog) log.show();
    });
    return message;
  }
  void vscode.window.showErrorMessage(message);
  return message;
}
