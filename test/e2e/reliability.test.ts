/**
 * The stored index damaged between two runs, as a user could meet it: invalid per-session files, invalid entries in
 * the snapshot, a snapshot that is not JSON; and an index still in workspaceState (an earlier version kept it there),
 * partly invalid, then not JSON at all. Activation still succeeds, valid sessions stay listed, the log says what was
 * dropped, nothing is thrown at the user. Then the session store damaged: an events file whose last line is cut in
 * half opens with everything before it; one overwritten with garbage says its history could not be read. The index files live in the extension's workspace storage under the
 * code-server user-data dir; the workspace state of a web workbench lives in the browser's IndexedDB.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Harness, useHarness } from './harness';
import {
  EXTENSION_KEY,
  eventsFile as storeFile,
  indexDir,
  reloadWithStoreAtRest,
  currentRuntimes,
  runtimes,
  whileClosed,
} from './storeAtRest';

describe('A damaged stored index or session store (packaged VSIX)', function () {
  this.timeout(240000);
  let h: Harness;

  useHarness({ name: 'e2e-reliability' }, (started) => (h = started));

  type StateEdit = { kind: 'read' } | { kind: 'replace'; value: string } | { kind: 'merge'; entries: Record<string, unknown> };

  /** Reads or rewrites this extension's workspace state in the workbench's IndexedDB; returns the value before. */
  async function editStoredState(edit: StateEdit): Promise<string | undefined> {
    return h.page.evaluate(
      async ({ key, edit }) => {
        const fail = (what: string, error: unknown) => new Error(`${what}: ${String(error)}`);
        const names = (await indexedDB.databases())
          .map((d) => d.name ?? '')
          .filter((n) => n.startsWith('vscode-web-state-db-') && !n.includes('global'));
        for (const name of names) {
          const db: IDBDatabase = await new Promise((resolve, reject) => {
            const open = indexedDB.open(name);
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(fail('open', open.error));
          });
          const before: string | undefined = await new Promise((resolve) => {
            const get = db.transaction('ItemTable').objectStore('ItemTable').get(key);
            get.onsuccess = () => resolve(get.result as string | undefined);
          });
          if (edit.kind === 'read' || (before === undefined && edit.kind === 'replace')) {
            db.close();
            if (before === undefined) continue;
            return before;
          }
          const base = before === undefined ? {} : (JSON.parse(before) as object);
          const after = edit.kind === 'replace' ? edit.value : JSON.stringify({ ...base, ...edit.entries });
          await new Promise<void>((resolve, reject) => {
            const tx = db.transaction('ItemTable', 'readwrite');
            tx.objectStore('ItemTable').put(after, key);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(fail('write', tx.error));
          });
          db.close();
          return before;
        }
        return undefined;
      },
      { key: EXTENSION_KEY, edit },
    );
  }

  /** Waits until the extension's log (any window's) has a line matching `pattern`. */
  async function expectLog(pattern: RegExp): Promise<void> {
    const logs = (): string[] => {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const entry of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.name === 'Copilot Sessions.log') files.push(full);
        }
      };
      walk(path.join(h.sandbox.userData, 'logs'));
      return files;
    };
    for (let i = 0; i < 60; i++) {
      if (logs().some((file) => pattern.test(readFileSync(file, 'utf8')))) return;
      await h.page.waitForTimeout(250);
    }
    assert.fail(`no log line matching ${pattern}`);
  }

  /** Reloads the window, or closes it, makes `change` and opens it again; then the list shows `listed`. */
  async function reloadAndExpect(listed: string[], change?: () => void): Promise<void> {
    if (change) await whileClosed(h, change);
    else await h.reload();
    await h.openSessionsView();
    for (const id of listed)
      await h.page
        .locator('.sidebar')
        .getByRole('treeitem', { name: new RegExp(id) })
        .waitFor({ timeout: 30000 });
    assert.equal(await h.page.locator('.notification-toast', { hasText: /copilot|session/i }).count(), 0, 'nothing thrown at the user');
  }

  it('keeps valid sessions when index files are invalid or the snapshot has invalid entries', async () => {
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', 'keep-me');
    await h.sendPrompt('remember me');
    await h.webview().locator('article.message.assistant', { hasText: 'users=1 [remember me]' }).waitFor({ timeout: 30000 });
    const dir = indexDir(h);
    assert.ok(existsSync(path.join(dir, 'sessions', 'keep-me.json')), 'one file per session');
    // Closing the window writes the snapshot (it is otherwise written only after 30 s without changes); damaged
    // while no window runs (a running one would see the files change, and write its own snapshot when it closes).
    await reloadAndExpect(['keep-me'], () => {
      const snapshotFile = path.join(dir, 'index.json');
      const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { entries: Record<string, unknown> };
      assert.ok('keep-me' in snapshot.entries, 'the snapshot lists the session');
      snapshot.entries['snapshot-bad'] = { m: 'm', c: 'yesterday', a: 2 };
      writeFileSync(snapshotFile, JSON.stringify(snapshot));
      writeFileSync(path.join(dir, 'sessions', 'no-model.json'), JSON.stringify({ c: 1, a: 2 }));
      writeFileSync(path.join(dir, 'sessions', 'bad-time.json'), JSON.stringify({ m: 'm', c: 'yesterday', a: 2 }));
      writeFileSync(path.join(dir, 'sessions', 'garbage.json'), 'x');
    });
    for (const bad of ['snapshot-bad', 'no-model', 'bad-time', 'garbage']) {
      assert.equal(
        await h.page
          .locator('.sidebar')
          .getByRole('treeitem', { name: new RegExp(bad) })
          .count(),
        0,
        `${bad} dropped`,
      );
    }
    await expectLog(/invalid entry of the session index snapshot/);
    await expectLog(/Dropped an invalid session index file \("sessions\/garbage\.json"\)/);
  });

  it('recovers the list when the snapshot is not JSON', async () => {
    // A window writes the snapshot when it closes: damaged once it has.
    await reloadAndExpect(['keep-me'], () => writeFileSync(path.join(indexDir(h), 'index.json'), '{ this is not json'));
    await expectLog(/snapshot is not JSON/);
  });

  it('moves an index left in workspaceState into files, dropping its invalid entries', async () => {
    await editStoredState({
      kind: 'merge',
      entries: {
        'copilotSessions.index.schema': 1,
        'copilotSessions.s/from-state': { m: 'stand-in-alpha', c: 1_700_000_000_000, a: 1_700_000_000_000, t: 'Kept in workspace state' },
        'copilotSessions.s/no-model-state': { c: 1, a: 2 },
        'copilotSessions.s/garbage-state': 'x',
      },
    });
    await reloadAndExpect(['keep-me', 'Kept in workspace state']);
    await expectLog(/Moved the session index from workspaceState to files/);
    await expectLog(/Dropped an invalid session index entry \("copilotSessions\.s\/garbage-state"\)/);
    assert.ok(existsSync(path.join(indexDir(h), 'sessions', 'from-state.json')), 'written to its own file');
    let stored: string | undefined = 'copilotSessions.s/';
    for (let i = 0; i < 40 && stored?.includes('copilotSessions.s/'); i++) {
      await h.page.waitForTimeout(250);
      stored = await editStoredState({ kind: 'read' });
    }
    assert.ok(!stored?.includes('copilotSessions.s/'), 'the old keys are cleared from workspaceState');
  });

  it('recovers the list when the stored workspace state is not JSON at all', async () => {
    await editStoredState({ kind: 'merge', entries: { unrelated: 1 } });
    await editStoredState({ kind: 'replace', value: '{ this is not json' });
    await reloadAndExpect(['keep-me', 'Kept in workspace state']);
    await h.page
      .locator('.sidebar')
      .getByRole('treeitem', { name: /keep-me|remember me/ })
      .click();
    await h.webview().locator('article.message.user', { hasText: 'remember me' }).waitFor({ timeout: 30000 });
    await h.screenshot('reliability-recovered-index');
  });

  const eventsFile = (id: string) => storeFile(h, id);
  const row = (name: RegExp) => h.page.locator('.sidebar').getByRole('treeitem', { name });

  it('a damaged session store: a cut last line opens as before; a garbage file says its history could not be read', async () => {
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', 'cut-last');
    await h.sendPrompt('cut one');
    await h.webview().locator('article.message.assistant', { hasText: 'users=1 [cut one]' }).waitFor({ timeout: 30000 });
    await h.sendPrompt('cut two');
    await h.webview().locator('article.message.assistant', { hasText: 'users=2 [cut one | cut two]' }).waitFor({ timeout: 30000 });
    await h.newSession('stand-in-alpha', 'garbage-file');
    await h.sendPrompt('soon garbage');
    await h.webview().locator('article.message.assistant', { hasText: 'users=1 [soon garbage]' }).waitFor({ timeout: 30000 });
    // Damaged once nothing writes to them.
    await reloadWithStoreAtRest(h, ['cut-last', 'garbage-file']);
    const cut = readFileSync(eventsFile('cut-last'), 'utf8').trimEnd();
    const lastLine = cut.slice(cut.lastIndexOf('\n') + 1);
    writeFileSync(eventsFile('cut-last'), cut.slice(0, cut.length - Math.ceil(lastLine.length / 2)));
    const garbage = '{"this is": not json\n\u0000\u0001garbage';
    writeFileSync(eventsFile('garbage-file'), garbage);

    await h.openSessionsView();
    await row(/soon garbage|garbage-file/).click();
    const panel = h.webview();
    const unreadable = 'The history of the session "garbage-file" could not be read: its file in the session store is damaged.';
    await panel.locator('article.message.error', { hasText: unreadable }).waitFor({ timeout: 30000 });
    assert.equal(await panel.locator('article.message.user').count(), 0, 'no conversation is made up');
    await row(/(soon garbage|garbage-file).*History could not be read/).waitFor({ timeout: 15000 });
    await h.sendPrompt('write over it?');
    // Refused: the composer offers Retry, and the reason is said once, in the transcript.
    await panel.locator('#composer-message #retry').waitFor({ timeout: 10000 });
    assert.equal(await panel.locator('article.message.error', { hasText: unreadable }).count(), 1, 'said in the transcript');
    assert.equal(await panel.locator('#composer-message', { hasText: unreadable }).count(), 0, 'and not again in the composer');
    assert.equal(await panel.locator('#prompt').inputValue(), 'write over it?', 'the prompt stays in the box');
    assert.equal(readFileSync(eventsFile('garbage-file'), 'utf8'), garbage, 'nothing was written to the damaged session');
    await h.screenshot('reliability-damaged-session');
    await panel.locator('#prompt').fill('');

    await row(/cut one|cut-last/).click();
    await h.webview().locator('article.message.user', { hasText: 'cut two' }).waitFor({ timeout: 30000 });
    assert.equal(await h.webview().locator('article.message.error').count(), 0, 'no error for a cut last line');
    assert.equal(await row(/(cut one|cut-last).*History could not be read/).count(), 0);
    await h.sendPrompt('cut three');
    await h
      .webview()
      .locator('article.message.assistant', { hasText: 'users=3 [cut one | cut two | cut three]' })
      .waitFor({ timeout: 30000 });
  });

  it('a runtime that does not answer while a session opens: the panel says so, and Restart Client opens it', async () => {
    await h.runCommand('View: Close All Editors');
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', 'hung-open');
    await h.sendPrompt('before the hang');
    await h.webview().locator('article.message.assistant', { hasText: 'users=1 [before the hang]' }).waitFor({ timeout: 30000 });
    // Closed, the session leaves the runtime; opening it again resumes it from the store.
    await h.runCommand('View: Close All Editors');
    await h.page.waitForTimeout(1000);
    // An earlier window's runtime was once still exiting here (said in the output when its window closed).
    const [runtime, ...others] = currentRuntimes(h);
    assert.ok(runtime && others.length === 0, `one runtime: ${[runtime, ...others].join(', ')}`);
    // Paused, the runtime takes the resume and answers nothing, as the one seen hung on a 10,000-turn session.
    process.kill(runtime, 'SIGSTOP');
    try {
      await row(/before the hang|hung-open/).click();
      const panel = h.webview();
      const notice = panel.locator('#notice');
      await notice
        .getByText('The Copilot runtime has not answered for 10 s while opening this session.', { exact: false })
        .waitFor({ timeout: 20000 });
      assert.equal(await panel.locator('article.message.user').count(), 0, 'nothing of the history is made up meanwhile');
      assert.ok(await panel.getByText('Loading the session…').isVisible(), 'the panel says it is loading');
      await h.screenshot('reliability-open-not-answered');
      await notice.getByRole('button', { name: 'Restart Client' }).click();
      // The old runtime is stopped by force (it cannot answer a graceful stop), a new one starts, the session opens.
      await panel.locator('article.message.user', { hasText: 'before the hang' }).waitFor({ timeout: 30000 });
      await panel.locator('article.message.assistant', { hasText: 'users=1 [before the hang]' }).waitFor({ timeout: 10000 });
      await notice.waitFor({ state: 'hidden', timeout: 10000 });
      assert.equal(await panel.getByText('Loading the session…').count(), 0, 'and no longer once it is open');
      assert.ok(!runtimes(h).includes(runtime), 'the runtime that did not answer is gone');
    } finally {
      try {
        process.kill(runtime, 'SIGCONT');
      } catch {
        // Already gone: the restart killed it.
      }
    }
    await h.sendPrompt('after the restart');
    await h
      .webview()
      .locator('article.message.assistant', { hasText: 'users=2 [before the hang | after the restart]' })
      .waitFor({ timeout: 30000 });
  });
});
