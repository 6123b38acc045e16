/**
 * The session lifecycle in the real extension host against the real runtime: forks (at a turn and whole), as the
 * model then hears them.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { api, apiError, closeAllEditors, settleClient, unique, waitFor } from './helpers';

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

suite('Lifecycle: queue, model, rewind, compact', () => {
  suiteTeardown(closeAllEditors);

  test('two prompts queued during a slow reply run after it, in order, each resolving with its own reply', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const first = sessions.send(sessionId, 'one #slow:1000');
    await waitFor('busy', async () => (await sessions.list()).find((s) => s.sessionId === sessionId)?.status === 'busy');
    const second = sessions.send(sessionId, 'two');
    const third = sessions.send(sessionId, 'three');
    assert.deepEqual(await Promise.all([first, second, third]), [
      'ECHO model=stand-in-alpha users=1 [one #slow:1000]',
      'ECHO model=stand-in-alpha users=2 [one #slow:1000 | two]',
      'ECHO model=stand-in-alpha users=3 [one #slow:1000 | two | three]',
    ]);
  });

  test('a model switch takes effect from the next turn, is in the history, and survives a client restart', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    assert.equal(await sessions.send(sessionId, 'before'), 'ECHO model=stand-in-alpha users=1 [before]');
    const info = await sessions.setModel(sessionId, 'stand-in-gamma');
    assert.equal(info.model, 'stand-in-gamma');
    assert.equal(await sessions.send(sessionId, 'after'), 'ECHO model=stand-in-gamma users=2 [before | after]');
    const change = (await sessions.history(sessionId)).find((item) => item.kind === 'change');
    assert.deepEqual(change?.kind === 'change' ? change.change : undefined, { type: 'model', model: 'stand-in-gamma' });
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await settleClient();
    assert.equal(await sessions.send(sessionId, 'restarted'), 'ECHO model=stand-in-gamma users=3 [before | after | restarted]');
    // A reasoning effort the model does not have is refused by the runtime, said as such, and changes nothing.
    await assert.rejects(
      sessions.setModel(sessionId, 'stand-in-beta', { reasoningEffort: 'high' }),
      apiError('invalidArgument', /not supported for model 'stand-in-beta'/),
    );
    assert.equal((await sessions.list()).find((s) => s.sessionId === sessionId)?.model, 'stand-in-gamma');
    await assert.rejects(sessions.setModel(sessionId, ''), apiError('invalidArgument', /model id/));
    await assert.rejects(
      sessions.setModel(sessionId, 'stand-in-alpha', { reasoningEffort: 'huge' as 'high' }),
      apiError('invalidArgument', /reasoningEffort/),
    );
  });

  test('rewind to the second of three turns: the model then hears one, the prompt comes back, a created file goes', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder');
    const created = path.join(folder, `${unique('rewound')}.txt`);
    await sessions.send(sessionId, 'one');
    // The second turn creates a file (its permission approved by the user-only setting, as no panel is open to ask).
    const config = vscode.workspace.getConfiguration('copilotSessions');
    await config.update('autoApprovePermissions', true, vscode.ConfigurationTarget.Global);
    try {
      await sessions.send(sessionId, `two #write:${created}`);
    } finally {
      await config.update('autoApprovePermissions', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(fs.existsSync(created), true, 'the second turn created the file');
    await sessions.send(sessionId, 'three');
    const second = (await sessions.history(sessionId)).filter((item) => item.kind === 'user')[1];
    assert.ok(second);
    const outcome = await sessions.rewind(sessionId, second.id);
    assert.equal(outcome.prompt, `two #write:${created}`);
    assert.deepEqual(
      outcome.restoredFiles.map((f) => path.resolve(folder, f)),
      [created],
    );
    const users = (await sessions.history(sessionId)).filter((item) => item.kind === 'user');
    assert.deepEqual(
      users.map((u) => (u.kind === 'user' ? u.text : '')),
      ['one'],
    );
    assert.equal(await sessions.send(sessionId, 'four'), 'ECHO model=stand-in-alpha users=2 [one | four]');
    assert.equal(fs.existsSync(created), false);
    await assert.rejects(sessions.rewind(sessionId, 'not-a-message'), apiError('invalidArgument', /no such message/));
  });

  test('compact summarises the history and says so in it; the next turn still works', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    await sessions.send(sessionId, 'alpha');
    await sessions.send(sessionId, 'beta');
    const removed = await sessions.compact(sessionId);
    assert.ok(removed > 0, `messages summarised: ${removed}`);
    const change = (await sessions.history(sessionId)).find((item) => item.kind === 'change');
    assert.equal(change?.kind === 'change' ? change.change.type : undefined, 'compaction');
    assert.match(await sessions.send(sessionId, 'gamma'), /^ECHO model=stand-in-alpha [\s\S]*\| gamma\]$/);
    const empty = await sessions.create({ model: 'stand-in-alpha' });
    await assert.rejects(sessions.compact(empty.sessionId), apiError('empty', /no history to compact/));
  });
});
