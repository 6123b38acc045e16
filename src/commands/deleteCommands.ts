/** Deleting sessions: one or several (confirmed from the UI), by age, and removing entries the store no longer has. */
import * as vscode from 'vscode';
import { settings } from '../client/backendSettings';
import { parseCleanupArgs, parseSessionRefs } from '../core/commandArgs';
import { cleanupCandidates } from '../core/retention';
import { formatDateTime } from '../core/relativeTime';
import { displayTitle } from '../core/sessionIndex';
import { sessionLabel } from '../sessions/registryTexts';
import { CommandUi, type CommandContext, type CommandTable } from './commandUi';

export class DeleteCommands {
  private readonly ui: CommandUi;

  constructor(private readonly c: CommandContext) {
    this.ui = new CommandUi(c);
  }

  commands(): CommandTable {
    return {
      'copilotSessions.delete': (arg, selection) => this.delete(arg, selection),
      'copilotSessions.deleteOlderThan': (arg) => this.deleteOlderThan(arg),
      'copilotSessions.removeMissing': (arg, selection) => this.removeMissing(arg, selection),
      'copilotSessions.restore': (arg, selection) => this.restore(arg, selection),
      'copilotSessions.deletePermanently': (arg, selection) => this.deletePermanently(arg, selection),
      'copilotSessions.emptyRecentlyDeleted': () => this.emptyRecentlyDeleted(),
    };
  }

  /**
   * Moves sessions to Recently deleted (restorable for the retention period). With a string id (or ids) from code it
   * does so without asking; from the UI it confirms first. Returns the ids moved.
   */
  async delete(arg: unknown, selection: unknown): Promise<string[]> {
    const ids = await this.listedFrom('Delete Session', arg, selection, vscode.l10n.t('Delete Session'));
    if (!ids?.length) return [];
    if (!fromCode(arg) && !(await this.confirm(ids, 'trash'))) return [];
    await this.c.trash.moveToTrash(ids);
    return ids;
  }

  /** Brings sessions back from Recently deleted. Returns the ids restored. */
  async restore(arg: unknown, selection: unknown): Promise<string[]> {
    const ids = await this.deletedFrom('Restore Session', arg, selection);
    if (!ids?.length) return [];
    await this.c.trash.restore(ids);
    return ids;
  }

  /** Deletes sessions of Recently deleted for good (confirmed from the UI). Returns the ids deleted. */
  async deletePermanently(arg: unknown, selection: unknown): Promise<string[]> {
    const ids = await this.deletedFrom('Delete Permanently', arg, selection);
    if (!ids?.length) return [];
    if (!fromCode(arg) && !(await this.confirm(ids, 'permanent'))) return [];
    return this.deleteForGood(ids);
  }

  /** Deletes everything in Recently deleted for good, after asking. */
  async emptyRecentlyDeleted(): Promise<string[]> {
    const ids = this.c.index.deleted().map((entry) => entry.id);
    if (ids.length === 0 || !(await this.confirm(ids, 'permanent'))) return [];
    return this.deleteForGood(ids);
  }

  /** Listed sessions named by the arguments (or picked); undefined when the user was told why not. */
  private async listedFrom(command: string, arg: unknown, selection: unknown, title: string): Promise<string[] | undefined> {
    const parsed = this.ui.args(command, parseSessionRefs(arg, selection));
    if (!parsed) return undefined;
    let ids = parsed.value;
    if (!ids) {
      const id = await this.ui.pickSession(title);
      ids = id ? [id] : [];
    }
    const unknown = ids.filter((id) => !this.c.index.isListed(id));
    if (unknown.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no session "{0}" in this workspace.', unknown.join('", "')));
      return undefined;
    }
    return ids;
  }

  /** Sessions of Recently deleted named by the arguments (or picked there). */
  private async deletedFrom(command: string, arg: unknown, selection: unknown): Promise<string[] | undefined> {
    const parsed = this.ui.args(command, parseSessionRefs(arg, selection));
    if (!parsed) return undefined;
    const ids = parsed.value ?? (await this.pickDeleted());
    const unknown = ids.filter((id) => this.c.index.get(id)?.deletedAt === undefined);
    if (unknown.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no session "{0}" in Recently deleted.', unknown.join('", "')));
      return undefined;
    }
    return ids;
  }

  private async pickDeleted(): Promise<string[]> {
    const deleted = this.c.index.deleted();
    if (deleted.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Recently deleted is empty.'));
      return [];
    }
    const locale = vscode.env.language;
    const picked = await vscode.window.showQuickPick(
      deleted.map((entry) => ({
        label: sessionLabel(entry),
        description: vscode.l10n.t('deleted {0}', formatDateTime(entry.deletedAt ?? 0, locale)),
        detail: entry.id,
        id: entry.id,
      })),
      { ignoreFocusOut: true, title: vscode.l10n.t('Recently deleted'), canPickMany: true },
    );
    return picked?.map((p) => p.id) ?? [];
  }

