/** Beyond the spec: pin, export, copy as Markdown, search, import sessions made elsewhere, terminal hand-off. */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { sessionStoreDir } from '../../src/sessions/sessionStore';
import { api, unique, waitFor } from './helpers';

const tmp = () => process.env.TMPDIR ?? '/tmp';

suite('Features', () => {
  test('pin keeps a session at the top of the list', async () => {
    const sessions = await api();
    const id = unique('pinned');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.create({ model: 'stand-in-alpha' }); // newer
    assert.notEqual((await sessions.list())[0].sessionId, id);
    assert.equal(await vscode.commands.executeCommand('copilotSessions.pin', id), true);
    assert.equal((await sessions.list())[0].sessionId, id);
    assert.equal((await sessions.list())[0].pinned, true);
    await vscode.commands.executeCommand('copilotSessions.unpin', id);
    assert.equal((await sessions.list()).find((s) => s.sessionId === id)?.pinned, false);
  });

  test('export to Markdown and JSON, and copy as Markdown', async () => {
    const sessions = await api();
    const id = unique('export');
    await sessions.create({ model: 'stand-in-beta', sessionId: id });
    await sessions.send(id, 'Explain `generics` please');
    const mdPath = path.join(tmp(), `${id}.md`);
    const jsonPath = path.join(tmp(), `${id}.json`);
    assert.equal(await vscode.commands.executeCommand('copilotSessions.exportMarkdown', id, mdPath), mdPath);
    const md = readFileSync(mdPath, 'utf8');
    assert.match(md, new RegExp(`\`${id}\``));
    assert.match(md, /stand-in-beta/);
    assert.match(md, /## You · .*\n\nExplain `generics` please/);
    assert.match(md, /## Copilot · .*\n\nECHO model=stand-in-beta users=1 \[Explain `generics` please\]/);
    assert.equal(await vscode.commands.executeCommand('copilotSessions.exportJson', id, jsonPath), jsonPath);
    const events = JSON.parse(readFileSync(jsonPath, 'utf8')) as Array<{ type: string; data: { content?: string } }>;
    assert.ok(events.some((e) => e.type === 'user.message' && e.data.content === 'Explain `generics` please'));
    assert.ok(events.some((e) => e.type === 'assistant.message'));
    assert.equal(await vscode.commands.executeCommand('copilotSessions.copyAsMarkdown', id), true);
    assert.equal(await vscode.env.clipboard.readText(), md);
  });

  test('search finds messages across sessions, and titles', async () => {
    const sessions = await api();
    const a = await sessions.create({ model: 'stand-in-alpha' });
    const b = await sessions.create({ model: 'stand-in-alpha' });
    const word = `zebra${Date.now().toString(36)}`;
    await sessions.send(a.sessionId, `the ${word} crossing`);
    await sessions.send(b.sessionId, 'nothing to see');
    type Hit = { sessionId: string; itemId?: string; snippet: string };
    const hits = await vscode.commands.executeCommand<Hit[]>('copilotSessions.search', word);
    const inA = hits.filter((h) => h.sessionId === a.sessionId);
    assert.ok(inA.length >= 1, 'found in the session that has it');
    assert.ok(inA.every((h) => h.snippet.toLowerCase().includes(word)));
    assert.ok(!hits.some((h) => h.sessionId === b.sessionId), 'not in the other');
    const userHit = inA.find((h) => h.snippet.includes(`the ${word} crossing`));
    assert.ok(userHit?.itemId, 'a hit points at its message');
    // Choosing a result opens the panel at that message.
    await vscode.commands.executeCommand('copilotSessions.open', a.sessionId);
    assert.deepEqual(await vscode.commands.executeCommand<Hit[]>('copilotSessions.search', 'no-such-word-anywhere-xyz'), []);
  });

  test('sessions this folder has in the store but the list lacks can be imported', async () => {
    const sessions = await api();
    const id = unique('from-cli');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    const { CopilotClient } = await import('@github/copilot-sdk');
    const cli = new CopilotClient({ workingDirectory: folder });
    await cli.start();
    try {
      const s = await cli.createSession({
        sessionId: id,
        model: 'stand-in-gamma',
        workingDirectory: folder,
        onPermissionRequest: () => ({ kind: 'reject' }),
      });
      await s.sendAndWait({ prompt: 'started in the terminal' });
      await s.disconnect();
    } finally {
      await cli.stop();
    }
    assert.ok(!(await sessions.list()).some((s) => s.sessionId === id));
    assert.equal(await vscode.commands.executeCommand('copilotSessions.import', id), id);
    const imported = (await sessions.list()).find((s) => s.sessionId === id);
    assert.equal(imported?.model, 'stand-in-gamma');
    assert.equal(
      await sessions.send(id, 'and now in the editor'),
      'ECHO model=stand-in-gamma users=2 [started in the terminal | and now in the editor]',
    );
  });

  test('Continue in Terminal runs the Copilot CLI on the same session, or says none is installed', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    await sessions.send(sessionId, 'hand me off');
    // No CLI on PATH: a clear message and no terminal.
    const before = vscode.window.terminals.length;
    const originalPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      assert.equal(await vscode.commands.executeCommand('copilotSessions.continueInTerminal', sessionId), undefined);
      assert.equal(vscode.window.terminals.length, before);
    } finally {
      process.env.PATH = originalPath;
    }
    // A CLI on PATH (a script that records how it was called): a terminal runs it with --resume <id>.
    const bin = path.join(tmp(), 'fake-cli-bin');
    mkdirSync(bin, { recursive: true });
    const record = path.join(tmp(), 'cli-args.txt');
    writeFileSync(path.join(bin, 'copilot'), `#!/bin/sh\necho "$@" > "${record}"\nsleep 1\n`);
    chmodSync(path.join(bin, 'copilot'), 0o755);
    process.env.PATH = `${bin}:${originalPath}`;
    try {
      const terminal = await vscode.commands.executeCommand<vscode.Terminal>('copilotSessions.continueInTerminal', sessionId);
      assert.ok(terminal);
      await waitFor('the CLI to start', () => existsSync(record));
      assert.equal(readFileSync(record, 'utf8').trim(), `--resume ${sessionId}`);
      terminal.dispose();
    } finally {
      process.env.PATH = originalPath;
    }
  });
});

