/**
 * Nothing deleted by accident, nothing that comes back, nothing shown that is not stored: Recently deleted, cleanup
 * by the store's own age, a list that could not be saved, renames, and sessions only read being let go. In the real
 * extension host against the real SDK, runtime and on-disk store.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { workspaceIndexDir } from '../../src/sessions/indexFiles';
import { api, closeAllEditors, inStore, storeDir, unique, waitFor } from './helpers';

const DAY_MS = 24 * 3600_000;

interface CleanupResult {
  sessionIds: string[];
  bytes: number;
  dryRun: boolean;
}

/** This workspace's index folder in the extension's global storage (the sandbox's user-data folder). */
function indexDir(): string {
  const sandbox = path.dirname(process.env.COPILOT_HOME ?? '');
  const globalStorage = path.join(sandbox, 'user-data', 'User', 'globalStorage', 'copilot-sessions.copilot-sessions');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.path;
  assert.ok(folder, 'the integration tests run in a folder');
  return workspaceIndexDir(globalStorage, folder);
}

/** Makes the store say the session was last modified `days` ago, as it would for one left alone that long. */
function age(sessionId: string, days: number): void {
  const when = new Date(Date.now() - days * DAY_MS);
  const dir = storeDir(sessionId);
  for (const name of readdirSync(dir)) utimesSync(path.join(dir, name), when, when);
  utimesSync(dir, when, when);
}

const listed = async (id: string) => (await (await api()).list()).some((s) => s.sessionId === id);

