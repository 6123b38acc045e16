/**
 * Two windows on the same workspace, both creating and deleting sessions: no session is lost from the list.
 * Each window is its own workbench and extension host; they share the workspace's state and the session store.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type Harness, useHarness } from './harness';

describe('Two windows on one workspace (packaged VSIX)', function () {
  this.timeout(240000);
  let h: Harness;
  let first: Page;
  let second: Page;

  useHarness({ name: 'e2e-windows' }, async (started) => {
    h = started;
    first = h.page;
    second = await h.context.newPage();
    await second.goto(h.server.workbenchUrl(), { waitUntil: 'domcontentloaded', timeout: 60000 });
    await second.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  });

  /** Runs the harness's palette helpers against one window. */
  async function inWindow<T>(page: Page, action: () => Promise<T>): Promise<T> {
    h.page = page;
    await page.bringToFront();
    try {
      return await action();
    } finally {
      h.page = first;
    }
  }

  async function newSession(page: Page, id: string): Promise<void> {
    await inWindow(page, async () => {
      await h.openSessionsView();
      // A window that just opened may still be starting its extension host: give the command a second chance.
      for (let attempt = 1; ; attempt++) {
        await h.runCommand('Copilot Sessions: New Session');
        try {
          await h.quickPick('stand-in-alpha', { timeout: 30000 });
          break;
        } catch (error) {
          if (attempt === 2) throw error;
          await page.keyboard.press('Escape');
        }
      }
      // The same quick input widget turns from the model list into the id box: wait for the id box.
      await h.quickInput().locator('.quick-input-message', { hasText: 'Session ID' }).waitFor({ timeout: 30000 });
      await h.acceptInput(id);
      await page.locator('.tab', { hasText: id }).first().waitFor({ timeout: 60000 });
    });
  }

  async function deleteSession(page: Page, id: string): Promise<void> {
    await inWindow(page, async () => {
      // A dialog left open in this window (it makes the palette inert) is reported, then dismissed.
      const dialog = page.locator('.monaco-dialog-box');
      if (await dialog.isVisible()) {
        console.log(`  (window dialog before Delete: ${(await dialog.textContent())?.trim().slice(0, 200)})`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden', timeout: 10000 });
      }
      // Take keyboard focus back from the session panel's webview before opening the palette.
      await page.locator('.sidebar .composite.title').first().click();
      await h.runCommand('Copilot Sessions: Delete Session');
      await h.quickPick(id);
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click();
      await page
        .locator('.sidebar')
        .getByRole('treeitem', { name: new RegExp(id) })
        .waitFor({ state: 'detached', timeout: 30000 });
    });
  }

  it('keeps every session both windows created, minus the one deleted', async () => {
    await newSession(first, 'from-window-one');
    await newSession(second, 'from-window-two');
    await newSession(first, 'again-window-one');
    await newSession(second, 'doomed-window-two');
    await deleteSession(second, 'doomed-window-two');
    // Each window reloads and reads the shared state afresh.
    for (const page of [first, second]) {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await inWindow(page, () => h.openSessionsView());
      const tree = page.locator('.sidebar');
      for (const id of ['from-window-one', 'from-window-two', 'again-window-one']) {
        await tree.getByRole('treeitem', { name: new RegExp(id) }).waitFor({ timeout: 30000 });
      }
      assert.equal(await tree.getByRole('treeitem', { name: /doomed-window-two/ }).count(), 0);
    }
    await h.screenshot('two-windows');
  });
});