suite('Compare', () => {
  test('one prompt to three models, each in its own session that continues normally', async function () {
    this.timeout(60_000);
    const sessions = await api();
    const models = ['stand-in-alpha', 'stand-in-beta', 'stand-in-gamma'];
    const ids = await vscode.commands.executeCommand<string[]>('copilotSessions.compare', { models, prompt: 'Which is best?' });
    assert.equal(ids.length, 3);
    for (const [i, id] of ids.entries()) {
      const history = await sessions.history(id);
      assert.ok(history.some((h) => h.kind === 'assistant' && h.text === `ECHO model=${models[i]} users=1 [Which is best?]`));
      assert.equal((await sessions.list()).find((s) => s.sessionId === id)?.model, models[i]);
    }
    assert.equal(await sessions.send(ids[1], 'follow-up'), 'ECHO model=stand-in-beta users=2 [Which is best? | follow-up]');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('compare refuses one model, five models, or an empty prompt', async () => {
    const sessions = await api();
    const state = async () => JSON.stringify({ list: await sessions.list(), store: readdirSync(sessionStoreDir()).sort() });
    const before = await state();
    for (const arg of [
      { models: ['a'], prompt: 'x' },
      { models: ['a', 'b', 'c', 'd', 'e'], prompt: 'x' },
      { models: ['a', 'b'], prompt: ' ' },
      'x',
    ]) {
      assert.equal(await vscode.commands.executeCommand('copilotSessions.compare', arg), undefined, JSON.stringify(arg));
    }
    assert.equal(await state(), before, 'no session in the list or the store');
  });
});
