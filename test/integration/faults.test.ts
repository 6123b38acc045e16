/**
 * The fault suite: the model endpoint failing in every way users meet, bad input from the palette, other extensions
 * and the API, a soak with random Stops and a runtime kill. Each case counts toward the figures in the README.
 */
import assert from 'node:assert/strict';
import { truncateSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, inStore, runtimePids, settleClient, storeDir, unique, waitFor } from './helpers';

const config = () => vscode.workspace.getConfiguration('copilotSessions');

suite('Faults: the model endpoint failing', () => {
  suiteTeardown(async () => {
    await config().update('turnTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  const expected: Record<number, RegExp> = { 400: /400/, 401: /Authorization error|401/, 404: /404/, 500: /500/ };
  for (const status of [400, 401, 404, 500]) {
    test(`HTTP ${status}: a clear error, the prompt kept, another session unaffected`, async function () {
      this.timeout(90_000);
      const sessions = await api();
      const failing = await sessions.create({ model: 'stand-in-alpha' });
      const healthy = await sessions.create({ model: 'stand-in-beta' });
      const prompt = `this fails #error:${status}`;
      const [failed, fine] = await Promise.allSettled([
        sessions.send(failing.sessionId, prompt),
        sessions.send(healthy.sessionId, 'meanwhile'),
      ]);
      assert.equal(failed.status, 'rejected');
      assert.match(String(failed.reason), expected[status]);
      assert.deepEqual(fine, { status: 'fulfilled', value: 'ECHO model=stand-in-beta users=1 [meanwhile]' });
      const history = await sessions.history(failing.sessionId);
      assert.ok(
        history.some((h) => h.kind === 'user' && h.text === prompt),
        'the prompt is kept in the history',
      );
      assert.ok(
        history.some((h) => h.kind === 'error'),
        'the error is shown',
      );
      // The failed turn's late idle must not be taken for the next turn's reply.
      assert.match(await sessions.send(failing.sessionId, 'next'), /^ECHO model=stand-in-alpha users=2 \[.* \| next\]$/);
    });
  }

  test('a reply that never ends is stopped after the turn timeout, with a clear message', async function () {
    this.timeout(60_000);
    const sessions = await api();
    await config().update('turnTimeoutSeconds', 3, vscode.ConfigurationTarget.Global);
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const started = Date.now();
    await assert.rejects(sessions.send(sessionId, 'never ends #hang'), /No reply from the model for 3 seconds/);
    assert.ok(Date.now() - started < 15_000);
    await config().update('turnTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    assert.match(await sessions.send(sessionId, 'and now?'), /\[never ends #hang \| and now\?\]$/);
  });
});

suite('Faults: an endpoint that refuses connections', () => {
  test('connection refused: a clear error and the prompt kept', async function () {
    this.timeout(120_000);
    const sessions = await api();
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    await config().update('provider.baseUrl', `http://127.0.0.1:${closedPort}/v1`, vscode.ConfigurationTarget.Global);
    await config().update('provider.models', ['byok-refused'], vscode.ConfigurationTarget.Global);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await vscode.commands.executeCommand('copilotSessions.setApiKey', 'refused-key');
      await waitFor('own endpoint', () => (sessions.clientState.kind === 'ready' && sessions.clientState.byok ? true : undefined), 30_000);
      const { sessionId } = await sessions.create({ model: 'byok-refused' });
      await assert.rejects(sessions.send(sessionId, 'anyone there?'), /ECONNREFUSED|connect|fetch failed|refused/i);
      const history = await sessions.history(sessionId);
      assert.ok(
        history.some((h) => h.kind === 'user' && h.text === 'anyone there?'),
        'the prompt is kept',
      );
    } finally {
      await config().update('provider.baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await config().update('provider.models', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('copilotSessions.clearApiKey');
      await settleClient();
    }
  });
});

suite('Faults: the session store', () => {
  test('a truncated events file: the others keep working and nothing is thrown at the user', async () => {
    const sessions = await api();
    const truncated = unique('truncated');
    await sessions.create({ model: 'stand-in-alpha', sessionId: truncated });
    await sessions.send(truncated, 'first');
    await sessions.send(truncated, 'second');
    const other = await sessions.create({ model: 'stand-in-alpha' });
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    truncateSync(path.join(storeDir(truncated), 'events.jsonl'), 300);
    await sessions.history(truncated).catch((error: unknown) => assert.ok(error instanceof Error && error.message));
    assert.match(await sessions.send(other.sessionId, 'unaffected'), /users=1 \[unaffected\]/);
  });
});

suite('Bad input', () => {
  test('malformed command arguments are refused and nothing is created or changed', async () => {
    const sessions = await api();
    const before = JSON.stringify(await sessions.list());
    const calls: Array<[string, unknown[]]> = [
      ['copilotSessions.newSession', ['gpt-5']],
      ['copilotSessions.newSession', [{ model: 42 }]],
      ['copilotSessions.newSession', [{ model: 'stand-in-alpha', sessionId: '../../etc' }]],
      ['copilotSessions.newSession', [{ model: 'stand-in-alpha', unknown: true }]],
      ['copilotSessions.open', [{ id: '../x' }]],
      ['copilotSessions.open', ['no-such-session']],
      ['copilotSessions.delete', [42]],
      ['copilotSessions.delete', [['ok-looking', '../bad']]],
      ['copilotSessions.delete', ['no-such-session']],
      ['copilotSessions.rename', ['no-such-session', 'x']],
      ['copilotSessions.deleteOlderThan', ['30']],
      ['copilotSessions.deleteOlderThan', [-1]],
      ['copilotSessions.setApiKey', [{ key: 'x' }]],
      ['copilotSessions.stop', [{}]],
    ];
    for (const [command, args] of calls) {
      const result = await vscode.commands.executeCommand(command, ...args);
      assert.ok(
        result === undefined || result === false || (Array.isArray(result) && result.length === 0),
        `${command}(${JSON.stringify(args)}) → ${JSON.stringify(result)}`,
      );
    }
    assert.equal(JSON.stringify(await sessions.list()), before, 'the index is unchanged');
  });

  test('the API refuses bad input with a reason', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    await assert.rejects(sessions.send(sessionId, ''), /empty/);
    await assert.rejects(sessions.send('../../x', 'hi'), /not a session id/);
    await assert.rejects(sessions.send('unknown-session', 'hi'), /no session "unknown-session"/);
    await assert.rejects(sessions.create({ model: '' }), /model/);
    await assert.rejects(sessions.create({ model: 'm', sessionId: 'a b' }), /letters, digits/);
  });

  test('a 1 MB prompt is sent whole', async function () {
    this.timeout(60_000);
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const big = `start ${'x'.repeat(1_000_000 - 20)} end #reply:got it`;
    assert.equal(await sessions.send(sessionId, big), 'got it');
    const user = (await sessions.history(sessionId)).find((h) => h.kind === 'user');
    assert.equal(user?.kind === 'user' ? user.text.length : 0, big.length);
  });
});

suite('Soak', () => {
  test('200 turns over 10 sessions with random Stops and one runtime kill: every completed turn is kept', async function () {
    this.timeout(300_000);
    const sessions = await api();
    const ids = await Promise.all(Array.from({ length: 10 }, () => sessions.create({ model: 'stand-in-alpha' }).then((s) => s.sessionId)));
    const completed = new Map<string, string[]>(ids.map((id) => [id, []]));
    let stops = 0;
    let failures = 0;
    let killed = false;
    let turnNo = 0;
    await Promise.all(
      ids.map(async (id, worker) => {
        for (let i = 0; i < 20; i++) {
          const n = turnNo++;
          const startedAt = Date.now();
          const slow = n % 7 === 3;
          const prompt = `turn ${worker}-${i}${slow ? ' #slow:600' : ''}`;
          const turn = sessions.send(id, prompt);
          if (slow) {
            setTimeout(() => {
              stops++;
              void vscode.commands.executeCommand('copilotSessions.stop', id);
            }, 150);
          }
          if (n === 100 && !killed) {
            killed = true;
            setTimeout(() => runtimePids().forEach((pid) => process.kill(pid, 'SIGKILL')), 5);
          }
          try {
            await turn;
            completed.get(id)!.push(prompt);
            if (Date.now() - startedAt > 3000) console.log(`soak: slow turn ${prompt}: ${Date.now() - startedAt} ms`);
          } catch {
            failures++;
            await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
          }
        }
      }),
    );
    assert.ok(killed && stops > 0);
    let kept = 0;
    for (const id of ids) {
      const users = (await sessions.history(id)).filter((h) => h.kind === 'user').map((h) => (h.kind === 'user' ? h.text : ''));
      for (const prompt of completed.get(id)!) {
        assert.ok(users.includes(prompt), `${id}: completed turn "${prompt}" is in the history`);
        kept++;
      }
      assert.equal(new Set(users).size, users.length, `${id}: no doubled user messages`);
      assert.ok(inStore(id));
    }
    console.log(`soak: 200 turns, ${kept} completed and kept, ${failures} failed or stopped (${stops} Stop presses, 1 runtime kill)`);
    assert.equal(kept + failures, 200);
  });
});
