/** Deleting sessions: one or several (confirmed from the UI), by age, and removing entries the store no longer has. */
import * as vscode from 'vscode';
import { parseDays, parseSessionRefs } from '../core/commandArgs';
import { formatDateTime } from '../core/relativeTime';
import { displayTitle } from '../core/sessionIndex';
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
    };
  }

  /** With a string id (or ids) from code it deletes without asking; from the UI it confirms first. */
  async delete(arg: unknown, selection: unknown): Promise<string[]> {
    const parsed = this.ui.args('Delete Session', parseSessionRefs(arg, selection));
    if (!parsed) return [];
    const fromCode = typeof arg === 'string' || (Array.isArray(arg) && arg.every((a) => typeof a === 'string'));
    let ids = parsed.value;
    if (!ids) {
      const id = await this.ui.pickSession(vscode.l10n.t('Delete Session'));
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
    const failures = await this.c.registry.delete(ids);
    for (const failure of failures) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete "{0}": {1}', failure.id, failure.message));
    }
    return ids.filter((id) => !failures.some((f) => f.id === id));
  }

  async deleteOlderThan(arg: unknown): Promise<string[]> {
    const parsed = this.ui.args('Delete Sessions Older Than', parseDays(arg));
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
    const parsed = this.ui.args('Remove Missing Session', parseSessionRefs(arg, selection));
    if (!parsed) return [];
    const ids = (parsed.value ?? [...this.c.index.list()].map((e) => e.id)).filter((id) => this.c.registry.isMissing(id));
    await this.c.registry.removeFromIndex(ids);
    return ids;
  }
}
