/**
 * The stored index damaged between two runs, as a user could meet it: partly invalid entries, a newer schema, a
 * value that is not JSON at all. Activation still succeeds, valid sessions stay listed, nothing is thrown at the user.
 * The workspace state of a web workbench lives in the browser's IndexedDB, under the extension's id.
 */
import assert from 'node:assert/strict';
import { type Harness, useHarness } from './harness';

const EXTENSION_KEY = 'copilot-sessions.copilot-sessions';

describe('A damaged stored index (packaged VSIX)', function () {
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
          if (before === undefined || edit.kind === 'read') {
            db.close();
            if (before === undefined) continue;
            return before;
          }
          const after = edit.kind === 'replace' ? edit.value : JSON.stringify({ ...(JSON.parse(before) as object), ...edit.entries });
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

  async function reloadAndExpect(listed: string[]): Promise<void> {
    await h.reload();
    await h.openSessionsView();
    for (const id of listed)
      await h.page
        .locator('.sidebar')
        .getByRole('treeitem', { name: new RegExp(id) })
        .waitFor({ timeout: 30000 });
    assert.equal(await h.page.locator('.notification-toast', { hasText: /copilot|session/i }).count(), 0, 'nothing thrown at the user');
  }

  it('keeps valid sessions when the stored index is partly invalid or from a newer schema', async () => {
    await h.openSessionsView();
    await h.runCommand('Copilot Sessions: New Session');
    await h.quickPick('stand-in-alpha');
    await h.quickInput().locator('.quick-input-message', { hasText: 'Session ID' }).waitFor({ timeout: 30000 });
    await h.acceptInput('keep-me');
    const prompt = h.webview().locator('#prompt');
    await prompt.fill('remember me');
    await prompt.press('Enter');
    await h.webview().locator('article.message.assistant', { hasText: 'users=1 [remember me]' }).waitFor({ timeout: 30000 });
    // The workbench writes extension state to IndexedDB shortly after a change.
    let stored: string | undefined;
    for (let i = 0; i < 40 && !stored?.includes('keep-me'); i++) {
      await h.page.waitForTimeout(250);
      stored = await editStoredState({ kind: 'read' });
    }
    assert.ok(stored?.includes('keep-me'), 'the index reached the stored state');
    await editStoredState({
      kind: 'merge',
      entries: {
        'copilotSessions.index.schema': 99,
        'copilotSessions.s/../escape': { m: 'm', c: 1, a: 2 },
        'copilotSessions.s/no-model': { c: 1, a: 2 },
        'copilotSessions.s/bad-time': { m: 'm', c: 'yesterday', a: 2 },
        'copilotSessions.s/garbage': 'x',
      },
    });
    await reloadAndExpect(['remember me']);
    for (const bad of ['escape', 'no-model', 'bad-time', 'garbage']) {
      assert.equal(
        await h.page
          .locator('.sidebar')
          .getByRole('treeitem', { name: new RegExp(bad) })
          .count(),
        0,
        `${bad} dropped`,
      );
    }
  });

  it('recovers the list when the stored state is not JSON at all', async () => {
    await editStoredState({ kind: 'replace', value: '{ this is not json' });
    await reloadAndExpect(['remember me']);
    await h.page
      .locator('.sidebar')
      .getByRole('treeitem', { name: /keep-me|remember me/ })
      .click();
    await h.webview().locator('article.message.user', { hasText: 'remember me' }).waitFor({ timeout: 30000 });
    await h.screenshot('reliability-recovered-index');
  });
});
