/**
 * Runs inside the real extension host (code-server, VS Code 1.139), with the stand-in model wired through the
 * environment (see test/fixtures/codeServer.ts).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import * as vscode from 'vscode';

const EXTENSION_ID = 'copilot-sessions.copilot-sessions';

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      })
      .on('error', reject);
  });
}

suite('Activation', () => {
  test('the extension is installed', () => {
    const extension = vscode.extensions.getExtension<unknown>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the extensions`);
    assert.equal((extension.packageJSON as { name?: string }).name, 'copilot-sessions');
  });

  test('activate() succeeds and returns an API object', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const api: unknown = await extension.activate();
    assert.ok(extension.isActive, 'the extension is not active after activate()');
    assert.ok(api !== null && typeof api === 'object', `activate() returned ${String(api)}`);
  });

  test('the New Session command is registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('copilotSessions.newSession'), 'copilotSessions.newSession is not registered');
  });

  test('the stand-in model is wired through the environment', async () => {
    const url = process.env.MODEL_SERVER_URL;
    assert.ok(url, 'MODEL_SERVER_URL did not reach the extension host');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(process.env.COPILOT_API_URL, url);
    assert.equal(process.env.GH_TOKEN, 'stand-in-github-token');
    const models = (await getJson(`${url}/models`)) as { data: Array<{ id: string }> };
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['stand-in-alpha', 'stand-in-beta', 'stand-in-gamma'],
    );
  });

  test('the extension host runs in the sandbox, not in the real home directory', () => {
    const sandbox = process.env.COPILOT_SESSIONS_SANDBOX;
    assert.ok(sandbox, 'COPILOT_SESSIONS_SANDBOX did not reach the extension host');
    for (const name of ['HOME', 'COPILOT_HOME', 'XDG_CONFIG_HOME', 'TMPDIR']) {
      assert.ok(process.env[name]?.startsWith(sandbox), `${name}=${process.env[name]} is outside ${sandbox}`);
    }
  });
});
