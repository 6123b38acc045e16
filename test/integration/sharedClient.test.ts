/**
 * The shared client over the real SDK and runtime: its state says what runs, also when a start is asked for while a
 * restart is still stopping the old runtime (CI once saw the client ready with an own endpoint, reported "stopped").
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SharedClient, type ClientSetup, type ClientState } from '../../src/client/sharedClient';

suite('The shared client', () => {
  let folder: string;
  let client: SharedClient;
  let states: ClientState['kind'][];
  const warnings: string[] = [];

  setup(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'shared-client-'));
    const setup = (): Promise<ClientSetup> =>
      Promise.resolve({
        options: { workingDirectory: folder, useLoggedInUser: true, logLevel: 'warning' },
        auth: { order: ['copilotCli'], using: 'copilotCli', host: 'github.com' },
      });
    client = new SharedClient(setup, { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) });
    states = [];
    client.onDidChangeState((state) => states.push(state.kind));
  });

  teardown(async () => {
    await client.stop();
    client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('a start asked for while a restart stops the old runtime ends ready, not stopped', async () => {
    await client.ready();
    assert.equal((await client.whenSettled()).kind, 'ready', `signed in with the stand-in account: ${warnings.join('; ')}`);
    const restarted = client.restart();
    // What a send does when it arrives during the restart (the old runtime is being stopped): it needs the client now.
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(client.state.kind === 'stopped' || !(await client.alive()), 'the restart began with stopping the old runtime');
    const asked = client.ready();
    const [fromRestart, fromSend] = await Promise.all([restarted, asked]);
    assert.equal(fromRestart, fromSend, 'one runtime for both');
    const settled = await client.whenSettled();
    // Whatever the old runtime's exit still does, the state stays what runs.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(settled.kind, 'ready');
    assert.equal(client.state.kind, 'ready', `the states in order: ${states.join(' → ')}`);
    assert.ok(await client.alive(), 'and it answers');
  });
});
