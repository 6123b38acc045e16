/**
 * A remote runtime as a user sets it up: a Copilot runtime server already running (here on 127.0.0.1, started with
 * a token), its token entered through the palette (kept in secret storage), its address in the remote settings.
 */
import assert from 'node:assert/strict';
import { freePort, standInEnv, writeMachineSettings } from '../fixtures/codeServer';
import { type Harness, useHarness } from './harness';

describe('Remote runtime (packaged VSIX)', function () {
  this.timeout(180000);
  let h: Harness;
  let stopRuntime: (() => Promise<unknown>) | undefined;
  let listRemoteSessions: () => Promise<string[]> = async () => [];

  useHarness({ name: 'e2e-remote' }, (started) => (h = started));
  after(async () => {
    await stopRuntime?.();
  });

  async function setToken(value: string): Promise<void> {
    await h.runCommand('Copilot Sessions: Set Runtime Connection Token');
    // The palette turns into the token box: type only once the box is there.
    await h.quickInput().locator('.quick-input-title', { hasText: 'Runtime Connection Token' }).waitFor({ timeout: 15000 });
    await h.acceptInput(value);
  }

  it('connects to a running runtime server with its token and chats through it', async () => {
    const { CopilotClient, RuntimeConnection } = await import('@github/copilot-sdk');
    const port = await freePort();
    const token = `remote-${Math.random().toString(36).slice(2)}`;
    const env = Object.fromEntries(
      Object.entries(h.sandbox.env(standInEnv(h.model.url))).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const server = new CopilotClient({ connection: RuntimeConnection.forTcp({ port, connectionToken: token, env }) });
    await server.start();
    stopRuntime = () => server.stop();
    listRemoteSessions = async () => (await server.listSessions()).map((s) => s.sessionId);

    await h.openSessionsView();
    await setToken(token);
    // A user-only (machine) setting: in code-server's remote window it lives in the remote settings.
    writeMachineSettings(h.sandbox.userData, { 'copilotSessions.runtimeUrl': `127.0.0.1:${port}` });
    await h.page.waitForTimeout(2000);

    await h.newSession('stand-in-beta', 'on-the-server');
    await h.sendPrompt('hello, remote runtime');
    await h
      .webview()
      .locator('article.message.assistant', { hasText: 'ECHO model=stand-in-beta users=1 [hello, remote runtime]' })
      .waitFor({ timeout: 30000 });
    assert.ok((await listRemoteSessions()).includes('on-the-server'), 'the session lives in the server runtime');
    await h.screenshot('feature-remote-runtime');
  });
});
