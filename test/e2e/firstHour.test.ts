/**
 * What a new user meets in the Sessions view in the first hour, done as they do it (clicks, keys, hovers): names
 * that stay what they typed, date groups, one tab per session after a reload, row buttons and keys, Open to the
 * Side, the filter, usage after a reload, rows that stay put while a reply streams, and a comparison's sessions.
 */
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { type Harness, useHarness } from './harness';

describe('The first hour in the Sessions view (packaged VSIX)', function () {
  this.timeout(240000);
  let h: Harness;

  useHarness({ name: 'e2e-first-hour' }, (started) => (h = started));

  const tree = () => h.page.locator('.sidebar');
  const row = (name: RegExp | string) => h.treeRow(name);
  const tabs = (label: string) => h.page.locator('.tabs-container .tab', { hasText: label });
  const titleAction = (label: string) => h.page.locator(`.sidebar .composite.title .actions-container [aria-label^="${label}"]`).first();

  /**
   * Selects a row, then puts the focus back in the view, as a user does before pressing a key there: keys act on the
   * selection (VS Code gives an extension's keybinding no row), and only a click selects (a right-click or the arrow
   * keys move the focus alone). The click opens the session, whose panel takes the focus: Focus on Sessions View
   * gives it back.
   */
  async function select(target: Locator): Promise<void> {
    await h.moveAwayFromTooltips();
    await target.click();
    await target.and(h.page.locator('[aria-selected="true"]')).waitFor({ timeout: 10000 });
    await h.runCommand('Copilot Sessions: Focus on Sessions View');
    await h.page.locator('.sidebar .monaco-list:focus-within').waitFor({ timeout: 10000 });
  }

  async function chat(id: string, prompt: string, model = 'stand-in-alpha'): Promise<void> {
    await h.newSession(model, id);
    await h.sendPrompt(prompt);
    await h
      .webview()
      .locator('.message.assistant', { hasText: `[${prompt}]` })
      .waitFor({ timeout: 30000 });
    // The reply is on screen a moment before the view shows the session idle again: wait for the row to settle, as a
    // user would see it before right-clicking it.
    await row(new RegExp(`^${id}, .*, Idle$`)).waitFor({ timeout: 15000 });
  }

  it('a typed id stays the name; a generated one reads "New session"; sessions sit in date groups', async () => {
    await h.openSessionsView();
    await chat('user-123-chat', 'the first prompt');
    await row(/^user-123-chat, stand-in-alpha/).waitFor({ timeout: 15000 });
    assert.equal(await tabs('user-123-chat').count(), 1, 'the tab shows the id');
    await h.webview().locator('#header .title', { hasText: 'user-123-chat' }).waitFor({ timeout: 15000 });
    assert.equal(await row(/^the first prompt/).count(), 0, 'the first prompt did not replace the id');
    await row(/^Today/).waitFor({ timeout: 15000 });

    // A taken id: the box says so and Enter opens the session that has it.
    await h.runCommand('Copilot Sessions: New Session');
    await h.quickPick('stand-in-alpha');
    await h.quickInput().locator('.quick-input-message', { hasText: 'Session ID' }).waitFor({ timeout: 30000 });
    await h.quickInput().locator('input').fill('user-123-chat');
    await h
      .quickInput()
      .locator('.quick-input-message', { hasText: /already exists: press Enter to open it/ })
      .waitFor({ timeout: 10000 });
    await h.quickInput().locator('input').press('Enter');
    await h.webview().locator('.message.user', { hasText: 'the first prompt' }).waitFor({ timeout: 15000 });
    assert.equal(await tabs('user-123-chat').count(), 1, 'still one tab');

    await h.newSession('stand-in-beta', '');
    await row(/^New session, stand-in-beta/).waitFor({ timeout: 15000 });
    await h.screenshot('first-hour-date-groups');
  });

  it('after a reload, opening a session whose tab is in the background shows that tab instead of a second one', async () => {
    await chat('tab-one', 'one');
    await chat('tab-two', 'two');
    await h.reloadWindow();
    await h.openSessionsView();
    await tabs('tab-two').first().waitFor({ timeout: 30000 });
    await row(/^tab-one, /).click();
    await h.webview().locator('.message.user', { hasText: 'one' }).waitFor({ timeout: 30000 });
    assert.equal(await tabs('tab-one').count(), 1, 'one tab for tab-one');
    await tabs('tab-two').first().click();
    await h.webview().locator('.message.user', { hasText: 'two' }).waitFor({ timeout: 30000 });
    assert.equal(await tabs('tab-one').count(), 1, 'tab-one did not vanish');
    assert.equal(await tabs('tab-two').count(), 1);
  });

  it('row buttons and keys: Pin and Delete on hover, F2 renames, Delete deletes, Ctrl+Alt+N starts a session', async () => {
    await h.openSessionsView();
    await chat('hover-me', 'hover');
    const session = row(/^hover-me, /);
    await session.hover();
    await session.locator('.action-label[aria-label^="Pin Session"]').click();
    await row(/^Pinned/).waitFor({ timeout: 15000 });

    await select(row(/^hover-me, /));
    await h.page.keyboard.press('F2');
    await h.acceptInput('Renamed with F2');
    await row(/^Renamed with F2, /).waitFor({ timeout: 15000 });
    assert.equal(await row(/^hover-me, /).count(), 0, 'the selected row is the one renamed');

    await select(row(/^Renamed with F2, /));
    await h.page.keyboard.press('Delete');
    await h.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click();
    await row(/^Recently deleted/).waitFor({ timeout: 15000 });
    assert.equal(
      await tree()
        .getByRole('treeitem', { name: /^Renamed with F2, stand-in/ })
        .count(),
      0,
    );

    await chat('delete-by-hover', 'bye');
    const doomed = row(/^delete-by-hover, /);
    await doomed.hover();
    await doomed.locator('.action-label[aria-label^="Delete Session"]').click();
    await h.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click();
    await tree()
      .getByRole('treeitem', { name: /^delete-by-hover, stand-in/ })
      .waitFor({ state: 'detached', timeout: 15000 });

    await row(/^Today/).focus();
    await h.page.keyboard.press('Control+Alt+N');
    await h
      .quickInput()
      .locator('.quick-input-title', { hasText: /choose a model/ })
      .waitFor({ timeout: 15000 });
    await h.page.keyboard.press('Escape');
  });

  it('Open to the Side, the filter box from the title bar, and usage in the tooltip after a reload', async () => {
    await h.openSessionsView();
    await chat('side-a', 'left');
    await chat('side-b', 'right');
    await h.rowAction(row(/^side-a, /), /^Open to the Side/);
    await h.page.locator('.editor-group-container').nth(1).waitFor({ timeout: 15000 });
    assert.ok((await h.page.locator('.editor-group-container').count()) >= 2, 'a second editor group');

    await titleAction('Filter Sessions').click();
    const filter = h.page
      .locator('.sidebar .monaco-list-type-filter, .sidebar .monaco-tree-type-filter, .sidebar .monaco-findInput')
      .first();
    await filter.waitFor({ timeout: 10000 });
    await h.page.keyboard.type('side-b');
    await h.page.keyboard.press('Escape');

    await h.reload();
    await h.openSessionsView();
    // The tooltip is built when the pointer rests on the row.
    const label = row(/^side-b, /)
      .locator('.label-name')
      .first();
    await label.waitFor({ timeout: 15000 });
    const hover = h.page.locator('.monaco-hover, .workbench-hover', { hasText: 'side-b' }).first();
    // As a user does when a tooltip does not come (the pointer arrived while the workbench was still busy): move
    // away and rest on the row again.
    for (let attempt = 1; ; attempt++) {
      await h.page.mouse.move(150, 300);
      await label.hover();
      try {
        await hover.waitFor({ timeout: 8000 });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    await h.page
      .locator('.monaco-hover, .workbench-hover', { hasText: /Tokens: \d/ })
      .first()
      .waitFor({ timeout: 15000 });
    await h.screenshot('first-hour-tooltip-after-reload');
    await h.page.mouse.move(5, 5);
    // Back to one editor group, as the next tests expect (a panel opens in the active group).
    await h.runCommand('View: Single Column Editor Layout');
    await h.page.locator('.editor-group-container').nth(1).waitFor({ state: 'detached', timeout: 15000 });
  });

  it('rows stay where they are while a reply streams', async () => {
    await h.openSessionsView();
    await chat('steady-one', 'one');
    await chat('steady-two', 'two');
    await h.sendPrompt('a long one #long:300 #slow:5');
    // Streaming has begun (the send itself moved the session to the top, as it should).
    await h.webview().locator('.message.assistant', { hasText: 'w5' }).waitFor({ timeout: 30000 });
    const order = () =>
      tree()
        .getByRole('treeitem')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')?.split(',')[0]));
    const before = JSON.stringify(await order());
    for (let i = 0; i < 10; i++) {
      await h.page.waitForTimeout(150);
      assert.equal(JSON.stringify(await order()), before, 'the order of the rows did not change while streaming');
    }
    await h.webview().locator('.message.assistant', { hasText: 'w299' }).waitFor({ timeout: 60000 });
  });

  it('Archive puts a session into a collapsed Archived group; it opens read-only; Unarchive brings it back', async () => {
    await h.openSessionsView();
    await chat('put-away', 'keep me around');
    await h.rowAction(row(/^put-away, /), /^Archive Session/);
    const group = row(/^Archived/);
    await group.waitFor({ timeout: 15000 });
    assert.equal(await group.getAttribute('aria-expanded'), 'false', 'collapsed');
    await group.click();
    await row(/^put-away, /).click();
    await h.webview().locator('.message.user', { hasText: 'keep me around' }).waitFor({ timeout: 30000 });
    await h.sendPrompt('one more?');
    await h
      .webview()
      .locator('#composer-message', { hasText: /archived, so it is read-only/ })
      .waitFor({ timeout: 15000 });
    assert.equal(await h.webview().locator('#prompt').inputValue(), 'one more?', 'the prompt stays in the box');
    await h.screenshot('first-hour-archived');
    const archived = row(/^put-away, /);
    await archived.hover();
    await archived.locator('.action-label[aria-label^="Unarchive Session"]').click();
    await group.waitFor({ state: 'detached', timeout: 15000 });
    await row(/^put-away, /).waitFor({ timeout: 15000 });
  });

  it('Compare: its sessions sit under the comparison; a column whose session is deleted says so and offers nothing', async () => {
    // The comparison's panel is then the one webview on screen (the tests above leave panels open, some side by side).
    await h.runCommand('View: Close All Editors');
    await h.openSessionsView();
    await h.runCommand('Copilot Sessions: Compare Models...');
    for (const model of ['stand-in-alpha', 'stand-in-gamma']) {
      await h
        .quickInput()
        .locator('.quick-input-list .monaco-list-row', { hasText: model })
        .locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-checkbox')
        .first()
        .click();
    }
    await h.quickInput().locator('input').first().press('Enter');
    await h.acceptInput('Compare me');
    const columns = h.webview().locator('section.compare-column');
    await columns.nth(1).locator('.compare-body', { hasText: 'ECHO model=stand-in-gamma' }).waitFor({ timeout: 60000 });
    // Named after its sessions' prompt at once (the runtime's own title came more than 15 s later in a CI run).
    const comparison = row(/^Compare: Compare me/);
    await comparison.waitFor({ timeout: 15000 });
    if ((await comparison.getAttribute('aria-expanded')) !== 'true') await comparison.click();
    await h.rowAction(row(/^stand-in-gamma, /), /^Delete Session/);
    await h.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click();
    await columns
      .nth(1)
      .locator('.compare-stats', { hasText: /This session was deleted/ })
      .waitFor({ timeout: 15000 });
    assert.equal(await columns.nth(1).locator('button.compare-continue').isVisible(), false, 'no Continue for a deleted session');
    assert.equal(await columns.nth(0).locator('button.compare-continue').isVisible(), true);
    await h.screenshot('first-hour-compare-deleted-column');
  });
});
