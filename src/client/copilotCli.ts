/** Finds an installed Copilot CLI for "Continue in Terminal": the configured runtime path, else `copilot` on PATH. */
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findCopilotCli(configuredPath: string): Promise<string | undefined> {
  if (configuredPath) return (await executable(configuredPath)) ? configuredPath : undefined;
  const names = process.platform === 'win32' ? ['copilot.cmd', 'copilot.exe'] : ['copilot'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (await executable(candidate)) return candidate;
    }
  }
  return undefined;
}
