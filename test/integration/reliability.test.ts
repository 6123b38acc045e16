/**
 * Faults in the real extension host: the runtime dying mid-turn, a corrupt session on disk; and one live session per
 * id however many users need it at once after a restart, with Stop working while it resumes.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { readStoredEvents } from '../../src/sessions/sessionStore';
import { api, apiError, closeAllEditors, runtimePids, sleep, storeDir, unique, waitFor } from './helpers';

suite('Reliability', () => {
  test('the runtime killed mid-turn: the turn fails fast, the client restarts, history is intact', async () => {
    const sessions = await api();
    const id = unique('killed');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    assert.match(await sessions.send(id, 'first turn'), /users=1/);
    const turn = sessions.send(id, 'slow turn #slow:20000');
    await waitFor('busy', async () => (await sessions.list()).find((s) => s.sessionId === id)?.status === 'busy');
    const pids = runtimePids();
    assert.ok(pids.length >= 1, 'found the runtime process');
    const killedAt = Date.now();
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await assert.rejects(turn, apiError('turnFailed', /runtime stopped/i, true));
    const failedAfter = Date.now() - killedAt;
    assert.ok(failedAfter < 2500, `the turn failed ${failedAfter} ms after the kill`);
    await waitFor('client restarted', () => sessions.clientState.kind === 'ready', 20_000);
    const reply = await sessions.send(id, 'after the crash');
    assert.match(reply, /^ECHO model=stand-in-alpha users=\d \[first turn \|/);
    assert.match(reply, /after the crash\]$/);
    const users = (await sessions.history(id)).filter((h) => h.kind === 'user').map((h) => (h.kind === 'user' ? h.text : ''));
    assert.equal(users.filter((u) => u === 'first turn').length, 1, 'events are not doubled');
    assert.equal(users.filter((u) => u === 'after the crash').length, 1);
  });

  test('Stop pressed just after a restart, while the session resumes: the session keeps answering', async function () {
    this.timeout(120_000);
    const sessions = await api();
    const { sessionId: id } = await sessions.create({ model: 'stand-in-alpha' });
    assert.match(await sessions.send(id, 'first'), /users=1/);
    // An abort that reached the runtime before it took the prompt left the session deaf to every later send.
    for (const delayMs of [0, 20, 60, 120]) {
      await vscode.commands.executeCommand('copilotSessions.restartClient');
      const slow = sessions.send(id, `stopped after ${delayMs} ms #slow:600`);
      setTimeout(() => void vscode.commands.executeCommand('copilotSessions.stop', id), delayMs);
      await slow.catch(() => undefined);
      const reply = await Promise.race([
        sessions.send(id, `after a stop at ${delayMs} ms`),
        new Promise<string>((resolve) => setTimeout(() => resolve('no reply within 15 s'), 15_000)),
      ]);
      assert.match(reply, new RegExp(`after a stop at ${delayMs} ms\\]$`), `stop at ${delayMs} ms`);
    }
    await sessions.delete(id);
  });

  test('a session whose events file is overwritten with garbage: it says its history cannot be read, nothing is written to it, others keep working', async () => {
    const sessions = await api();
    const broken = unique('corrupt');
    const healthy = unique('healthy');
    await sessions.create({ model: 'stand-in-alpha', sessionId: broken });
    await sessions.send(broken, 'soon corrupted');
    await sessions.create({ model: 'stand-in-alpha', sessionId: healthy });
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
    const file = path.join(storeDir(broken), 'events.jsonl');
    const garbage = '{"this is": not json\n\u0000\u0001garbage';
    writeFileSync(file, garbage);
    const unreadable =
      /^The history of the session "corrupt-[^"]+" could not be read: its file in the session store is damaged\. Nothing was written to it\.$/;
    await assert.rejects(sessions.history(broken), apiError('missing', unreadable));
    await assert.rejects(sessions.send(broken, 'write over it?'), apiError('missing', unreadable));
    const exported = path.join(process.env.TMPDIR ?? '/tmp', `${broken}.json`);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('copilotSessions.exportJson', broken, exported)),
      (error: unknown) => error instanceof Error && unreadable.test(error.message),
    );
    assert.ok(!existsSync(exported), 'nothing exported');
    assert.equal((await sessions.list()).find((s) => s.sessionId === broken)?.status, 'error');
    assert.equal(readFileSync(file, 'utf8'), garbage, 'nothing was written to the damaged session');
    assert.equal(await sessions.send(healthy, 'still fine?'), 'ECHO model=stand-in-alpha users=1 [still fine?]');
  });
});

suite('One live session per id', () => {
  suiteTeardown(closeAllEditors);

  test('after a client restart, a panel, an export, history() and a send at once resume the session once', async () => {
    const sessions = await api();
    const id = unique('at-once');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    assert.equal(await sessions.send(id, 'before the restart'), 'ECHO model=stand-in-alpha users=1 [before the restart]');
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
    const resumes = async () => (await readStoredEvents(id)).filter((e) => e.type === 'session.resume').length;
    const resumedBefore = await resumes();
    const exportPath = path.join(process.env.TMPDIR ?? '/tmp', `${id}.json`);
    const [opened, exported, history, reply] = await Promise.all([
      vscode.commands.executeCommand('copilotSessions.open', id),
      vscode.commands.executeCommand('copilotSessions.exportJson', id, exportPath),
      sessions.history(id),
      sessions.send(id, 'after the restart'),
    ]);
    assert.equal(opened, true);
    assert.equal(exported, exportPath);
    assert.equal(reply, 'ECHO model=stand-in-alpha users=2 [before the restart | after the restart]', 'the model got the history once');
    assert.equal(history.filter((h) => h.kind === 'user' && h.text === 'before the restart').length, 1);
    const inExport = (JSON.parse(readFileSync(exportPath, 'utf8')) as Array<{ type: string; data: { content?: string } }>).filter(
      (e) => e.type === 'user.message' && e.data.content === 'before the restart',
    );
    assert.equal(inExport.length, 1, 'the export has the first prompt once');

    assert.equal((await resumes()) - resumedBefore, 1, 'one session.resume after the restart: one runtime session');
    const events = await readStoredEvents(id);
    const users = events.filter((e) => e.type === 'user.message').map((e) => (e.data as { content?: string }).content);
    assert.deepEqual(users, ['before the restart', 'after the restart'], 'each user message once');
    const replies = events.filter((e) => e.type === 'assistant.message' && (e.data as { content?: string }).content === reply);
    assert.equal(replies.length, 1, 'the reply arrived once');
    const after = (await sessions.history(id)).filter((h) => h.kind === 'assistant' && h.text === reply);
    assert.equal(after.length, 1, 'and is shown once');
  });

  test('Stop while the session resumes and the runtime does not answer: the send ends as stopped at once', async function () {
    this.timeout(90_000);
    const sessions = await api();
    const id = unique('resume-hangs');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    assert.equal(await sessions.send(id, 'first'), 'ECHO model=stand-in-alpha users=1 [first]');
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
    const [runtime] = await waitFor('the new runtime, alone', () => {
      const pids = runtimePids();
      return pids.length === 1 ? pids : undefined;
    });
    // Paused, the runtime takes requests and answers none: the resume hangs.
    process.kill(runtime, 'SIGSTOP');
    try {
      const outcome = sessions.send(id, 'x').then(
        (reply) => ({ reply }),
        (error: unknown) => ({ error }),
      );
      await waitFor('busy', async () => (await sessions.list()).find((s) => s.sessionId === id)?.status === 'busy', 10_000);
      const stoppedAt = Date.now();
      assert.equal(await vscode.commands.executeCommand('copilotSessions.stop', id), true, 'Stop found the turn');
      const result = await Promise.race([outcome, sleep(2000).then(() => ({ timedOut: true }))]);
      assert.ok('error' in result, `the send ended within 2 s as stopped: ${JSON.stringify(result)}`);
      apiError('stopped')(result.error);
      assert.ok(Date.now() - stoppedAt < 2000);
      assert.equal((await sessions.list()).find((s) => s.sessionId === id)?.status, 'idle');
    } finally {
      process.kill(runtime, 'SIGCONT');
    }
    // The stopped prompt was never sent; the session answers the next one with its history.
    assert.equal(await sessions.send(id, 'after'), 'ECHO model=stand-in-alpha users=2 [first | after]');
  });

  test('Restart Client while the runtime answers nothing: the old one is stopped by force and a new one is ready', async function () {
    this.timeout(60_000);
    const sessions = await api();
    const id = unique('restart-hung');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    assert.equal(await sessions.send(id, 'first'), 'ECHO model=stand-in-alpha users=1 [first]');
    const [runtime] = await waitFor('the runtime, alone', () => {
      const pids = runtimePids();
      return pids.length === 1 ? pids : undefined;
    });
    process.kill(runtime, 'SIGSTOP');
    try {
      // The SDK's own stop waits for the runtime to let each live session go, which a paused one never does.
      await vscode.commands.executeCommand('copilotSessions.restartClient');
      await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
      assert.ok(!runtimePids().includes(runtime), 'the runtime that did not answer was stopped');
    } finally {
      try {
        process.kill(runtime, 'SIGCONT');
      } catch {
        // Gone: stopped by force.
      }
    }
    assert.equal(await sessions.send(id, 'after'), 'ECHO model=stand-in-alpha users=2 [first | after]');
  });
});