  private async confirm(ids: string[], kind: 'trash' | 'permanent'): Promise<boolean> {
    const button = kind === 'trash' ? vscode.l10n.t('Delete') : vscode.l10n.t('Delete Permanently');
    const names = ids.map((id) => {
      const entry = this.c.index.get(id);
      return entry ? sessionLabel(entry) : id;
    });
    const days = retentionDays();
    const message =
      kind === 'trash'
        ? ids.length === 1
          ? vscode.l10n.t('Delete the session "{0}"?', names[0])
          : vscode.l10n.t('Delete {0} sessions?', ids.length)
        : ids.length === 1
          ? vscode.l10n.t('Delete the session "{0}" permanently? Its history is removed from disk and cannot be restored.', names[0])
          : vscode.l10n.t('Delete {0} sessions permanently? Their history is removed from disk and cannot be restored.', ids.length);
    const keep =
      kind === 'trash'
        ? days === 1
          ? vscode.l10n.t('You can restore it from Recently deleted for 1 day.')
          : vscode.l10n.t('You can restore it from Recently deleted for {0} days.', days)
        : undefined;
    const list = ids.length > 1 ? names.slice(0, 20).join('\n') + (ids.length > 20 ? '\n…' : '') : undefined;
    const detail = [keep, list].filter(Boolean).join('\n\n') || undefined;
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
  }

  private async deleteForGood(ids: string[]): Promise<string[]> {
    const failures = await this.c.trash.deletePermanently(ids);
    for (const failure of failures) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete "{0}": {1}', failure.id, failure.message));
    }
    return ids.filter((id) => !failures.some((f) => f.id === id));
  }

  /**
   * Moves the sessions idle for longer than N days (by the session store's own last modification) to Recently
   * deleted; never pinned ones, nor those live in this window. With `{ days, dryRun? }` it asks nothing and returns
   * what it moved (or would move) and the bytes those sessions hold in the store, freed once they leave Recently
   * deleted; interactively it shows them first.
   */
  async deleteOlderThan(arg: unknown): Promise<CleanupResult | undefined> {
    const parsed = this.ui.args('Delete Sessions Older Than', parseCleanupArgs(arg));
    if (!parsed) return undefined;
    const days = parsed.value?.days ?? (await this.pickDays());
    if (days === undefined) return undefined;
    const modified = await this.c.trash.storeModified();
    const old = cleanupCandidates(
      this.c.index.list(),
      modified,
      days,
      Date.now(),
      (id) => this.c.registry.get(id)?.busy ?? false,
      parsed.value?.includeArchived,
    );
    if (parsed.value) {
      const sessionIds = old.map((e) => e.id);
      const bytes = await this.c.trash.storedBytes(sessionIds);
      if (!parsed.value.dryRun && sessionIds.length) await this.c.trash.moveToTrash(sessionIds);
      return { sessionIds, bytes, dryRun: !!parsed.value.dryRun };
    }
    if (old.length === 0) {
      void vscode.window.showInformationMessage(
        days === 1
          ? vscode.l10n.t('No session was last active more than 1 day ago.')
          : vscode.l10n.t('No session was last active more than {0} days ago.', days),
      );
      return { sessionIds: [], bytes: 0, dryRun: false };
    }
    const locale = vscode.env.language;
    const preview = await vscode.window.showQuickPick(
      old.map((entry) => ({
        label: displayTitle(entry),
        description: `${entry.model} · ${formatDateTime(modified.get(entry.id) ?? entry.lastActive, locale)}`,
        id: entry.id,
        picked: true,
      })),
      {
        ignoreFocusOut: true,
        title:
          days === 1
            ? vscode.l10n.t('Delete {0} sessions last active more than 1 day ago', old.length)
            : vscode.l10n.t('Delete {0} sessions last active more than {1} days ago', old.length, days),
        canPickMany: true,
        placeHolder: vscode.l10n.t('Uncheck the sessions to keep, then press Enter'),
      },
    );
    if (!preview || preview.length === 0) return undefined;
    const sessionIds = preview.map((p) => p.id);
    if (!(await this.confirm(sessionIds, 'trash'))) return undefined;
    const bytes = await this.c.trash.storedBytes(sessionIds);
    await this.c.trash.moveToTrash(sessionIds);
    return { sessionIds, bytes, dryRun: false };
  }

  private async pickDays(): Promise<number | undefined> {
    const options = [1, 7, 30, 90].map((d) => ({ label: d === 1 ? vscode.l10n.t('1 day') : vscode.l10n.t('{0} days', d), days: d }));
    const custom = { label: vscode.l10n.t('Other…'), days: -1 };
    const picked = await vscode.window.showQuickPick([...options, custom], {
      ignoreFocusOut: true,
      title: vscode.l10n.t('Delete sessions last active more than…'),
    });
    if (!picked) return undefined;
    if (picked.days >= 0) return picked.days;
    const typed = await vscode.window.showInputBox({
      ignoreFocusOut: true,
      title: vscode.l10n.t('Number of days'),
      validateInput: (v) => (/^[1-9]\d{0,4}$/.test(v.trim()) ? undefined : vscode.l10n.t('Type a whole number of days, at least 1.')),
    });
    return typed === undefined ? undefined : Number(typed.trim());
  }

  async removeMissing(arg: unknown, selection: unknown): Promise<string[]> {
    const parsed = this.ui.args('Remove Missing Session', parseSessionRefs(arg, selection));
    if (!parsed) return [];
    const ids = (parsed.value ?? [...this.c.index.list()].map((e) => e.id)).filter((id) => this.c.registry.isMissing(id));
    await this.c.trash.removeMissing(ids);
    return ids;
  }
}

export interface CleanupResult {
  sessionIds: string[];
  /** What those sessions take in the session store; freed when they leave Recently deleted. */
  bytes: number;
  dryRun: boolean;
}

/** Ids given as strings (or an array of strings) come from code: no confirmation. Rows of the view do not. */
function fromCode(arg: unknown): boolean {
  return typeof arg === 'string' || (Array.isArray(arg) && arg.every((a) => typeof a === 'string'));
}

export function retentionDays(): number {
  return settings().recentlyDeletedDays;
}
