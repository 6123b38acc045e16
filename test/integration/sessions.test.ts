/**
 * The spec's scenarios, in the real extension host, against the real SDK and runtime and the stand-in model:
 * several independent sessions with their own models and histories, custom ids, listing, deleting, persistence.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, apiError, closeAllEditors, inStore, sleep, storeDir, unique, waitFor } from './helpers';

suite('Sessions (spec scenarios)', () => {
  suiteTeardown(closeAllEditors);

  test('three sessions on two models keep separate histories', async () => {
    const sessions = await api();
    const specs = [
      { model: 'stand-in-alpha', context: 'You are helping with a Python project', followUp: 'How do I create a virtual environment?' },
      { model: 'stand-in-alpha', context: 'You are helping with a TypeScript project', followUp: 'How do I set up tsconfig?' },
      { model: 'stand-in-beta', context: 'You are helping with a Go project', followUp: 'How do I initialize a module?' },
    ];
    const created = await Promise.all(specs.map((s) => sessions.create({ model: s.model })));
    assert.equal(new Set(created.map((c) => c.sessionId)).size, 3, 'three distinct ids');
    // All three at once through the one shared client.
    const first = await Promise.all(created.map((c, i) => sessions.send(c.sessionId, specs[i].context)));
    const second = await Promise.all(created.map((c, i) => sessions.send(c.sessionId, specs[i].followUp)));
    for (const [i, spec] of specs.entries()) {
      assert.equal(first[i], `ECHO model=${spec.model} users=1 [${spec.context}]`);
      // The follow-up's reply proves the model saw this session's context and nothing of the others.
      assert.equal(second[i], `ECHO model=${spec.model} users=2 [${spec.context} | ${spec.followUp}]`);
    }
    const listed = (await sessions.list()).map((s) => s.sessionId);
    for (const c of created) assert.ok(listed.includes(c.sessionId), `${c.sessionId} is listed`);
    for (const c of created) assert.ok(inStore(c.sessionId), `${c.sessionId} is in the store on disk`);
  });

  test('a custom session id is honoured', async () => {
    const sessions = await api();
    const id = unique('user-123-chat');
    const returned = await vscode.commands.executeCommand<string>('copilotSessions.newSession', {
      model: 'stand-in-gamma',
      sessionId: id,
      open: false,
    });
    assert.equal(returned, id);
    assert.equal(await sessions.send(id, 'hello'), 'ECHO model=stand-in-gamma users=1 [hello]');
    assert.ok(inStore(id), 'the store uses the custom id as the session folder');
    assert.equal((await sessions.list()).find((s) => s.sessionId === id)?.model, 'stand-in-gamma');
  });

  test('invalid custom ids are refused and nothing is created', async () => {
    const sessions = await api();
    const before = (await sessions.list()).length;
    const storeBefore = readdirSync(path.dirname(storeDir('x'))).length;
    const bad = ['../escape', 'a/b', 'has space', '.hidden', 'x'.repeat(129), 'tab\there', 'nul\u0000', 'new\nline', ''];
    for (const sessionId of bad) {
      const result = await vscode.commands.executeCommand<string | undefined>('copilotSessions.newSession', {
        model: 'stand-in-alpha',
        sessionId,
        open: false,
      });
      assert.equal(result, undefined, `${JSON.stringify(sessionId)} must be refused`);
      await assert.rejects(
        sessions.create({ model: 'stand-in-alpha', sessionId }),
        apiError('invalidId', /session ID/),
        `${JSON.stringify(sessionId)} refused by the API too`,
      );
    }
    assert.equal((await sessions.list()).length, before, 'no session was added to the index');
    assert.equal(readdirSync(path.dirname(storeDir('x'))).length, storeBefore, 'no session folder was written');
  });

  test('an existing id is refused and the existing session is left untouched', async () => {
    const sessions = await api();
    const id = unique('dup');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'original context');
    const result = await vscode.commands.executeCommand<string | undefined>('copilotSessions.newSession', {
      model: 'stand-in-beta',
      sessionId: id,
      open: false,
    });
    assert.equal(result, undefined);
    await assert.rejects(sessions.create({ model: 'stand-in-beta', sessionId: id }), apiError('duplicate', /already exists/));
    assert.equal((await sessions.list()).find((s) => s.sessionId === id)?.model, 'stand-in-alpha', 'model unchanged');
    const history = await sessions.history(id);
    assert.deepEqual(
      history.filter((h) => h.kind === 'user').map((h) => (h.kind === 'user' ? h.text : '')),
      ['original context'],
    );
    assert.equal(await sessions.send(id, 'still mine?'), 'ECHO model=stand-in-alpha users=2 [original context | still mine?]');
  });

  test('an id that exists only in the session store (made elsewhere) is refused', async () => {
    const sessions = await api();
    const id = unique('outside');
    // Another program (the CLI, another window) created this session in the same store.
    const { CopilotClient } = await import('@github/copilot-sdk');
    const elsewhere = path.join(process.env.TMPDIR ?? '/tmp', 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    const other = new CopilotClient({ workingDirectory: elsewhere });
    await other.start();
    try {
      const session = await other.createSession({ sessionId: id, model: 'stand-in-beta', onPermissionRequest: () => ({ kind: 'reject' }) });
      await session.sendAndWait({ prompt: 'made outside' });
      await session.disconnect();
    } finally {
      await other.stop();
    }
    assert.ok(inStore(id));
    await assert.rejects(sessions.create({ model: 'stand-in-alpha', sessionId: id }), apiError('duplicate', /already exists/));
    assert.ok(!(await sessions.list()).some((s) => s.sessionId === id), "the view lists only this workspace's sessions");
  });

  test('delete takes the session out of the list (into Recently deleted); Delete Permanently removes it from disk', async () => {
    const sessions = await api();
    const id = unique('to-delete');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'soon gone');
    assert.ok(inStore(id));
    const deleted = await vscode.commands.executeCommand<string[]>('copilotSessions.delete', id);
    assert.deepEqual(deleted, [id]);
    assert.ok(!(await sessions.list()).some((s) => s.sessionId === id), 'gone from the list');
    assert.ok(inStore(id), 'kept on disk while it is in Recently deleted');
    // Deleting again says so and changes nothing.
    assert.deepEqual(await vscode.commands.executeCommand<string[]>('copilotSessions.delete', id), []);
    assert.deepEqual(await vscode.commands.executeCommand<string[]>('copilotSessions.deletePermanently', id), [id]);
    assert.ok(!inStore(id), 'gone from disk');
  });

  test('history survives a client restart and the model gets it on the next turn', async () => {
    const sessions = await api();
    const id = unique('persist');
    await sessions.create({ model: 'stand-in-beta', sessionId: id });
    await sessions.send(id, "Let's discuss TypeScript generics");
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await waitFor('client ready', () => sessions.clientState.kind === 'ready');
    const history = await sessions.history(id);
    assert.deepEqual(
      history.filter((h) => h.kind !== 'tool').map((h) => h.kind),
      ['user', 'assistant'],
    );
    assert.equal(
      await sessions.send(id, 'What were we discussing?'),
      "ECHO model=stand-in-beta users=2 [Let's discuss TypeScript generics | What were we discussing?]",
    );
  });

  test('a session never sent a message survives a restart and is not shown as missing', async () => {
    const sessions = await api();
    const id = unique('unused');
    await sessions.create({ model: 'stand-in-gamma', sessionId: id });
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await vscode.commands.executeCommand('copilotSessions.refresh');
    assert.notEqual((await sessions.list()).find((s) => s.sessionId === id)?.status, 'missing');
    assert.equal(await sessions.send(id, 'first words'), 'ECHO model=stand-in-gamma users=1 [first words]');
  });

  test('a session missing from the store is shown as missing and can be removed', async () => {
    const sessions = await api();
    const id = unique('vanishing');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'here for now');
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    rmSync(storeDir(id), { recursive: true, force: true });
    await vscode.commands.executeCommand('copilotSessions.refresh');
    await waitFor('missing status', async () => (await sessions.list()).find((s) => s.sessionId === id)?.status === 'missing');
    await assert.rejects(sessions.history(id), apiError('missing', /no longer in the session store/));
    const removed = await vscode.commands.executeCommand<string[]>('copilotSessions.removeMissing', id);
    assert.deepEqual(removed, [id]);
    assert.ok(!(await sessions.list()).some((s) => s.sessionId === id));
  });

  test('a panel closed and opened again at once opens, with the history once (no second live SDK session)', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    assert.equal(await sessions.send(sessionId, 'remember this'), 'ECHO model=stand-in-alpha users=1 [remember this]');
    for (let round = 0; round < 8; round++) {
      await sessions.open(sessionId);
      // Closing the tab disconnects the session in the background; the user opens it again right away.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const late = sleep(20_000).then(() => assert.fail(`round ${round}: the panel did not open again within 20 s`));
      await Promise.race([sessions.open(sessionId), late]);
    }
    const users = (await sessions.history(sessionId)).filter((item) => item.kind === 'user');
    assert.deepEqual(
      users.map((item) => item.text),
      ['remember this'],
      'one user message, not doubled',
    );
    assert.equal(await sessions.send(sessionId, 'and now?'), 'ECHO model=stand-in-alpha users=2 [remember this | and now?]');
  });
});

suite('Turns', () => {
  test('a long streamed reply arrives whole', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const reply = await sessions.send(sessionId, 'stream please #long:300');
    assert.equal(reply.trim().split(' ').length, 300);
    assert.ok(reply.startsWith('w0 w1 ') && reply.trim().endsWith('w299'));
  });

  test('Stop ends a running turn and the session stays usable', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const turn = sessions.send(sessionId, 'take your time #slow:20000');
    await waitFor('busy', async () => (await sessions.list()).find((s) => s.sessionId === sessionId)?.status === 'busy');
    const started = Date.now();
    assert.equal(await vscode.commands.executeCommand('copilotSessions.stop', sessionId), true);
    await assert.rejects(turn, apiError('stopped', /stopped/));
    assert.ok(Date.now() - started < 5000, 'stopped promptly');
    assert.match(await sessions.send(sessionId, 'after stop'), /users=2 \[take your time #slow:20000 \| after stop\]/);
  });

  test('a failing model endpoint gives a clear error, and the next turn works', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-beta' });
    await assert.rejects(sessions.send(sessionId, 'break #error:400'), apiError('turnFailed', /400/));
    assert.equal((await sessions.list()).find((s) => s.sessionId === sessionId)?.status, 'error');
    const history = await sessions.history(sessionId);
    assert.ok(
      history.some((h) => h.kind === 'error' && /400/.test(h.message)),
      'the error is in the history',
    );
    assert.match(await sessions.send(sessionId, 'try again'), /^ECHO model=stand-in-beta users=2/);
  });

  test('a tool permission with no panel open is not approved', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const reply = await sessions.send(sessionId, 'run it #tool');
    assert.doesNotMatch(reply, /stand-in-tool-output/, 'the command did not run');
    const tool = (await sessions.history(sessionId)).find((h) => h.kind === 'tool');
    assert.equal(tool?.kind === 'tool' ? tool.status : undefined, 'failed');
  });

  test('the autoApprovePermissions setting, and only it, approves tools without asking', async () => {
    const sessions = await api();
    const config = vscode.workspace.getConfiguration('copilotSessions');
    assert.equal(config.get('autoApprovePermissions'), false, 'off by default');
    await config.update('autoApprovePermissions', true, vscode.ConfigurationTarget.Global);
    try {
      const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
      assert.match(await sessions.send(sessionId, 'run it #tool'), /Tool finished: stand-in-tool-output/);
    } finally {
      await config.update('autoApprovePermissions', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('empty prompts are refused without a turn', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    await assert.rejects(sessions.send(sessionId, '   \n '), apiError('empty', /empty/));
    assert.deepEqual(await sessions.history(sessionId), []);
  });
});
