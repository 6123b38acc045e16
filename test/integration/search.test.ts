/** Search Sessions' index on disk: one file per session in the extension's workspace storage. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { IndexEntry } from '../../src/core/sessionIndex';
import { documentFileName } from '../../src/sessions/searchStore';
import { SessionSearch } from '../../src/sessions/sessionSearch';
import { api, sleep, waitFor } from './helpers';

type Hit = { sessionId: string; itemId?: string; snippet: string };
const search = (query: string) => vscode.commands.executeCommand<Hit[]>('copilotSessions.search', query);

/** The folder of this window's search documents (workspace storage of the sandbox's user-data), once it holds the session's. */
function searchDirWith(sessionId: string): string | undefined {
  const root = path.join(path.dirname(process.env.COPILOT_HOME ?? ''), 'user-data', 'User', 'workspaceStorage');
  if (!existsSync(root)) return undefined;
  for (const workspace of readdirSync(root)) {
    const dir = path.join(root, workspace, 'copilot-sessions.copilot-sessions', 'search');
    if (existsSync(path.join(dir, documentFileName(sessionId)))) return dir;
  }
  return undefined;
}

/** Every file's size, modification time and inode (a write renames a new file into place). */
function signatures(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .map((name) => {
        const s = statSync(path.join(dir, name));
        return [name, `${s.size}:${s.mtimeMs}:${s.ino}`] as const;
      }),
  );
}

/** Waits until the save after a search (2 s later) is done: the folder stops changing. */
async function settled(dir: string): Promise<Map<string, string>> {
  await sleep(2500);
  let before = signatures(dir);
  for (;;) {
    await sleep(400);
    const now = signatures(dir);
    if ([...now].every(([k, v]) => before.get(k) === v) && now.size === before.size) return now;
    before = now;
  }
}

suite('Search index on disk', () => {
  test("after a turn only that session's file is written again; the others are left as they were", async () => {
    const sessions = await api();
    const a = await sessions.create({ model: 'stand-in-alpha' });
    const b = await sessions.create({ model: 'stand-in-alpha' });
    const first = `okapi${Date.now().toString(36)}`;
    await sessions.send(a.sessionId, `the ${first} grazes`);
    await sessions.send(b.sessionId, `another ${first} sleeps`);
    assert.ok((await search(first)).some((h) => h.sessionId === b.sessionId));
    const dir = await waitFor('the documents to be saved', () => searchDirWith(a.sessionId) && searchDirWith(b.sessionId));
    const before = await settled(dir);
    assert.ok(!existsSync(path.join(dir, '..', 'search-index.json')), 'no one-file index any more');

    const second = `quagga${Date.now().toString(36)}`;
    await sessions.send(a.sessionId, `a ${second} appears`);
    const hits = await search(second);
    assert.ok(
      hits.some((h) => h.sessionId === a.sessionId && h.snippet.includes(`a ${second} appears`)),
      JSON.stringify(hits),
    );
    const aFile = documentFileName(a.sessionId);
    await waitFor("the session's document to be written again", () => signatures(dir).get(aFile) !== before.get(aFile));
    const after = await settled(dir);
    assert.match(readFileSync(path.join(dir, aFile), 'utf8'), new RegExp(second));
    const changed = [...after].filter(([name, s]) => before.get(name) !== s).map(([name]) => name);
    assert.deepEqual(changed, [aFile], 'only the session that had the turn');
    assert.equal(after.get(documentFileName(b.sessionId)), before.get(documentFileName(b.sessionId)));
  });

  test("a damaged file of one session: that session's text is still found (read from the store again), the file written whole again", async () => {
    const sessions = await api();
    const c = await sessions.create({ model: 'stand-in-alpha' });
    const word = `narwhal${Date.now().toString(36)}`;
    await sessions.send(c.sessionId, `the ${word} dives deep`);
    assert.ok((await search(word)).some((h) => h.sessionId === c.sessionId));
    const dir = await waitFor('the document to be saved', () => searchDirWith(c.sessionId));
    await settled(dir);
    const file = path.join(dir, documentFileName(c.sessionId));
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));

    // The next window's search over the same storage folder (what a reload runs), with the real store behind it.
    const entries: IndexEntry[] = (await sessions.list()).map((s) => ({
      id: s.sessionId,
      title: s.title,
      model: '',
      created: 0,
      lastActive: 0,
    }));
    const warnings: string[] = [];
    const nextWindow = new SessionSearch(
      path.dirname(dir),
      {
        // Every document belongs to a session (none is deleted as an orphan by this second reader).
        sessions: { list: () => entries, has: () => true, loaded: true, onDidChange: () => ({ dispose: () => undefined }) },
        onDidUpdateSession: () => ({ dispose: () => undefined }),
      },
      { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
    );
    const hits = await nextWindow.search(word);
    await nextWindow.dispose();
    assert.ok(
      hits.some((h) => h.sessionId === c.sessionId && h.snippet.includes(`the ${word} dives deep`)),
      JSON.stringify(hits),
    );
    assert.ok(
      warnings.some((w) => w.includes(documentFileName(c.sessionId)) && w.includes('damaged')),
      warnings.join('\n'),
    );
    assert.match(readFileSync(file, 'utf8'), new RegExp(`the ${word} dives deep`), 'written whole again');
    JSON.parse(readFileSync(file, 'utf8'));
  });
});
