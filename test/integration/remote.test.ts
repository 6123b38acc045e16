/** A runtime server already running (as on a remote host), reached with RuntimeConnection.forUri and a token. */
import assert from 'node:assert/strict';
import net from 'node:net';
import * as vscode from 'vscode';
import { api, apiError, settleClient, waitFor } from './helpers';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

suite('Remote runtime', () => {
  const config = () => vscode.workspace.getConfiguration('copilotSessions');

  test('connects to a running runtime server with its token; a wrong token gives a clear error', async function () {
    this.timeout(120_000);
    const sessions = await api();
    const { CopilotClient, RuntimeConnection } = await import('@github/copilot-sdk');
    const port = await freePort();
    const token = `token-${Math.random().toString(36).slice(2)}`;
    // The "remote" runtime: started on 127.0.0.1 with a token, owned by this test.
    const host = new CopilotClient({ connection: RuntimeConnection.forTcp({ port, connectionToken: token }) });
    await host.start();
    try {
      await config().update('runtimeUrl', `127.0.0.1:${port}`, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('copilotSessions.setRuntimeToken', token);
      await waitFor('connected to the runtime server', () => (sessions.clientState.kind === 'ready' ? true : undefined), 30_000);
      const { sessionId } = await sessions.create({ model: 'stand-in-beta' });
      assert.equal(await sessions.send(sessionId, 'over the wire'), 'ECHO model=stand-in-beta users=1 [over the wire]');
      // The session lives in the server's runtime: its own client sees it.
      assert.ok((await host.listSessions()).some((s) => s.sessionId === sessionId));

      await vscode.commands.executeCommand('copilotSessions.setRuntimeToken', 'not-the-token');
      await waitFor('a clear error', () => (sessions.clientState.kind === 'error' ? true : undefined), 30_000);
      const state = sessions.clientState;
      assert.ok(state.kind === 'error');
      assert.match(state.message, /refused the connection token.*Set Runtime Connection Token/);
      await assert.rejects(sessions.create({ model: 'stand-in-beta' }), apiError('unavailable', /refused the connection token/));
    } finally {
      await config().update('runtimeUrl', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('copilotSessions.setRuntimeToken', '');
      await host.stop();
      await settleClient();
    }
  });
});
