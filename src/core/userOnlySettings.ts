/**
 * The settings a repository must not control: where prompts and the BYOK key go, which runtime runs or is reached,
 * and whether tools are approved without asking. package.json gives them the `machine` scope (user or remote
 * settings only); this finds them in a workspace's settings file so the user can be told they were ignored.
 * No `vscode` import: unit-tested in plain Node.
 */
import { parse, type ParseError } from 'jsonc-parser';

export const SETTINGS_SECTION = 'copilotSessions';

export const USER_ONLY_SETTINGS = ['provider.baseUrl', 'provider.type', 'autoApprovePermissions', 'runtimeUrl', 'runtimePath'] as const;
export type UserOnlySetting = (typeof USER_ONLY_SETTINGS)[number];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every setting name in a settings object; VS Code reads `{"a": {"b": 1}}` as `a.b`, so nested forms count too. */
function settingNames(settings: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(settings).flatMap(([key, value]) => {
    // `[python]`-style language overrides do not apply to these settings.
    if (!prefix && key.startsWith('[')) return [];
    const name = prefix ? `${prefix}.${key}` : key;
    return isPlainObject(value) ? [name, ...settingNames(value, name)] : [name];
  });
}

/** The user-only settings a settings object sets, in USER_ONLY_SETTINGS order. */
export function userOnlySettingsIn(settings: unknown): UserOnlySetting[] {
  if (!isPlainObject(settings)) return [];
  const names = new Set(settingNames(settings));
  return USER_ONLY_SETTINGS.filter((key) => names.has(`${SETTINGS_SECTION}.${key}`));
}

/** A settings file's text (JSON with comments and trailing commas, as VS Code accepts it) → the user-only settings it sets. */
export function userOnlySettingsInFile(text: string, member?: 'settings'): UserOnlySetting[] {
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  // A `.code-workspace` file keeps its settings under "settings".
  return userOnlySettingsIn(member && isPlainObject(parsed) ? parsed[member] : parsed);
}
