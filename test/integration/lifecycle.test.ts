/**
 * The session lifecycle in the real extension host against the real runtime: forks (at a turn and whole), as the
 * model then hears them.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, unique } from './helpers';

suite('Lifecycle', () => {
  suiteTeardown(closeAllEditors);

  test('fork at the second of three turns: the fork hears two, the source keeps three', async () => {
    const sessions = await api();
    const id = unique('fork-source');
    await sessions.create({ model: 'stand-in-beta', sessionId: id });
    for (const prompt of ['one', 'two', 'three']) await sessions.send(id, prompt);
    const second = (await sessions.history(id)).filter((item) => item.kind === 'user')[1];
    assert.ok(second, 'the second user message');
    const fork = await sessions.fork(id, { atItemId: second.id });
    assert.notEqual(fork.sessionId, id);
    assert.equal(fork.model, 'stand-in-beta', 'on the same model');
    assert.match(fork.title, /\(fork\)$/);
    assert.equal(await sessions.send(fork.sessionId, 'four'), 'ECHO model=stand-in-beta users=3 [one | two | four]');
    assert.equal(await sessions.send(id, 'five'), 'ECHO model=stand-in-beta users=4 [one | two | three | five]', 'the source is its own');

    // The whole session, from the palette command with arguments: opens the fork's panel and returns its id.
    const whole = await vscode.commands.executeCommand<string>('copilotSessions.fork', id);
    assert.ok(whole && whole !== id);
    assert.equal(await sessions.send(whole, 'six'), 'ECHO model=stand-in-beta users=5 [one | two | three | five | six]');

    await assert.rejects(
      sessions.fork(id, { atItemId: 'not-a-message' }),
      (e: { code?: string; message?: string }) => e.code === 'missing' && /no such message/.test(e.message ?? ''),
    );
    const fresh = unique('fork-empty');
    await sessions.create({ model: 'stand-in-beta', sessionId: fresh });
    await assert.rejects(
      sessions.fork(fresh),
      (e: { code?: string; message?: string }) => e.code === 'missing' && /nothing to fork/.test(e.message ?? ''),
    );
  });
});
