/**
 * The fault suite: the model endpoint failing in every way users meet, bad input from the palette, other extensions
 * and the API, a soak with random Stops and a runtime kill. Each case counts toward the figures in the README.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { sessionStoreDir } from '../../src/sessions/sessionStore';
import { api, apiError, inStore, runtimePids, runtimeProcesses, settleClient, sleep, storeDir, unique, waitFor } from './helpers';

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
      apiError('turnFailed', expected[status])(failed.status === 'rejected' ? failed.reason : undefined);
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
    await assert.rejects(
      sessions.send(sessionId, 'never ends #hang'),
      apiError('turnFailed', /No reply from the model for 3 seconds/, true),
    );
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
      await assert.rejects(sessions.send(sessionId, 'anyone there?'), apiError('turnFailed', /ECONNREFUSED|connect|fetch failed|refused/i));
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
  test('an events file whose last line is cut in half: the session opens with everything before it and keeps working', async () => {
    const sessions = await api();
    const truncated = unique('truncated');
    await sessions.create({ model: 'stand-in-alpha', sessionId: truncated });
    await sessions.send(truncated, 'first');
    await sessions.send(truncated, 'second');
    const other = await sessions.create({ model: 'stand-in-alpha' });
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
    // What a crash in the middle of a write leaves: the last event half written.
    const file = path.join(storeDir(truncated), 'events.jsonl');
    const text = readFileSync(file, 'utf8').trimEnd();
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    truncateSync(file, Buffer.byteLength(text) - Math.ceil(Buffer.byteLength(lastLine) / 2));
    const history = await sessions.history(truncated);
    assert.deepEqual(
      history
        .filter((h) => h.kind === 'user' || h.kind === 'assistant')
        .map((h) => (h.kind === 'user' ? h.text : h.kind === 'assistant' ? h.text : '')),
      ['first', 'ECHO model=stand-in-alpha users=1 [first]', 'second', 'ECHO model=stand-in-alpha users=2 [first | second]'],
    );
    assert.ok(!history.some((h) => h.kind === 'error'), 'no error shown');
    assert.equal((await sessions.list()).find((s) => s.sessionId === truncated)?.status, 'idle');
    assert.equal(await sessions.send(truncated, 'third'), 'ECHO model=stand-in-alpha users=3 [first | second | third]');
    // The runtime dropped the cut line: the file is whole again, so the next start reads it too.
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line));
    assert.equal(await sessions.send(other.sessionId, 'unaffected'), 'ECHO model=stand-in-alpha users=1 [unaffected]');
  });
});

suite('Bad input', () => {
  /** What a refusal must leave as it was: the list, the store's session folders, the open tabs. */
  async function snapshot(): Promise<string> {
    const sessions = await api();
    const store = existsSync(sessionStoreDir()) ? readdirSync(sessionStoreDir()).sort() : [];
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
    return JSON.stringify({ list: await sessions.list(), store, tabs });
  }

  test('malformed command arguments are refused with the command\'s "nothing done" value, and nothing changes', async () => {
    const sessions = await api();
    const existing = unique('existing');
    await sessions.create({ model: 'stand-in-alpha', sessionId: existing });
    const before = await snapshot();
    // [command, arguments, what it returns when it does nothing]
    const calls: Array<[string, unknown[], unknown]> = [
      ['copilotSessions.newSession', ['gpt-5'], undefined],
      ['copilotSessions.newSession', [{ model: 42 }], undefined],
      ['copilotSessions.newSession', [{ model: 'stand-in-alpha', sessionId: '../../etc' }], undefined],
      ['copilotSessions.newSession', [{ model: 'stand-in-alpha', sessionId: existing, open: false }], undefined],
      ['copilotSessions.newSession', [{ model: 'stand-in-alpha', unknown: true }], undefined],
      ['copilotSessions.open', [{ id: '../x' }], false],
      ['copilotSessions.open', ['no-such-session'], false],
      ['copilotSessions.delete', [42], []],
      ['copilotSessions.delete', [['ok-looking', '../bad']], []],
      ['copilotSessions.delete', ['no-such-session'], []],
      ['copilotSessions.rename', ['no-such-session', 'x'], false],
      ['copilotSessions.rename', [existing, 42], false],
      ['copilotSessions.deleteOlderThan', ['30'], undefined],
      ['copilotSessions.deleteOlderThan', [-1], undefined],
      ['copilotSessions.deleteOlderThan', [{ days: 0 }], undefined],
      ['copilotSessions.deleteOlderThan', [{ days: 7, extra: true }], undefined],
      ['copilotSessions.setApiKey', [{ key: 'x' }], false],
      ['copilotSessions.stop', [{}], false],
      ['copilotSessions.exportJson', [existing, 42], undefined],
      ['copilotSessions.search', [42], undefined],
      ['copilotSessions.import', ['../x'], undefined],
    ];
    for (const [command, args, nothingDone] of calls) {
      const call = `${command}(${JSON.stringify(args)})`;
      const result = await Promise.resolve(vscode.commands.executeCommand(command, ...args)).catch(
        (error: unknown) => `rejected: ${error instanceof Error ? error.message : String(error)}`,
      );
      assert.deepEqual(result, nothingDone, call);
    }
    assert.equal(await snapshot(), before, 'the list, the store and the open tabs are unchanged');
    assert.equal((await sessions.list()).find((s) => s.sessionId === existing)?.model, 'stand-in-alpha');
  });

  test('the API refuses bad input with a code and a sentence, and nothing changes', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const before = await snapshot();
    const bad = sessions as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await assert.rejects(sessions.send(sessionId, ''), apiError('empty'));
    await assert.rejects(sessions.send(sessionId, ' \n\t '), apiError('empty'));
    await assert.rejects(bad.send(sessionId, 42), apiError('empty'));
    await assert.rejects(sessions.send('../../x', 'hi'), apiError('invalidId', /not a session id/));
    await assert.rejects(sessions.send('unknown-session', 'hi'), apiError('missing', /no session "unknown-session"/));
    await assert.rejects(sessions.history('../x'), apiError('invalidId'));
    await assert.rejects(sessions.open('unknown-session'), apiError('missing'));
    await assert.rejects(sessions.delete('unknown-session'), apiError('missing'));
    await assert.rejects(sessions.create({ model: '' }), apiError('invalidArgument', /model/));
    await assert.rejects(bad.create({ model: 'stand-in-alpha', extra: 1 }), apiError('invalidArgument', /unknown fields extra/));
    await assert.rejects(bad.create('stand-in-alpha'), apiError('invalidArgument'));
    await assert.rejects(sessions.create({ model: 'm', sessionId: 'a b' }), apiError('invalidId', /letters, digits/));
    await assert.rejects(sessions.create({ model: 'stand-in-alpha', sessionId }), apiError('duplicate', /already exists/));
    assert.equal(await snapshot(), before, 'the list, the store and the open tabs are unchanged');
    assert.deepEqual(await sessions.history(sessionId), [], 'nothing was sent');
  });

  test('a second prompt while a turn runs is queued: each resolves with its own reply, in order', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const first = sessions.send(sessionId, 'first #slow:800');
    await waitFor('busy', async () => (await sessions.list()).find((s) => s.sessionId === sessionId)?.status === 'busy');
    const second = sessions.send(sessionId, 'second');
    assert.equal(await first, 'ECHO model=stand-in-alpha users=1 [first #slow:800]');
    assert.equal(await second, 'ECHO model=stand-in-alpha users=2 [first #slow:800 | second]');
    const users = (await sessions.history(sessionId)).filter((h) => h.kind === 'user');
    assert.deepEqual(
      users.map((u) => (u.kind === 'user' ? u.text : '')),
      ['first #slow:800', 'second'],
    );
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
  interface SoakTurn {
    worker: number;
    i: number;
    prompt: string;
    startedAt: number;
    endedAt?: number;
    /** Stop was pressed while this turn ran (and the command said it stopped it). */
    stopPressed: boolean;
    stopResult?: Thenable<unknown>;
    /** In flight when the runtime was killed: it was frozen first, so nothing it had not yet sent could arrive. */
    caught: boolean;
    reply?: string;
    error?: { code?: string; message?: string };
  }

  /** True when every item of `part` is in `whole`, in the same order, each at most once. */
  const inOrder = (part: string[], whole: string[]): boolean => {
    let at = 0;
    for (const item of part) {
      at = whole.indexOf(item, at) + 1;
      if (at === 0) return false;
    }
    return true;
  };

  test('200 turns over 10 sessions with random Stops and one runtime kill: every other turn answered, nothing left running', async function () {
    this.timeout(300_000);
    const sessions = await api();
    await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
    const ids = await Promise.all(Array.from({ length: 10 }, () => sessions.create({ model: 'stand-in-alpha' }).then((s) => s.sessionId)));
    const turns: SoakTurn[] = [];
    // Every runtime process (and anything below it) this window had during the soak.
    const seen = new Map<number, string>();
    const sample = () => runtimeProcesses().forEach((p) => seen.set(p.pid, p.args));
    sample();
    const sampler = setInterval(sample, 1000);
    let killing: Promise<void> | undefined;
    const kill = async () => {
      const pids = runtimePids();
      assert.equal(pids.length, 1, `one runtime to kill: ${pids.join(', ')}`);
      sample();
      // Frozen first, then given time to deliver what it had already written: a turn still running after that
      // cannot complete any more, so the kill catches exactly the turns in flight when it lands.
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      await sleep(400);
      for (const turn of turns) if (turn.endedAt === undefined) turn.caught = true;
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    };
    let turnNo = 0;
    try {
      await Promise.all(
        ids.map(async (id, worker) => {
          for (let i = 0; i < 20; i++) {
            const n = turnNo++;
            const slow = n % 7 === 3;
            const turn: SoakTurn = {
              worker,
              i,
              prompt: `turn ${worker}-${i}${slow ? ' #slow:600' : ''}`,
              startedAt: Date.now(),
              stopPressed: false,
              caught: false,
            };
            turns.push(turn);
            const sent = sessions.send(id, turn.prompt);
            if (slow) {
              setTimeout(() => {
                if (turn.endedAt !== undefined) return;
                turn.stopPressed = true;
                turn.stopResult = vscode.commands.executeCommand('copilotSessions.stop', id);
              }, 150);
            }
            if (n === 100) killing = sleep(5).then(kill);
            try {
              turn.reply = await sent;
            } catch (error) {
              turn.error = error as SoakTurn['error'];
            } finally {
              turn.endedAt = Date.now();
            }
            if (turn.error) await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
          }
        }),
      );
      await killing;
    } finally {
      clearInterval(sampler);
    }
    assert.ok(killing, 'the runtime was killed');
    const stops = turns.filter((t) => t.stopPressed);
    const caught = turns.filter((t) => t.caught);
    assert.ok(stops.length > 0 && caught.length > 0, `${stops.length} stopped, ${caught.length} caught by the kill`);
    for (const stop of stops) assert.equal(await stop.stopResult, true, `Stop found "${stop.prompt}" running`);

    for (const turn of turns) {
      const what = `"${turn.prompt}" (${turn.stopPressed ? 'stopped' : ''}${turn.caught ? ' caught by the kill' : ''})`;
      if (turn.stopPressed || turn.caught) {
        assert.ok(turn.error, `${what} completed: ${turn.reply}`);
        const codes = [...(turn.stopPressed ? ['stopped'] : []), ...(turn.caught ? ['turnFailed'] : [])];
        assert.ok(codes.includes(String(turn.error.code)), `${what} failed with ${turn.error.code}: ${turn.error.message}`);
        if (turn.error.code === 'turnFailed') assert.match(String(turn.error.message), /runtime stopped/, what);
        continue;
      }
      assert.equal(turn.error, undefined, `${what} failed: ${turn.error?.code} ${turn.error?.message}`);
      // The stand-in echoes what it received: this session's own prompts, in order, ending with this one, and every
      // earlier turn of this session that completed.
      const echo = /^ECHO model=stand-in-alpha users=(\d+) \[(.*)\]$/s.exec(turn.reply ?? '');
      assert.ok(echo, `${what} got "${turn.reply}"`);
      const echoed = echo[2].split(' | ');
      assert.equal(echoed.length, Number(echo[1]), `${what}: ${turn.reply}`);
      assert.equal(echoed[echoed.length - 1], turn.prompt, `${what}: ${turn.reply}`);
      const earlier = turns.filter((t) => t.worker === turn.worker && t.i < turn.i);
      assert.ok(
        inOrder(echoed, earlier.map((t) => t.prompt).concat(turn.prompt)),
        `${what}: only its own prompts, in order, once each: ${turn.reply}`,
      );
      const completedBefore = earlier.filter((t) => !t.error).map((t) => t.prompt);
      assert.ok(inOrder(completedBefore, echoed), `${what}: every earlier completed turn is in the history: ${turn.reply}`);
    }
    const failures = turns.filter((t) => t.error);
    assert.equal(failures.length, turns.filter((t) => t.stopPressed || t.caught).length, 'failures = turns stopped or caught by the kill');

    for (const id of ids) {
      const users = (await sessions.history(id)).filter((h) => h.kind === 'user').map((h) => (h.kind === 'user' ? h.text : ''));
      for (const turn of turns.filter((t) => ids[t.worker] === id && !t.error)) {
        assert.ok(users.includes(turn.prompt), `${id}: completed turn "${turn.prompt}" is in the history`);
      }
      assert.equal(new Set(users).size, users.length, `${id}: no doubled user messages`);
      assert.ok(inStore(id));
    }

    const durations = turns.map((t) => (t.endedAt ?? Date.now()) - t.startedAt).sort((a, b) => b - a);
    // With a model that answers at once (600 ms for the slow turns), a turn that takes seconds is waiting on
    // something (a stall, a lost Stop, a resume that never came back).
    assert.ok(durations[0] < 5000, `the longest turn took ${durations[0]} ms`);

    // The runtime killed is gone; the one that replaced it is stopped by the client's restart; nothing else is left.
    sample();
    const before = new Map(seen);
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await waitFor('client ready', () => sessions.clientState.kind === 'ready', 30_000);
    let left = runtimeProcesses().filter((p) => before.has(p.pid));
    for (let waited = 0; left.length && waited < 3000; waited += 100) {
      await sleep(100);
      left = runtimeProcesses().filter((p) => before.has(p.pid));
    }
    assert.deepEqual(
      left.map((p) => `${p.pid} ${p.stat} ${p.args}`),
      [],
      `left running after their client stopped (of ${before.size} seen)`,
    );
    const now = runtimeProcesses();
    assert.equal(now.length, 1, `one runtime for the new client: ${now.map((p) => `${p.pid} ${p.args}`).join('; ')}`);
    console.log(
      `soak: ${turns.length} turns, ${turns.length - failures.length} answered, ${stops.length} stopped, ${caught.length} caught by the kill; ` +
        `longest ${durations.slice(0, 3).join(', ')} ms; ${before.size} runtime process(es) seen, none left`,
    );
  });
});
