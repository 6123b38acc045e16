/**
 * The palette commands. Each works interactively (quick picks, input boxes, confirmations) and also with
 * arguments, without prompts, for keybindings, tasks, other extensions and tests. Bad arguments get a clear message.
 */
import * as vscode from 'vscode';
import { PROVIDER_KEY_SECRET, RUNTIME_TOKEN_SECRET, settings } from '../client/backendSettings';
import {
  parseCompareArgs,
  parseDays,
  parseNewSessionArgs,
  parseSessionRef,
  parseSessionRefs,
  type ArgResult,
  type CompareArgs,
} from '../core/commandArgs';
import { pickerModels, type ModelChoice } from '../core/modelChoice';
import { formatDateTime, relativeTime } from '../core/relativeTime';
import { sessionIdProblem, type SessionIdProblem } from '../core/sessionId';
import { displayTitle, type IndexEntry, type SessionIndex } from '../core/sessionIndex';
import { panelStrings, type SessionPanels } from '../panels/sessionPanel';
import type { SessionSearch } from '../sessions/sessionSearch';
import { toMarkdown } from '../core/transcript';
import { findCopilotCli } from '../client/copilotCli';
import { runComparison } from '../panels/comparePanel';
import { SessionError, type SessionRegistry } from '../sessions/sessionRegistry';
import type { SessionsTree } from '../views/sessionsTree';
import { describeAccount, type GitHubSignIn } from '../client/signIn';
import { clientStateLabel } from '../views/statusBar';
import { errorMessage, type SharedClient } from '../client/sharedClient';

export interface CommandContext {
  client: SharedClient;
  registry: SessionRegistry;
  index: SessionIndex;
  panels: SessionPanels;
  tree: SessionsTree;
  secrets: vscode.SecretStorage;
  log: vscode.LogOutputChannel;
  search: SessionSearch;
  signIn: GitHubSignIn;
  extensionUri: vscode.Uri;
  /** Catches up with sessions other windows created or deleted. */
  reconcile: () => Promise<void>;
}

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

/** A password box that stays open when focus moves away (keys are often pasted from another window). */
function askSecret(title: string, prompt: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true });
}

export class Commands {
  constructor(private readonly c: CommandContext) {}

