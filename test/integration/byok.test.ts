/** Bring your own key: an OpenAI-compatible endpoint from settings, its key in SecretStorage, passed again on resume. */
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, settleClient, unique, waitFor } from './helpers';

const KEY = `byok-secret-${Math.random().toString(36).slice(2)}`;

function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = lstatSync(full);
    if (stat.isDirectory()) hits.push(...filesContaining(full, needle));
    else if (stat.isFile() && stat.size < 5_000_000 && readFileSync(full).includes(needle)) hits.push(full);
  }
  return hits;
}

suite('Bring your own key', () => {
  const config = () => vscode.workspace.getConfiguration('copilotSessions');

  suiteTeardown(async () => {
    await config().update('provider.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('provider.models', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('copilotSessions.clearApiKey');
    await settleClient();
  });

  test('sessions talk to the configured endpoint, also after a restart, and the key stays secret', async () => {
    const sessions = await api();
    const modelServer = process.env.MODEL_SERVER_URL;
    assert.ok(modelServer);
    await config().update('provider.baseUrl', `${modelServer}/v1`, vscode.ConfigurationTarget.Global);
    await config().update('provider.models', ['byok-model-a', 'byok-model-b'], vscode.ConfigurationTarget.Global);
    // Settings changes restart the client once, after the last one; storing the key restarts it too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await vscode.commands.executeCommand('copilotSessions.setApiKey', KEY), true);
    await waitFor(
      'client ready with own endpoint',
      () => (sessions.clientState.kind === 'ready' && sessions.clientState.byok ? true : undefined),
      20_000,
    ).catch((error: unknown) => {
      // Say where it stopped: the state is not in the extension's log.
      throw new Error(`${String(error)}; the client's state: ${JSON.stringify(sessions.clientState)}`);
    });

    const id = unique('byok');
    await sessions.create({ model: 'byok-model-b', sessionId: id });
    assert.equal(await sessions.send(id, 'through my endpoint'), 'ECHO model=byok-model-b users=1 [through my endpoint]');
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    // The runtime does not persist the provider: it must be passed again on resume.
    assert.equal(await sessions.send(id, 'after restart'), 'ECHO model=byok-model-b users=2 [through my endpoint | after restart]');

    assert.ok(!JSON.stringify(config()).includes(KEY), 'not in settings');
    // The whole test sandbox: settings.json, workspace state (the index), logs, the runtime's session store, temp files.
    // Only VS Code's secret storage (global state database) may hold it.
    const sandbox = path.dirname(process.env.COPILOT_HOME ?? '');
    const leaks = filesContaining(sandbox, KEY).filter((file) => !/User\/globalStorage\/state\.vscdb/.test(file));
    assert.deepEqual(leaks, [], 'the key is written nowhere else');
  });
});
