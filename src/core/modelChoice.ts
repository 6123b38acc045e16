/** The models a new session can use, as the picker shows them. No `vscode` import. */

export interface ModelChoice {
  id: string;
  /** What the account's model list calls it. */
  name: string;
  /** The reasoning efforts the model supports (none: it has no such setting). */
  reasoningEfforts?: string[];
  defaultReasoningEffort?: string;
}

/** The runtime's own choice of model, listed for signed-in accounts. */
export const AUTO_MODEL = 'auto';

/** The user's `copilotSessions.defaultModel` when the account has it, else Auto when listed, else the first. */
export function defaultModelId(models: readonly ModelChoice[], preferred: string): string | undefined {
  if (preferred && models.some((m) => m.id === preferred)) return preferred;
  return models.find((m) => m.id === AUTO_MODEL)?.id ?? models[0]?.id;
}

/** The default first, marked; the rest in the account's order. */
export function pickerModels(models: readonly ModelChoice[], preferred: string): Array<ModelChoice & { isDefault: boolean }> {
  const fallback = defaultModelId(models, preferred);
  const marked = models.map((m) => ({ ...m, isDefault: m.id === fallback }));
  return [...marked.filter((m) => m.isDefault), ...marked.filter((m) => !m.isDefault)];
}
