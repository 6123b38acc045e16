/** VS Code's quick pick of the account's models (New Session, Change Model), and of a model's reasoning effort. */
import * as vscode from 'vscode';
import { settings } from '../client/backendSettings';
import type { SharedClient } from '../client/sharedClient';
import { pickerModels, type ModelChoice } from '../core/modelChoice';

/** The models of the signed-in account (or of the own endpoint); undefined (the user was told why) when none. */
export async function availableModels(client: SharedClient): Promise<ModelChoice[] | undefined> {
  const models = await client.listModels();
  if (models.length > 0) return models;
  void vscode.window.showErrorMessage(
    settings().providerBaseUrl
      ? vscode.l10n.t('No models to choose from: set "copilotSessions.provider.models" to the models your endpoint serves.')
      : vscode.l10n.t('Copilot lists no models for your account.'),
  );
  return undefined;
}

/** Resolves with the chosen model, or undefined when the user closed the picker (or there were none). */
export async function pickModel(
  client: SharedClient,
  options: { title: string; placeholder: string; current?: string },
): Promise<ModelChoice | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { model: ModelChoice }>();
  // Run from the palette over a session panel, VS Code gives the panel its focus back a moment after the palette
  // closes: a picker that closed on focus loss would vanish before the user saw it (the step after too).
  pick.ignoreFocusOut = true;
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.busy = true;
  pick.show();
  try {
    const models = await availableModels(client);
    if (!models) return undefined;
    pick.items = pickerModels(models, settings().defaultModel).map((m) => ({
      model: m,
      label: m.name,
      description:
        [m.name !== m.id ? m.id : '', m.isDefault ? vscode.l10n.t('default') : '', m.id === options.current ? vscode.l10n.t('current') : '']
          .filter(Boolean)
          .join(' · ') || undefined,
    }));
    const current = pick.items.find((item) => item.model.id === options.current);
    if (current) pick.activeItems = [current];
    pick.busy = false;
    return await new Promise<ModelChoice | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]?.model));
      pick.onDidHide(() => resolve(undefined));
    });
  } finally {
    pick.dispose();
  }
}

/** The reasoning effort for a model that has one; undefined for a model without, or when the user closed the picker. */
export async function pickReasoningEffort(model: ModelChoice, current: string | undefined): Promise<string | undefined> {
  const efforts = model.reasoningEfforts ?? [];
  if (efforts.length === 0) return undefined;
  const items = efforts.map((effort) => ({
    label: effort,
    description:
      [effort === model.defaultReasoningEffort ? vscode.l10n.t('default') : '', effort === current ? vscode.l10n.t('current') : '']
        .filter(Boolean)
        .join(' · ') || undefined,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    ignoreFocusOut: true,
    title: vscode.l10n.t('Reasoning effort for {0}', model.name),
    placeHolder: vscode.l10n.t('How much the model thinks before it answers'),
  });
  return chosen?.label;
}
