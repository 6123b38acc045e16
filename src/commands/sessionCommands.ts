/** Creating, opening, naming and finding sessions: New Session, Open, List, Rename, Stop, Pin, Import, Search, Compare. */
import * as vscode from 'vscode';
import { errorMessage } from '../client/sharedClient';
import { parseCompareArgs, parseNewSessionArgs, parseSessionRef, type CompareArgs } from '../core/commandArgs';
import { formatDateTime, relativeTime } from '../core/relativeTime';
import { sessionIdProblem } from '../core/sessionId';
import { displayTitle, type IndexEntry } from '../core/sessionIndex';
import { runComparison } from '../panels/comparePanel';
import { idProblemMessage } from '../sessions/registryTexts';
import { sessionLabel } from '../sessions/registryTexts';
import { VIEW_ID } from '../views/sessionsTree';
import { CommandUi, type CommandContext, type CommandTable } from './commandUi';
import { availableModels, pickModel } from './modelPicker';

export class SessionCommands {
  private readonly ui: CommandUi;

  constructor(private readonly c: CommandContext) {
    this.ui = new CommandUi(c);
  }

  commands(): CommandTable {
    return {
      'copilotSessions.newSession': (arg) => this.newSession(arg),
      'copilotSessions.open': (arg) => this.open(arg),
      'copilotSessions.openToSide': (arg) => this.open(arg, { toSide: true }),
      'copilotSessions.filter': () => this.filter(),
      'copilotSessions.list': () => this.list(),
      'copilotSessions.rename': (arg, name) => this.rename(arg, name),
      'copilotSessions.stop': (arg) => this.stop(arg),
      'copilotSessions.copyId': (arg) => this.copyId(arg),
      'copilotSessions.pin': (arg) => this.setFlag(arg, { pinned: true }, 'Pin Session', vscode.l10n.t('Pin Session')),
      'copilotSessions.unpin': (arg) => this.setFlag(arg, { pinned: false }, 'Unpin Session', vscode.l10n.t('Unpin Session')),
      'copilotSessions.fork': (arg, at) => this.fork(arg, at),
      // Archived sessions are out of the main list, read-only until unarchived, and left alone by cleanup.
      'copilotSessions.archive': (arg) => this.setFlag(arg, { archived: true }, 'Archive Session', vscode.l10n.t('Archive Session')),
      'copilotSessions.unarchive': (arg) => this.setFlag(arg, { archived: false }, 'Unarchive Session', vscode.l10n.t('Unarchive Session')),
      'copilotSessions.import': (arg) => this.importSession(arg),
      'copilotSessions.search': (query) => this.search(query),
      'copilotSessions.compare': (arg) => this.compare(arg),
      'copilotSessions.refresh': () => this.refresh(),
    };
  }