suite('Data safety', () => {
  suiteTeardown(closeAllEditors);

  test('delete moves a session to Recently deleted; restore brings it back with its whole history', async () => {
    const sessions = await api();
    const id = unique('trash');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'remember me');
    assert.deepEqual(await vscode.commands.executeCommand<string[]>('copilotSessions.delete', id), [id]);
    assert.equal(await listed(id), false, 'gone from the list');
    assert.ok(inStore(id), 'its history is still on disk');
    await assert.rejects(
      sessions.send(id, 'hello?'),
      (e: { code?: string; message?: string }) => e.code === 'missing' && /Recently deleted/.test(e.message ?? ''),
    );

    assert.deepEqual(await vscode.commands.executeCommand<string[]>('copilotSessions.restore', id), [id]);
    assert.equal(await listed(id), true, 'listed again');
    assert.equal(await sessions.send(id, 'still there?'), 'ECHO model=stand-in-alpha users=2 [remember me | still there?]');
  });

  test('the API deletes to Recently deleted and restores; Delete Permanently removes the history from disk', async () => {
    const sessions = await api();
    const id = unique('api-trash');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'one');
    await sessions.delete(id);
    assert.equal(await listed(id), false);
    assert.ok(inStore(id));
    const restored = await sessions.restore(id);
    assert.equal(restored.sessionId, id);
    await assert.rejects(sessions.restore(id), (e: { code?: string }) => e.code === 'missing', 'not in Recently deleted any more');

    await sessions.delete(id);
    assert.deepEqual(await vscode.commands.executeCommand<string[]>('copilotSessions.deletePermanently', id), [id]);
    assert.ok(!inStore(id), 'gone from disk');
    assert.deepEqual(await vscode.commands.executeCommand<string[]>('copilotSessions.restore', id), [], 'nothing to restore');
  });

  test('sessions in Recently deleted longer than the retention period are deleted for good on the next refresh', async () => {
    const sessions = await api();
    const id = unique('expired');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'old news');
    await sessions.delete(id);
    // Written as another window (or an earlier day) would have left it: deleted 31 days ago.
    const file = path.join(indexDir(), 'sessions', `${id}.json`);
    const now = Date.now();
    writeFileSync(file, JSON.stringify({ m: 'stand-in-alpha', c: now - 40 * DAY_MS, a: now - 40 * DAY_MS, d: now - 31 * DAY_MS }));
    await vscode.commands.executeCommand('copilotSessions.refresh');
    assert.ok(!inStore(id), 'purged from the store');
    await assert.rejects(sessions.restore(id), (e: { code?: string }) => e.code === 'missing');
  });

  test('cleanup by age uses the store’s own last modification, skips pinned ones, and reports bytes; a dry run moves nothing', async () => {
    const sessions = await api();
    const idle = unique('idle');
    const carriedOn = unique('carried-on');
    const pinned = unique('pinned-old');
    for (const id of [idle, carriedOn, pinned]) {
      await sessions.create({ model: 'stand-in-alpha', sessionId: id });
      await sessions.send(id, `hello ${id}`);
    }
    await vscode.commands.executeCommand('copilotSessions.pin', pinned);
    // All three look old to this window's index; only `idle` and `pinned` are old in the store (the other was
    // carried on in the Copilot CLI or another window, which this window's index does not see).
    age(idle, 40);
    age(pinned, 40);

    const dry = await vscode.commands.executeCommand<CleanupResult>('copilotSessions.deleteOlderThan', { days: 30, dryRun: true });
    assert.ok(dry.sessionIds.includes(idle), 'the idle session would go');
    assert.ok(!dry.sessionIds.includes(carriedOn), 'a session carried on elsewhere is not old');
    assert.ok(!dry.sessionIds.includes(pinned), 'pinned sessions are never touched');
    assert.ok(dry.bytes > 0, `bytes reported: ${dry.bytes}`);
    assert.equal(dry.dryRun, true);
    assert.equal(await listed(idle), true, 'a dry run moves nothing');

    const done = await vscode.commands.executeCommand<CleanupResult>('copilotSessions.deleteOlderThan', { days: 30 });
    assert.deepEqual(done.sessionIds.sort(), dry.sessionIds.sort());
    assert.equal(await listed(idle), false);
    assert.equal(await listed(carriedOn), true);
    assert.equal(await listed(pinned), true);
    assert.ok(inStore(idle), 'recoverable: in Recently deleted, its history on disk');
    assert.equal(await vscode.commands.executeCommand('copilotSessions.deleteOlderThan', { days: 0 }), undefined, 'days at least 1');
  });

  test('a session never sent a message, deleted in another window, is not written back by this one', async () => {
    const sessions = await api();
    const id = unique('never-sent');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const file = path.join(indexDir(), 'sessions', `${id}.json`);
    // Another window deleted it for good: its index file is gone, and the store never had it.
    rmSync(file);
    await vscode.commands.executeCommand('copilotSessions.refresh');
    assert.equal(await listed(id), false, 'dropped here too');
    await vscode.commands.executeCommand('copilotSessions.refresh');
    assert.equal(readdirSync(path.dirname(file)).includes(`${id}.json`), false, 'and its file was not written back');
  });

  test('a list that cannot be saved says so, shows nothing that is not stored, and works again afterwards', async () => {
    const sessions = await api();
    const folder = path.join(indexDir(), 'sessions');
    const aside = `${folder}-aside`;
    const before = (await sessions.list()).map((s) => s.sessionId);
    // A file where the folder should be: every write of an entry fails (as root, permissions would not stop it).
    renameSync(folder, aside);
    writeFileSync(folder, 'not a folder');
    try {
      const id = unique('unsaved');
      // Called from code, the failure rejects (the user sees the same words in a notification).
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand('copilotSessions.newSession', { model: 'stand-in-alpha', sessionId: id, open: false }),
        ),
        /Could not save this workspace's session list/,
      );
      assert.deepEqual(
        (await sessions.list()).map((s) => s.sessionId),
        before,
        'the session that could not be stored is not shown',
      );
      await assert.rejects(
        sessions.create({ model: 'stand-in-alpha' }),
        (e: { code?: string; message?: string }) => e.code === 'notStored' && /session list/.test(e.message ?? ''),
      );
    } finally {
      rmSync(folder, { force: true });
      renameSync(aside, folder);
    }
    const id = unique('saved-again');
    assert.equal(
      await vscode.commands.executeCommand('copilotSessions.newSession', { model: 'stand-in-alpha', sessionId: id, open: false }),
      id,
    );
    assert.equal(await listed(id), true);
  });

  test('rename goes to the runtime and the list together; the runtime’s own title never replaces the user’s name', async () => {
    const sessions = await api();
    const title = async (id: string) => (await sessions.list()).find((s) => s.sessionId === id)?.title;
    const storedName = (id: string) => /^name: (.*)$/m.exec(readFileSync(path.join(storeDir(id), 'workspace.yaml'), 'utf8'))?.[1];

    const id = unique('named');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'first prompt');
    assert.equal(await vscode.commands.executeCommand('copilotSessions.rename', id, 'My release notes'), true);
    assert.equal(await title(id), 'My release notes');
    assert.equal(storedName(id), 'My release notes', 'the store (and the Copilot CLI) has the same name');

    // Named before its first prompt: the runtime then names it after that prompt, and must not win.
    const early = unique('named-early');
    await sessions.create({ model: 'stand-in-alpha', sessionId: early });
    assert.equal(await vscode.commands.executeCommand('copilotSessions.rename', early, 'Chosen first'), true);
    await sessions.send(early, 'a prompt the runtime would name it after');
    await waitFor('the runtime to take the name back', () => (storedName(early) === 'Chosen first' ? true : undefined), 10_000);
    assert.equal(await title(early), 'Chosen first');
  });

  test('a session the user did not name is listed by its first prompt as soon as it is sent, not by its id', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const prompt = 'Plan the release notes #slow:3000';
    const reply = sessions.send(sessionId, prompt);
    const titled = async () => (await sessions.list()).find((s) => s.sessionId === sessionId)?.title === prompt;
    await waitFor('the first prompt as its title', titled, 1500);
    assert.equal(await Promise.race([reply.then(() => 'replied'), Promise.resolve('still replying')]), 'still replying');
    await reply;
  });

  test('archive puts a session away: flagged in list(), still found by search, left alone by cleanup unless asked', async () => {
    const sessions = await api();
    const id = unique('archived');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'zebra crossings in archives');
    const archived = await sessions.archive(id);
    assert.equal(archived.archived, true);
    assert.equal((await sessions.list()).find((s) => s.sessionId === id)?.archived, true);
    const hits = await vscode.commands.executeCommand<Array<{ sessionId: string }>>('copilotSessions.search', 'zebra crossings');
    assert.ok(
      hits.some((hit) => hit.sessionId === id),
      'still searchable',
    );
    age(id, 40);
    const kept = await vscode.commands.executeCommand<CleanupResult>('copilotSessions.deleteOlderThan', { days: 30, dryRun: true });
    assert.ok(!kept.sessionIds.includes(id), 'cleanup leaves archived sessions alone');
    const asked = await vscode.commands.executeCommand<CleanupResult>('copilotSessions.deleteOlderThan', {
      days: 30,
      dryRun: true,
      includeArchived: true,
    });
    assert.ok(asked.sessionIds.includes(id), 'unless asked to include them');
    assert.equal((await sessions.archive(id, false)).archived, false);
    await assert.rejects(sessions.archive(id, 'yes' as unknown as boolean), (e: { code?: string }) => e.code === 'invalidArgument');
  });

  test('export, copy and history() read a session without leaving it live; an open panel keeps it', async () => {
    const sessions = await api();
    const id = unique('read-only');
    // Made and used in its panel, then the panel is closed: that disconnects the session.
    await vscode.commands.executeCommand('copilotSessions.newSession', { model: 'stand-in-alpha', sessionId: id });
    await sessions.send(id, 'read me');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to let go', async () =>
      (await sessions.list()).find((s) => s.sessionId === id)?.status === 'idle' ? true : undefined,
    );
    const status = async () => (await sessions.list()).find((s) => s.sessionId === id)?.status;
    const lockFiles = () => readdirSync(storeDir(id)).filter((name) => /^inuse\..*\.lock$/.test(name));
    // Closing the panel disconnects it: the runtime lets go of its lock.
    await waitFor('the runtime to let go of the session', () => (lockFiles().length === 0 ? true : undefined), 5000);
    const out = path.join(path.dirname(process.env.COPILOT_HOME ?? ''), 'exports');
    mkdirSync(out, { recursive: true });
    await vscode.commands.executeCommand('copilotSessions.exportJson', id, path.join(out, `${id}.json`));
    await vscode.commands.executeCommand('copilotSessions.copyAsMarkdown', id);
    assert.equal((await sessions.history(id)).filter((i) => i.kind === 'user').length, 1);
    assert.deepEqual(lockFiles(), [], 'nothing left live in the runtime after only reading it');
    assert.equal(await status(), 'idle');

    await sessions.open(id);
    await sessions.history(id);
    assert.equal(lockFiles().length, 1, 'the open panel keeps its session live');
  });
});
