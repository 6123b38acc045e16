/**
 * Beyond the spec, in the browser as a user: compare models side by side, search every session, and sessions of
 * this folder made elsewhere, shown apart with an Import action. Screenshots land in test-results/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Harness, useHarness } from './harness';

describe('Features in the browser (packaged VSIX)', function () {
  this.timeout(180000);
  let h: Harness;

  useHarness({ name: 'e2e-features' }, (started) => (h = started));

  it('compares three models side by side, then continues one as a normal session', async () => {
    await h.openSessionsView();
    await h.runCommand('Copilot Sessions: Compare Models...');
    const quickInput = h.quickInput();
    for (const model of ['stand-in-alpha', 'stand-in-beta', 'stand-in-gamma']) {
      await quickInput
        .locator('.quick-input-list .monaco-list-row', { hasText: model })
        .locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-checkbox')
        .first()
        .click();
    }
    await quickInput.locator('input').first().press('Enter');
    await h.acceptInput('Explain closures in one line');
    const panel = h.webview();
    const columns = panel.locator('section.compare-column');
    await columns.nth(2).waitFor({ timeout: 60000 });
    assert.equal(await columns.count(), 3);
    for (const [i, model] of ['stand-in-alpha', 'stand-in-beta', 'stand-in-gamma'].entries()) {
      const column = columns.nth(i);
      await column
        .locator('.compare-body', { hasText: `ECHO model=${model} users=1 [Explain closures in one line]` })
        .waitFor({ timeout: 30000 });
      await column.locator('.compare-stats', { hasText: /First token .* Total .* Tokens/ }).waitFor({ timeout: 30000 });
      assert.equal(await column.getAttribute('data-state'), 'done');
    }
    await h.screenshot('readme-compare');
    await columns.nth(1).locator('button.compare-continue').click();
    const session = h.webview();
    await session.locator('article.message.assistant', { hasText: 'ECHO model=stand-in-beta users=1' }).waitFor({ timeout: 30000 });
    const prompt = session.locator('#prompt');
    await prompt.fill('and in Go?');
    await prompt.press('Enter');
    await session
      .locator('article.message.assistant', { hasText: 'users=2 [Explain closures in one line | and in Go?]' })
      .waitFor({ timeout: 30000 });
  });

  it('searches every session and opens the panel at the matching message', async () => {
    await h.runCommand('Copilot Sessions: Search Sessions...');
    const input = h.page.locator('.quick-input-widget input');
    await input.fill('closures');
    const rows = h.page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 30000 });
    assert.ok((await rows.count()) >= 3, 'a hit in each compared session');
    await h.screenshot('feature-search');
    await rows.filter({ hasText: 'stand-in-gamma' }).first().click();
    await h
      .webview()
      .locator('article.message.highlight', { hasText: /closures/ })
      .waitFor({ timeout: 30000 });
  });

  it("lists this folder's sessions made elsewhere apart, and imports one", async () => {
    // Another program (the Copilot CLI, another window) made a session for this folder in the shared store.
    await h.sessionMadeElsewhere('made-in-terminal', 'hello from the terminal');
    await h.openSessionsView();
    await h.page.locator('.sidebar .composite.title .actions-container [aria-label^="Refresh"]').first().click();
    const group = h.page.locator('.sidebar').getByRole('treeitem', { name: /Not in this workspace's list/ });
    await group.waitFor({ timeout: 30000 });
    await group.click();
    const row = h.page.locator('.sidebar').getByRole('treeitem', { name: /hello from the terminal|made-in-terminal/ });
    await row.waitFor({ timeout: 15000 });
    await h.screenshot('feature-outside-sessions');
    await h.moveAwayFromTooltips();
    await row.click({ button: 'right' });
    const importItem = h.page.getByRole('menuitem', { name: /Import Session of This Folder/ });
    await importItem.waitFor({ timeout: 10000 });
    // VS Code's context menu acts on keyboard focus reliably: move to the item, then Enter.
    await importItem.hover();
    await h.page.keyboard.press('Enter');
    await group.waitFor({ state: 'detached', timeout: 30000 });
    await h.page
      .locator('.sidebar')
      .getByRole('treeitem', { name: /hello from the terminal|made-in-terminal/ })
      .click();
    await h.webview().locator('article.message.user', { hasText: 'hello from the terminal' }).waitFor({ timeout: 30000 });
  });

  /** Right-clicks a session in the view and runs one of its context-menu actions. */
  const contextAction = (row: RegExp, action: RegExp) => h.rowAction(h.treeRow(row), action);

  it('pins, renames, exports and hands a session off from its context menu', async () => {
    await h.openSessionsView();
    const tree = h.page.locator('.sidebar');
    // The compared sessions are together under their comparison, named by model.
    const comparison = tree.getByRole('treeitem', { name: /^Compare: Explain closures in one line/ }).first();
    await comparison.waitFor({ timeout: 15000 });
    if ((await comparison.getAttribute('aria-expanded')) !== 'true') await comparison.click();
    await tree.getByRole('treeitem', { name: /^stand-in-gamma, / }).waitFor({ timeout: 15000 });
    // Pin one of them: the comparison moves to the top, into Pinned.
    await contextAction(/^stand-in-alpha, /, /^Pin Session/);
    const names = () => tree.getByRole('treeitem').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    await tree.getByRole('treeitem', { name: /^Pinned/ }).waitFor({ timeout: 15000 });
    const order = await names();
    const pinned = order.findIndex((n) => n.startsWith('Pinned'));
    assert.match(order[pinned + 1] ?? '', /^Compare: Explain closures/, `the comparison right under Pinned: ${JSON.stringify(order)}`);

    // Rename through the runtime: the new name shows in the view and in the panel's header.
    await contextAction(/^stand-in-alpha, /, /^Rename Session/);
    await h.acceptInput('Closures, alpha take');
    await tree.getByRole('treeitem', { name: /Closures, alpha take/ }).waitFor({ timeout: 15000 });
    await tree.getByRole('treeitem', { name: /Closures, alpha take/ }).click();
    await h.webview().locator('#header .title', { hasText: 'Closures, alpha take' }).waitFor({ timeout: 15000 });
    // Usage so far is in the header.
    await h.webview().locator('#header .tokens', { hasText: /\d/ }).waitFor({ timeout: 15000 });

    // Export as Markdown through the save dialog (VS Code's own, in the browser): accept the proposed file.
    await contextAction(/Closures, alpha take/, /^Export Session as Markdown/);
    const dialogInput = h.page.locator('.quick-input-widget input');
    await dialogInput.waitFor({ timeout: 15000 });
    // The dialog fills in the proposed path a moment after it opens.
    for (let i = 0; i < 50 && !(await dialogInput.inputValue()).endsWith('.md'); i++) await h.page.waitForTimeout(100);
    assert.match(await dialogInput.inputValue(), /\.md$/);
    await dialogInput.press('Enter');
    await h.page.locator('.notification-toast', { hasText: 'Exported to' }).waitFor({ timeout: 15000 });
    const exported = readdirSync(h.sandbox.workspace).filter((f) => f.endsWith('.md'));
    assert.equal(exported.length, 1);
    const transcript = readFileSync(path.join(h.sandbox.workspace, exported[0]), 'utf8');
    assert.match(transcript, /^# Closures, alpha take/);
    assert.match(transcript, /ECHO model=stand-in-alpha/);

    // No Copilot CLI on this machine: Continue in Terminal says so plainly.
    await contextAction(/Closures, alpha take/, /^Continue in Terminal/);
    await h.page.locator('.notification-toast', { hasText: 'Copilot CLI is not installed' }).waitFor({ timeout: 15000 });
    await h.screenshot('feature-context-menu');
  });
});