  async newSession(arg: unknown): Promise<string | undefined> {
    const parsed = this.ui.args('New Session', parseNewSessionArgs(arg));
    if (!parsed) return undefined;
    const given = parsed.value;
    const model = given?.model ?? (await this.pickModel());
    if (!model) return undefined;
    let sessionId = given?.sessionId;
    if (given === undefined) {
      const typed = await vscode.window.showInputBox({
        ignoreFocusOut: true,
        title: vscode.l10n.t('New Session ({0})', model),
        prompt: vscode.l10n.t('Session ID (optional): letters, digits, ".", "_", "-". Leave empty for a generated one.'),
        placeHolder: vscode.l10n.t('e.g. user-123-chat'),
        validateInput: (value) => {
          if (!value) return undefined;
          const problem = sessionIdProblem(value);
          if (problem) return idProblemMessage(problem);
          // Not an error: Enter opens the session that has this id.
          if (this.c.index.isListed(value)) {
            return {
              message: vscode.l10n.t('A session with the ID "{0}" already exists: press Enter to open it.', value),
              severity: vscode.InputBoxValidationSeverity.Info,
            };
          }
          return this.c.index.has(value) ? vscode.l10n.t('A session with the ID "{0}" already exists.', value) : undefined;
        },
      });
      if (typed === undefined) return undefined;
      if (typed && this.c.index.isListed(typed)) {
        await this.c.panels.show(typed);
        return typed;
      }
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

  private async pickModel(): Promise<string | undefined> {
    if (!(await this.signedIn())) return undefined;
    return (
      await pickModel(this.c.client, {
        title: vscode.l10n.t('New Session: choose a model'),
        placeholder: vscode.l10n.t('Model for the new session'),
      })
    )?.id;
  }

  async open(arg: unknown, options: { toSide?: boolean } = {}): Promise<boolean> {
    const id = await this.ui.sessionFrom(arg, 'Open Session', vscode.l10n.t('Open Session'));
    if (!id) return false;
    await this.c.panels.show(id, options);
    return true;
  }

  /** Shows the view's type-to-filter box (VS Code's own, which otherwise only a keyboard shortcut reveals). */
  async filter(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await vscode.commands.executeCommand('list.find');
  }

  async list(): Promise<IndexEntry[]> {
    const id = await this.ui.pickSession(vscode.l10n.t('Sessions of this workspace'));
    if (id) await this.c.panels.show(id);
    return [...this.c.index.list()];
  }

  async rename(arg: unknown, nameArg: unknown): Promise<boolean> {
    const id = await this.ui.sessionFrom(arg, 'Rename Session', vscode.l10n.t('Rename Session'));
    if (!id) return false;
    const entry = this.c.index.get(id);
    let name = typeof nameArg === 'string' ? nameArg : undefined;
    if (nameArg !== undefined && name === undefined) {
      this.ui.args('Rename Session', { ok: false, reason: 'the name must be a string' });
      return false;
    }
    name ??= await vscode.window.showInputBox({
      ignoreFocusOut: true,
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
    try {
      await this.c.registry.rename(id, clean);
    } catch (error) {
      // Nothing changed: the list and the store still agree on the old name.
      this.c.log.warn(`Rename of ${id} failed: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Could not rename "{0}": {1}. Its name is unchanged; try again.', id, errorMessage(error)),
      );
      return false;
    }
    return true;
  }

  /** Stops the running turn of a session (the panel's Stop button does the same). */
  async stop(arg: unknown): Promise<boolean> {
    const parsed = this.ui.args('Stop', parseSessionRef(arg));
    if (!parsed) return false;
    const busy = this.c.registry.liveSessions().filter((s) => s.busy);
    const id = parsed.value ?? (busy.length === 1 ? busy[0].id : await this.ui.pickSession(vscode.l10n.t('Stop')));
    const live = id ? this.c.registry.get(id) : undefined;
    if (!live?.busy) return false;
    await live.abort();
    return true;
  }

  async copyId(arg: unknown): Promise<string | undefined> {
    const id = await this.ui.sessionFrom(arg, 'Copy Session ID', vscode.l10n.t('Copy Session ID'));
    if (!id) return undefined;
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied session ID {0}', id), 3000);
    return id;
  }

  /** Pin and Archive: a flag of the session's entry, set or cleared. */
  private async setFlag(
    arg: unknown,
    change: { pinned: boolean } | { archived: boolean },
    command: string,
    title: string,
  ): Promise<boolean> {
    const id = await this.ui.sessionFrom(arg, command, title);
    if (!id) return false;
    await this.c.index.patch(id, change);
    return true;
  }

  /**
   * Forks a session (whole, or up to and including the user message `at`) into a new session and opens it.
   * Returns the new session's id.
   */
  async fork(arg: unknown, at: unknown): Promise<string | undefined> {
    const id = await this.ui.sessionFrom(arg, 'Fork Session', vscode.l10n.t('Fork Session'));
    if (!id) return undefined;
    if (at !== undefined && typeof at !== 'string') {
      this.ui.args('Fork Session', { ok: false, reason: 'the message to fork at must be its item id' });
      return undefined;
    }
    const forked = await this.c.forks.fork(id, at);
    await this.c.panels.show(forked.id);
    return forked.id;
  }

  async importSession(arg: unknown): Promise<string | undefined> {
    const parsed = this.ui.args('Import Session', parseSessionRef(arg));
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
        { ignoreFocusOut: true, title: vscode.l10n.t('Import a session of this folder') },
      );
      id = picked?.id;
    }
    if (!id) return undefined;
    await this.c.registry.import(id);
    await this.c.reconciler.refreshOutside();
    return id;
  }

  /** One prompt to two to four models at once, side by side; returns the new sessions' ids. */
  async compare(arg: unknown): Promise<string[] | undefined> {
    const parsed = this.ui.args('Compare Models', parseCompareArgs(arg));
    if (!parsed) return undefined;
    const chosen = parsed.value ?? (await this.askComparison());
    if (!chosen) return undefined;
    const deps = {
      extensionUri: this.c.extensionUri,
      registry: this.c.registry,
      index: this.c.index,
      forks: this.c.forks,
      panels: this.c.panels,
      log: this.c.log,
    };
    return (await runComparison(deps, chosen.models, chosen.prompt)).sessionIds;
  }

  private async askComparison(): Promise<CompareArgs | undefined> {
    if (!(await this.signedIn())) return undefined;
    const available = await availableModels(this.c.client);
    if (!available) return undefined;
    const picked = await vscode.window.showQuickPick(
      available.map((m) => ({ label: m.id, description: m.name !== m.id ? m.name : undefined })),
      { ignoreFocusOut: true, title: vscode.l10n.t('Compare Models: choose two to four models'), canPickMany: true },
    );
    if (!picked) return undefined;
    if (picked.length < 2 || picked.length > 4) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Choose two to four models to compare (you chose {0}).', picked.length));
      return undefined;
    }
    const models = picked.map((p) => p.label);
    const prompt = await vscode.window.showInputBox({
      ignoreFocusOut: true,
      title: vscode.l10n.t('Compare Models: {0}', models.join(', ')),
      prompt: vscode.l10n.t('The prompt every model gets'),
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type a message first: empty prompts are not sent.')),
    });
    return prompt?.trim() ? { models, prompt } : undefined;
  }

  /** Full-text search over every session's title and messages; choosing a result opens the panel at it. */
  async search(query: unknown): Promise<Array<{ sessionId: string; itemId?: string; snippet: string }> | undefined> {
    if (query !== undefined && typeof query !== 'string') {
      this.ui.args('Search Sessions', { ok: false, reason: 'the query must be a string' });
      return undefined;
    }
    if (typeof query === 'string') return this.c.search.search(query);
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { sessionId?: string; itemId?: string }>();
    pick.ignoreFocusOut = true;
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
          label: entry ? sessionLabel(entry) : hit.sessionId,
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

  async refresh(): Promise<void> {
    this.c.tree.refresh();
    await this.c.reconciler.refresh();
  }
}
