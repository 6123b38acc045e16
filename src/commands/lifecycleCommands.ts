/** Changing a running conversation: Change Model (and reasoning effort), Restore to Here (rewind), Compact History. */
import * as vscode from 'vscode';
import type { HistoryItem } from '../shared/protocol';
import { isReasoningEffort, REASONING_EFFORTS, type RewindPlan } from '../sessions/sessionControls';
import { sessionLabel } from '../sessions/registryTexts';
import { CommandUi, type CommandContext, type CommandTable } from './commandUi';
import { pickModel, pickReasoningEffort } from './modelPicker';

function clip(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export class LifecycleCommands {
  private readonly ui: CommandUi;

  constructor(private readonly c: CommandContext) {
    this.ui = new CommandUi(c);
  }

  commands(): CommandTable {
    return {
      'copilotSessions.changeModel': (arg, model, options) => this.changeModel(arg, model, options),
      'copilotSessions.rewind': (arg, itemId, options) => this.rewind(arg, itemId, options),
      'copilotSessions.compact': (arg) => this.compact(arg),
    };
  }

  /**
   * From the next turn on. `model` and `{ reasoningEffort }` for scripting; without them the account's models are
   * offered, then the model's efforts when it has some. Returns the model now in use, or undefined when cancelled.
   */
  async changeModel(arg: unknown, model: unknown, options: unknown): Promise<string | undefined> {
    const id = await this.ui.sessionFrom(arg, 'Change Model', vscode.l10n.t('Change Model'));
    if (!id) return undefined;
    if (model !== undefined && (typeof model !== 'string' || !model.trim())) {
      this.ui.args('Change Model', { ok: false, reason: 'the model must be a model id' });
      return undefined;
    }
    const effortArg = (options as { reasoningEffort?: unknown } | undefined)?.reasoningEffort;
    if (effortArg !== undefined && !isReasoningEffort(effortArg)) {
      this.ui.args('Change Model', { ok: false, reason: `reasoningEffort is one of ${REASONING_EFFORTS.join(', ')}` });
      return undefined;
    }
    const current = this.c.index.get(id)?.model;
    let chosen = typeof model === 'string' ? model.trim() : undefined;
    let effort = effortArg;
    if (chosen === undefined) {
      const refusal = await this.c.signIn.ensureSignedIn();
      if (refusal) {
        void vscode.window.showErrorMessage(refusal);
        return undefined;
      }
      const picked = await pickModel(this.c.client, {
        title: vscode.l10n.t('Change Model: {0}', this.label(id)),
        placeholder: vscode.l10n.t('Model for the next turns of this session'),
        current,
      });
      if (!picked) return undefined;
      chosen = picked.id;
      if (picked.reasoningEfforts?.length) {
        const picked2 = await pickReasoningEffort(picked, undefined);
        if (picked2 === undefined) return undefined;
        effort = isReasoningEffort(picked2) ? picked2 : undefined;
      }
    }
    await this.c.controls.setModel(id, chosen, effort);
    return chosen;
  }

  /**
   * Back to before one of the user's messages: it and everything after it leave the history, and its text goes back
   * into the prompt box. Files the later turns changed are put back too, after the user saw which (`{ files: false }`
   * keeps them; arguments skip the questions). Returns the prompt, or undefined when cancelled.
   */
  async rewind(arg: unknown, itemId: unknown, options: unknown): Promise<string | undefined> {
    const id = await this.ui.sessionFrom(arg, 'Restore to Here', vscode.l10n.t('Restore to Here'));
    if (!id) return undefined;
    if (itemId !== undefined && (typeof itemId !== 'string' || !itemId)) {
      this.ui.args('Restore to Here', { ok: false, reason: "the message must be a user message's item id" });
      return undefined;
    }
    const filesArg = (options as { files?: unknown } | undefined)?.files;
    if (filesArg !== undefined && typeof filesArg !== 'boolean') {
      this.ui.args('Restore to Here', { ok: false, reason: 'files must be true or false' });
      return undefined;
    }
    const history = await this.c.registry.borrow(id, (live) => [...live.history]);
    const at = typeof itemId === 'string' ? itemId : await this.pickMessage(history);
    if (!at) return undefined;
    const plan = await this.c.controls.planRewind(id, at);
    // Arguments from code skip the questions; the panel's button passes the message only, so the user is asked.
    const withFiles =
      filesArg !== undefined
        ? filesArg && plan.canRestoreFiles
        : options !== undefined
          ? plan.canRestoreFiles
          : await this.confirmRewind(history, at, plan);
    if (withFiles === undefined) return undefined;
    const outcome = await this.c.controls.rewind(id, at, withFiles);
    this.c.panels.putDraft(id, outcome.prompt);
    if (outcome.skippedFiles.length) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Restored to before your message. These files were left as they are because you changed them since: {0}',
          outcome.skippedFiles.map((f) => vscode.workspace.asRelativePath(f.path)).join(', '),
        ),
      );
    }
    return outcome.prompt;
  }

  private label(id: string): string {
    const entry = this.c.index.get(id);
    return entry ? sessionLabel(entry) : id;
  }

  private async pickMessage(history: readonly HistoryItem[]): Promise<string | undefined> {
    const users = history.filter((item) => item.kind === 'user').reverse();
    if (users.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This session has no messages of yours to go back to.'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      users.map((item) => ({ label: clip(item.text), id: item.id })),
      { ignoreFocusOut: true, title: vscode.l10n.t('Restore to Here: back to before which of your messages?') },
    );
    return picked?.id;
  }

  /** True: conversation and files; false: the conversation only; undefined: cancelled. */
  private async confirmRewind(history: readonly HistoryItem[], at: string, plan: RewindPlan): Promise<boolean | undefined> {
    const from = history.findIndex((item) => item.id === at);
    const leaving = history.slice(from).filter((item) => item.kind === 'user' || item.kind === 'assistant').length;
    const files = plan.files.map((f) => {
      const path = vscode.workspace.asRelativePath(f.path);
      if (f.changeType === 'created') return vscode.l10n.t('{0}: created by Copilot, will be deleted', path);
      if (f.changeType === 'deleted') return vscode.l10n.t('{0}: deleted by Copilot, will be brought back', path);
      return vscode.l10n.t('{0}: changed by Copilot (+{1} −{2}), will be put back', path, f.linesAdded, f.linesRemoved);
    });
    const detail = [
      vscode.l10n.t(
        '{0} messages leave the history, starting with yours: "{1}". Your message goes back into the prompt box.',
        leaving,
        clip(plan.prompt, 80),
      ),
      ...(files.length ? ['', vscode.l10n.t('Files the later turns changed, to be put back as they were:'), ...files] : []),
    ].join('\n');
    const withFiles = vscode.l10n.t('Restore Conversation and Files');
    const conversation = files.length ? vscode.l10n.t('Restore Conversation Only') : vscode.l10n.t('Restore');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Restore the session to before this message?'),
      { modal: true, detail },
      ...(files.length ? [withFiles] : []),
      conversation,
    );
    if (choice === undefined) return undefined;
    return choice === withFiles;
  }

  /** Summarises the history so far (the runtime's compaction). Returns the number of messages summarised. */
  async compact(arg: unknown): Promise<number | undefined> {
    const id = await this.ui.sessionFrom(arg, 'Compact History', vscode.l10n.t('Compact History'));
    if (!id) return undefined;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Compacting the history of {0}…', this.label(id)) },
      () => this.c.controls.compact(id),
    );
  }
}