  register(): vscode.Disposable[] {
    const commands: Record<string, (...args: unknown[]) => unknown> = {
      'copilotSessions.newSession': (arg) => this.newSession(arg),
      'copilotSessions.open': (arg) => this.open(arg),
      'copilotSessions.list': () => this.list(),
      'copilotSessions.rename': (arg, name) => this.rename(arg, name),
      'copilotSessions.stop': (arg) => this.stop(arg),
      'copilotSessions.copyId': (arg) => this.copyId(arg),
      'copilotSessions.delete': (arg, selection) => this.delete(arg, selection),
      'copilotSessions.deleteOlderThan': (arg) => this.deleteOlderThan(arg),
      'copilotSessions.removeMissing': (arg, selection) => this.removeMissing(arg, selection),
      'copilotSessions.refresh': () => this.refresh(),
      'copilotSessions.restartClient': () => this.restartClient(),
      'copilotSessions.setApiKey': (arg) => this.setApiKey(arg),
      'copilotSessions.clearApiKey': () => this.clearApiKey(),
      'copilotSessions.setRuntimeToken': (arg) => this.setRuntimeToken(arg),
      'copilotSessions.signIn': () => this.signIn(),
      'copilotSessions.showLog': () => this.c.log.show(),
      'copilotSessions.showStatus': () => this.showStatus(),
      'copilotSessions.pin': (arg) => this.setPinned(arg, true),
      'copilotSessions.unpin': (arg) => this.setPinned(arg, false),
      'copilotSessions.exportMarkdown': (arg, target) => this.exportSession(arg, target, 'markdown'),
      'copilotSessions.exportJson': (arg, target) => this.exportSession(arg, target, 'json'),
      'copilotSessions.copyAsMarkdown': (arg) => this.copyAsMarkdown(arg),
      'copilotSessions.continueInTerminal': (arg) => this.continueInTerminal(arg),
      'copilotSessions.import': (arg) => this.importSession(arg),
      'copilotSessions.search': (query) => this.search(query),
      'copilotSessions.compare': (arg) => this.compare(arg),
    };
    return Object.entries(commands).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await this.c.index.whenLoaded;
          return await handler(...args);
        } catch (error) {
          this.reportError(error);
          return undefined;
        }
      }),
    );
  }

  private reportError(error: unknown): void {
    const message = error instanceof SessionError ? error.message : errorMessage(error);
    this.c.log.error(message);
    if (error instanceof SessionError && error.reason === 'client') {
      const restart = vscode.l10n.t('Restart Client');
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window.showErrorMessage(vscode.l10n.t('Copilot is not available: {0}', message), restart, showLog).then((choice) => {
        if (choice === restart) void this.restartClient();
        if (choice === showLog) this.c.log.show();
      });
      return;
    }
    void vscode.window.showErrorMessage(message);
  }

  /** Unwraps parsed arguments; on bad input tells the user (and the caller) and returns undefined. */
  private args<T>(command: string, result: ArgResult<T>): { value: T } | undefined {
    if (result.ok) return { value: result.value };
    const message = vscode.l10n.t('{0}: invalid arguments ({1}). Nothing was changed.', command, result.reason);
    this.c.log.warn(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }

  async newSession(arg: unknown): Promise<string | undefined> {
    const parsed = this.args('New Session', parseNewSessionArgs(arg));
    if (!parsed) return undefined;
    const given = parsed.value;
    const model = given?.model ?? (await this.pickModel());
    if (!model) return undefined;
    let sessionId = given?.sessionId;
    if (given === undefined) {
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('New Session ({0})', model),
        prompt: vscode.l10n.t('Session ID (optional): letters, digits, ".", "_", "-". Leave empty for a generated one.'),
        placeHolder: vscode.l10n.t('e.g. user-123-chat'),
        validateInput: (value) => {
          if (!value) return undefined;
          const problem = sessionIdProblem(value);
          if (problem) return idProblemMessage(problem);
          return this.c.index.has(value) ? vscode.l10n.t('A session with the ID "{0}" already exists.', value) : undefined;
        },
      });
      if (typed === undefined) return undefined;
      sessionId = typed || undefined;
    }
    const live = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Creating Copilot session…') },
      () => this.c.registry.create({ model, sessionId }),
    );
    if (given?.open !== false) await this.c.panels.show(live.id);
    return live.id;
  }

  /** Nobody signed in: the sign-in flow opens first. False (the user was told why) when Copilot cannot be used. */
  private async signedIn(): Promise<boolean> {
    const refusal = await this.c.signIn.ensureSignedIn();
    if (refusal) void vscode.window.showErrorMessage(refusal);
    return !refusal;
  }

  /** The models of the signed-in account (or of the own endpoint); undefined (the user was told why) when none. */
  private async availableModels(): Promise<ModelChoice[] | undefined> {
    const models = await this.c.client.listModels();
    if (models.length > 0) return models;
    void vscode.window.showErrorMessage(
      settings().providerBaseUrl
        ? vscode.l10n.t('No models to choose from: set "copilotSessions.provider.models" to the models your endpoint serves.')
        : vscode.l10n.t('Copilot lists no models for your account.'),
    );
    return undefined;
  }

  private async pickModel(): Promise<string | undefined> {
    if (!(await this.signedIn())) return undefined;
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
    pick.title = vscode.l10n.t('New Session: choose a model');
    pick.placeholder = vscode.l10n.t('Model for the new session');
    pick.busy = true;
    pick.show();
    try {
      const models = await this.availableModels();
      if (!models) return undefined;
      pick.items = pickerModels(models, settings().defaultModel).map((m) => ({
        id: m.id,
        label: m.name,
        description: [m.name !== m.id ? m.id : '', m.isDefault ? vscode.l10n.t('default') : ''].filter(Boolean).join(' · ') || undefined,
      }));
      pick.busy = false;
      return await new Promise<string | undefined>((resolve) => {
        pick.onDidAccept(() => resolve(pick.selectedItems[0]?.id));
        pick.onDidHide(() => resolve(undefined));
      });
    } finally {
      pick.dispose();
    }
  }

  private async pickSession(title: string): Promise<string | undefined> {
    const entries = this.c.index.list();
    if (entries.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There are no sessions in this workspace yet.'));
      return undefined;
    }
    const locale = vscode.env.language;
    const now = Date.now();
    const picked = await vscode.window.showQuickPick(
      entries.map((entry) => ({
        label: `${entry.pinned ? '$(pinned) ' : ''}${displayTitle(entry)}`,
        description: `${entry.model} · ${relativeTime(entry.lastActive, now, locale)}`,
        detail: this.c.registry.isMissing(entry.id) ? `${entry.id} · ${vscode.l10n.t('missing')}` : entry.id,
        id: entry.id,
      })),
      { title, placeHolder: vscode.l10n.t('Type to filter sessions by title, model or ID'), matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.id;
  }

  /** Resolves a session argument to an id in the index, asking when there is none. */
  private async sessionFrom(arg: unknown, command: string, title: string): Promise<string | undefined> {
    const parsed = this.args(command, parseSessionRef(arg));
    if (!parsed) return undefined;
    const id = parsed.value ?? (await this.pickSession(title));
    if (id && !this.c.index.has(id)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no session "{0}" in this workspace.', id));
      return undefined;
    }
    return id;
  }

  async open(arg: unknown): Promise<boolean> {
    const id = await this.sessionFrom(arg, 'Open Session', vscode.l10n.t('Open Session'));
    if (!id) return false;
    await this.c.panels.show(id);
    return true;
  }

  async list(): Promise<IndexEntry[]> {
    const id = await this.pickSession(vscode.l10n.t('Sessions of this workspace'));
    if (id) await this.c.panels.show(id);
    return [...this.c.index.list()];
  }

  async rename(arg: unknown, nameArg: unknown): Promise<boolean> {
    const id = await this.sessionFrom(arg, 'Rename Session', vscode.l10n.t('Rename Session'));
    if (!id) return false;
    const entry = this.c.index.get(id);
    let name = typeof nameArg === 'string' ? nameArg : undefined;
    if (nameArg !== undefined && name === undefined) {
      this.args('Rename Session', { ok: false, reason: 'the name must be a string' });
      return false;
    }
    name ??= await vscode.window.showInputBox({
      title: vscode.l10n.t('Rename Session'),
      value: entry ? displayTitle(entry) : id,
      validateInput: (value) =>
        value.trim()
          ? value.trim().length > 100
            ? vscode.l10n.t('At most 100 characters.')
            : undefined
          : vscode.l10n.t('The name cannot be empty.'),
    });
    if (!name?.trim() || name.trim().length > 100) return false;
    const clean = name.trim();
    await this.c.index.patch(id, { title: clean });
    try {
      const live = await this.c.registry.open(id);
      await live.rename(clean);
    } catch (error) {
      this.c.log.warn(`Rename of ${id} kept in the list only: ${errorMessage(error)}`);
    }
    return true;
  }

  /** Stops the running turn of a session (the panel's Stop button does the same). */
  async stop(arg: unknown): Promise<boolean> {
    const parsed = this.args('Stop', parseSessionRef(arg));
    if (!parsed) return false;
    const busy = this.c.registry.liveSessions().filter((s) => s.busy);
    const id = parsed.value ?? (busy.length === 1 ? busy[0].id : await this.pickSession(vscode.l10n.t('Stop')));
    const live = id ? this.c.registry.get(id) : undefined;
    if (!live?.busy) return false;
    await live.abort();
    return true;
  }

  async copyId(arg: unknown): Promise<string | undefined> {
    const id = await this.sessionFrom(arg, 'Copy Session ID', vscode.l10n.t('Copy Session ID'));
    if (!id) return undefined;
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied session ID {0}', id), 3000);
    return id;
  }

  /** With a string id (or ids) from code it deletes without asking; from the UI it confirms first. */
  async delete(arg: unknown, selection: unknown): Promise<string[]> {
    const parsed = this.args('Delete Session', parseSessionRefs(arg, selection));
    if (!parsed) return [];
    const fromCode = typeof arg === 'string' || (Array.isArray(arg) && arg.every((a) => typeof a === 'string'));
    let ids = parsed.value;
    if (!ids) {
      const id = await this.pickSession(vscode.l10n.t('Delete Session'));
      ids = id ? [id] : [];
    }
    const unknown = ids.filter((id) => !this.c.index.has(id));
    if (unknown.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no session "{0}" in this workspace.', unknown.join('", "')));
      return [];
    }
    if (ids.length === 0) return [];
    if (!fromCode && !(await this.confirmDelete(ids))) return [];
    return this.deleteNow(ids);
  }

  private async confirmDelete(ids: string[]): Promise<boolean> {
    const del = vscode.l10n.t('Delete');
    const names = ids.map((id) => {
      const entry = this.c.index.get(id);
      return entry ? displayTitle(entry) : id;
    });
    const message =
      ids.length === 1
        ? vscode.l10n.t('Delete the session "{0}"? Its history is removed from disk.', names[0])
        : vscode.l10n.t('Delete {0} sessions? Their history is removed from disk.', ids.length);
    const detail = ids.length > 1 ? names.slice(0, 20).join('\n') + (ids.length > 20 ? '\n…' : '') : undefined;
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, del)) === del;
  }

  private async deleteNow(ids: string[]): Promise<string[]> {
    for (const id of ids) this.c.panels.close(id);
    const failures = await this.c.registry.delete(ids);
    for (const failure of failures) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete "{0}": {1}', failure.id, failure.message));
    }
    return ids.filter((id) => !failures.some((f) => f.id === id));
  }

  async deleteOlderThan(arg: unknown): Promise<string[]> {
    const parsed = this.args('Delete Sessions Older Than', parseDays(arg));
    if (!parsed) return [];
    const days = parsed.value ?? (await this.pickDays());
    if (days === undefined) return [];
    const old = this.c.index.olderThan(Date.now() - days * 24 * 3600_000);
    if (parsed.value !== undefined) return this.deleteNow(old.map((e) => e.id));
    if (old.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No session was last active more than {0} days ago.', days));
      return [];
    }
    const locale = vscode.env.language;
    const preview = await vscode.window.showQuickPick(
      old.map((entry) => ({
        label: displayTitle(entry),
        description: `${entry.model} · ${formatDateTime(entry.lastActive, locale)}`,
        id: entry.id,
        picked: true,
      })),
      {
        title: vscode.l10n.t('Delete {0} sessions last active more than {1} days ago', old.length, days),
        canPickMany: true,
        placeHolder: vscode.l10n.t('Uncheck the sessions to keep, then press Enter'),
      },
    );
    if (!preview || preview.length === 0) return [];
    const ids = preview.map((p) => p.id);
    if (!(await this.confirmDelete(ids))) return [];
    return this.deleteNow(ids);
  }

  private async pickDays(): Promise<number | undefined> {
    const options = [1, 7, 30, 90].map((d) => ({ label: vscode.l10n.t('{0} days', d), days: d }));
    const custom = { label: vscode.l10n.t('Other…'), days: -1 };
    const picked = await vscode.window.showQuickPick([...options, custom], {
      title: vscode.l10n.t('Delete sessions last active more than…'),
    });
    if (!picked) return undefined;
    if (picked.days >= 0) return picked.days;
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Number of days'),
      validateInput: (v) => (/^\d{1,5}$/.test(v.trim()) ? undefined : vscode.l10n.t('Type a whole number of days.')),
    });
    return typed === undefined ? undefined : Number(typed.trim());
  }

  async removeMissing(arg: unknown, selection: unknown): Promise<string[]> {
    const parsed = this.args('Remove Missing Session', parseSessionRefs(arg, selection));
    if (!parsed) return [];
    const ids = (parsed.value ?? [...this.c.index.list()].map((e) => e.id)).filter((id) => this.c.registry.isMissing(id));
    for (const id of ids) this.c.panels.close(id);
    await this.c.registry.removeFromIndex(ids);
    return ids;
  }

  async refresh(): Promise<void> {
    this.c.tree.refresh();
    await this.c.reconcile();
    await this.c.registry.refreshMissing();
    this.c.tree.setOutside(await this.c.registry.listOutside());
  }

  async setPinned(arg: unknown, pinned: boolean): Promise<boolean> {
    const id = await this.sessionFrom(
      arg,
      pinned ? 'Pin Session' : 'Unpin Session',
      pinned ? vscode.l10n.t('Pin Session') : vscode.l10n.t('Unpin Session'),
    );
    if (!id) return false;
    await this.c.index.patch(id, { pinned });
    return true;
  }

  private async markdownOf(id: string): Promise<string> {
    const entry = this.c.index.get(id);
    const live = await this.c.registry.open(id);
    const strings = panelStrings();
    return toMarkdown(
      {
        title: entry ? displayTitle(entry) : id,
        sessionId: id,
        model: entry?.model ?? live.model,
        created: entry?.created ?? Date.now(),
        lastActive: entry?.lastActive ?? Date.now(),
        locale: vscode.env.language,
        labels: {
          you: strings.you,
          assistant: strings.assistant,
          tool: strings.tool,
          error: strings.error,
          model: vscode.l10n.t('Model'),
          created: vscode.l10n.t('Created'),
          lastActive: vscode.l10n.t('Last active'),
          id: vscode.l10n.t('ID'),
        },
      },
      live.history,
    );
  }

  /** Markdown transcript or JSON events, to a file chosen in a save dialog (or the path given). Returns the file. */
  async exportSession(arg: unknown, target: unknown, format: 'markdown' | 'json'): Promise<string | undefined> {
    const id = await this.sessionFrom(arg, 'Export Session', vscode.l10n.t('Export Session'));
    if (!id) return undefined;
    if (target !== undefined && typeof target !== 'string' && !(target instanceof vscode.Uri)) {
      this.args('Export Session', { ok: false, reason: 'the target must be a file path or URI' });
      return undefined;
    }
    const extension = format === 'markdown' ? 'md' : 'json';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      typeof target === 'string'
        ? vscode.Uri.file(target)
        : (target ??
          (await vscode.window.showSaveDialog({
            defaultUri: folder ? vscode.Uri.joinPath(folder, `${id}.${extension}`) : undefined,
            filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
            title: vscode.l10n.t('Export Session'),
          })));
    if (!uri) return undefined;
    const content = format === 'markdown' ? await this.markdownOf(id) : JSON.stringify(await this.c.registry.events(id), null, 2);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    if (target === undefined) {
      const open = vscode.l10n.t('Open');
      void vscode.window.showInformationMessage(vscode.l10n.t('Exported to {0}', uri.fsPath), open).then((choice) => {
        if (choice === open) void vscode.window.showTextDocument(uri);
      });
    }
    return uri.fsPath;
  }

  async copyAsMarkdown(arg: unknown): Promise<boolean> {
    const id = await this.sessionFrom(arg, 'Copy as Markdown', vscode.l10n.t('Copy as Markdown'));
    if (!id) return false;
    await vscode.env.clipboard.writeText(await this.markdownOf(id));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the session as Markdown'), 3000);
    return true;
  }

  /** Opens an integrated terminal running the Copilot CLI on the same session (they share the session store). */
  async continueInTerminal(arg: unknown): Promise<vscode.Terminal | undefined> {
    const id = await this.sessionFrom(arg, 'Continue in Terminal', vscode.l10n.t('Continue in Terminal'));
    if (!id) return undefined;
    const cli = await findCopilotCli(settings().runtimePath);
    if (!cli) {
      const learn = vscode.l10n.t('How to Install');
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t(
            'The Copilot CLI is not installed, so this session cannot continue in a terminal. Install it (npm install -g @github/copilot) or set "copilotSessions.runtimePath" to it.',
          ),
          learn,
        )
        .then((choice) => {
          if (choice === learn)
            void vscode.env.openExternal(vscode.Uri.parse('https://docs.github.com/copilot/how-tos/set-up/install-copilot-cli'));
        });
      return undefined;
    }
    // The panel lets go of the session first: one live session per id, or its events would double.
    this.c.panels.close(id);
    await this.c.registry.close(id);
    const entry = this.c.index.get(id);
    const terminal = vscode.window.createTerminal({
      name: `Copilot: ${entry ? displayTitle(entry) : id}`,
      shellPath: cli,
      shellArgs: ['--resume', id],
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri,
      iconPath: new vscode.ThemeIcon('comment-discussion'),
    });
    terminal.show();
    return terminal;
  }

  async importSession(arg: unknown): Promise<string | undefined> {
    const parsed = this.args('Import Session', parseSessionRef(arg));
    if (!parsed) return undefined;
    let id = parsed.value;
    if (!id) {
      const outside = await this.c.registry.listOutside();
      if (outside.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The session store has no other sessions for this folder.'));
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        outside.map((s) => ({
          label: s.summary?.trim() || s.sessionId,
          description: relativeTime(s.modified, Date.now(), vscode.env.language),
          detail: s.sessionId,
          id: s.sessionId,
        })),
        { title: vscode.l10n.t('Import a session of this folder') },
      );
      id = picked?.id;
    }
    if (!id) return undefined;
    await this.c.registry.import(id);
    this.c.tree.setOutside(await this.c.registry.listOutside());
    return id;
  }

  /** One prompt to two to four models at once, side by side; returns the new sessions' ids. */
  async compare(arg: unknown): Promise<string[] | undefined> {
    const parsed = this.args('Compare Models', parseCompareArgs(arg));
    if (!parsed) return undefined;
    const chosen = parsed.value ?? (await this.askComparison());
    if (!chosen) return undefined;
    const deps = { extensionUri: this.c.extensionUri, registry: this.c.registry, panels: this.c.panels, log: this.c.log };
    return (await runComparison(deps, chosen.models, chosen.prompt)).sessionIds;
  }

  private async askComparison(): Promise<CompareArgs | undefined> {
    if (!(await this.signedIn())) return undefined;
    const available = await this.availableModels();
    if (!available) return undefined;
    const picked = await vscode.window.showQuickPick(
      available.map((m) => ({ label: m.id, description: m.name !== m.id ? m.name : undefined })),
      { title: vscode.l10n.t('Compare Models: choose two to four models'), canPickMany: true },
    );
    if (!picked) return undefined;
    if (picked.length < 2 || picked.length > 4) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Choose two to four models to compare (you chose {0}).', picked.length));
      return undefined;
    }
    const models = picked.map((p) => p.label);
    const prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('Compare Models: {0}', models.join(', ')),
      prompt: vscode.l10n.t('The prompt every model gets'),
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type a message first: empty prompts are not sent.')),
    });
    return prompt?.trim() ? { models, prompt } : undefined;
  }

  /** Full-text search over every session's title and messages; choosing a result opens the panel at it. */
  async search(query: unknown): Promise<Array<{ sessionId: string; itemId?: string; snippet: string }> | undefined> {
    if (query !== undefined && typeof query !== 'string') {
      this.args('Search Sessions', { ok: false, reason: 'the query must be a string' });
      return undefined;
    }
    if (typeof query === 'string') return this.c.search.search(query);
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { sessionId?: string; itemId?: string }>();
    pick.title = vscode.l10n.t('Search Sessions');
    pick.placeholder = vscode.l10n.t('Search the titles and messages of every session in this workspace');
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    let generation = 0;
    pick.onDidChangeValue(async (value) => {
      const mine = ++generation;
      pick.busy = true;
      const hits = value.trim() ? await this.c.search.search(value) : [];
      if (mine !== generation) return;
      const locale = vscode.env.language;
      pick.items = hits.map((hit) => {
        const entry = this.c.index.get(hit.sessionId);
        return {
          label: entry ? displayTitle(entry) : hit.sessionId,
          description: hit.timestamp ? formatDateTime(Date.parse(hit.timestamp), locale) : entry?.model,
          detail: hit.snippet,
          sessionId: hit.sessionId,
          itemId: hit.itemId,
          // Every result already matches; keep VS Code's own filter from hiding snippets that fuzzy-match poorly.
          alwaysShow: true,
        };
      });
      pick.busy = false;
    });
    const chosen = await new Promise<(vscode.QuickPickItem & { sessionId?: string; itemId?: string }) | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (chosen?.sessionId) await this.c.panels.show(chosen.sessionId, { revealItem: chosen.itemId });
    return undefined;
  }

  async restartClient(): Promise<void> {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Restarting the Copilot client…') },
      () => this.c.client.restart(),
    );
  }

  async setApiKey(arg: unknown): Promise<boolean> {
    if (arg !== undefined && (typeof arg !== 'string' || !arg.trim())) {
      this.args('Set Provider API Key', { ok: false, reason: 'the key must be a non-empty string' });
      return false;
    }
    const key =
      arg ??
      (await askSecret(
        vscode.l10n.t('Provider API Key'),
        vscode.l10n.t('Kept in VS Code secret storage; used with the endpoint in "copilotSessions.provider.baseUrl".'),
      ));
    if (!key?.trim()) return false;
    await this.c.secrets.store(PROVIDER_KEY_SECRET, key.trim());
    this.c.log.info('Provider API key stored in secret storage.');
    await this.c.client.restart();
    return true;
  }

  /** The connection token of the runtime server in "copilotSessions.runtimeUrl", kept in secret storage. */
  async setRuntimeToken(arg: unknown): Promise<boolean> {
    if (arg !== undefined && typeof arg !== 'string') {
      this.args('Set Runtime Connection Token', { ok: false, reason: 'the token must be a string' });
      return false;
    }
    const token =
      arg ??
      (await askSecret(
        vscode.l10n.t('Runtime Connection Token'),
        vscode.l10n.t('The token of the Copilot runtime server in "copilotSessions.runtimeUrl". Empty removes it.'),
      ));
    if (token === undefined) return false;
    if (token.trim()) await this.c.secrets.store(RUNTIME_TOKEN_SECRET, token.trim());
    else await this.c.secrets.delete(RUNTIME_TOKEN_SECRET);
    this.c.log.info('Runtime connection token updated in secret storage.');
    await this.c.client.restart().catch(() => undefined);
    return true;
  }

  async clearApiKey(): Promise<void> {
    await this.c.secrets.delete(PROVIDER_KEY_SECRET);
    this.c.log.info('Provider API key removed from secret storage.');
    await this.c.client.restart();
  }

  async signIn(): Promise<boolean> {
    return this.c.signIn.signIn();
  }

  async showStatus(): Promise<void> {
    const state = this.c.client.state;
    const actions: Array<vscode.QuickPickItem & { run: () => unknown }> = [];
    if (state.kind === 'notSignedIn') actions.push({ label: `$(account) ${vscode.l10n.t('Sign In to GitHub')}`, run: () => this.signIn() });
    actions.push(
      { label: `$(add) ${vscode.l10n.t('New Session')}`, run: () => this.newSession(undefined) },
      { label: `$(debug-restart) ${vscode.l10n.t('Restart Client')}`, run: () => this.restartClient() },
      { label: `$(output) ${vscode.l10n.t('Show Log')}`, run: () => this.c.log.show() },
      { label: `$(key) ${vscode.l10n.t('Set Provider API Key')}`, run: () => this.setApiKey(undefined) },
    );
    const about = state.kind === 'error' ? state.message : describeAccount(state);
    const detail = about ? ` — ${about}` : '';
    const picked = await vscode.window.showQuickPick(actions, {
      title: `${vscode.l10n.t('Copilot Sessions')}: ${clientStateLabel(state)}${detail}`,
    });
    await picked?.run();
  }
}
