/**
 * The Sessions view as a user works it: title-bar buttons with rows selected (VS Code passes the selected row to
 * them), Delete into Recently deleted and back with Restore, Delete Permanently, session ids that look like the
 * view's own groups, and a group longer than its first page ("Show more").
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeEntry } from '../../src/core/sessionIndex';
import { type Harness, useHarness } from './harness';
import { indexDir, whileClosed } from './storeAtRest';

describe('Sessions view actions (packaged VSIX)', function () {
  this.timeout(240000);
  let h: Harness;

  useHarness({ name: 'e2e-view-actions' }, (started) => (h = started));

  const tree = () => h.page.locator('.sidebar');
  const row = (name: RegExp | string) => h.treeRow(name);
  const titleAction = (label: string) => h.page.locator(`.sidebar .composite.title .actions-container [aria-label^="${label}"]`).first();

  async function confirm(button: string): Promise<void> {
    await h.page.locator('.monaco-dialog-box .monaco-button', { hasText: button }).first().click();
  }

  /** Runs a title-bar action and checks that it asks what it should, not that its arguments were refused. */
  async function expectTitleAction(label: string, asks: RegExp | string): Promise<void> {
    await titleAction(label).click();
    await h
      .quickInput()
      .locator('.quick-input-title, .quick-input-message, input', { hasText: asks })
      .first()
      .or(h.quickInput().getByPlaceholder(asks))
      .waitFor({ timeout: 15000 });
    await h.page.keyboard.press('Escape');
    assert.equal(
      await h.page.locator('.notification-toast', { hasText: /invalid arguments/ }).count(),
      0,
      `${label}: no "invalid arguments"`,
    );
  }

  it('title-bar buttons work with one row selected and with several', async () => {
    await h.openSessionsView();
    for (const id of ['select-one', 'select-two']) {
      await h.newSession('stand-in-alpha', id);
      await h.sendPrompt(`hello from ${id}`);
      await h
        .webview()
        .locator('.message.assistant', { hasText: `[hello from ${id}]` })
        .waitFor({ timeout: 30000 });
    }
    await row(/select-one/).click();
    await expectTitleAction('New Session', /choose a model/);
    await expectTitleAction('Search Sessions', /Search the titles and messages/);
    await expectTitleAction('Compare Models', /choose two to four models/);
    await h.page.locator('.sidebar .composite.title .actions-container [aria-label*="More Actions"]').first().click();
    await h.page.getByRole('menuitem', { name: /Delete Sessions Older Than/ }).click();
    await h
      .quickInput()
      .locator('.quick-input-title', { hasText: /Delete sessions last active more than/ })
      .waitFor({ timeout: 15000 });
    await h.page.keyboard.press('Escape');

    // Two rows selected (Ctrl+click): the same buttons, the same answers.
    await row(/select-two/).click({ modifiers: ['Control'] });
    assert.equal(await tree().locator('.monaco-list-row.selected').count(), 2, 'two rows selected');
    await expectTitleAction('New Session', /choose a model/);
    await expectTitleAction('Search Sessions', /Search the titles and messages/);
    await h.screenshot('view-title-actions-with-selection');
  });

  it('Delete puts a session in Recently deleted; Restore brings it back with its history; Delete Permanently ends it', async () => {
    await h.openSessionsView();
    await h.newSession('stand-in-beta', 'trash-me');
    await h.sendPrompt('keep this safe');
    await h.webview().locator('.message.assistant', { hasText: '[keep this safe]' }).waitFor({ timeout: 30000 });

    await h.rowAction(row(/trash-me/), /^Delete Session/);
    await h.page.locator('.monaco-dialog-box', { hasText: /restore it from Recently deleted for 30 days/ }).waitFor({ timeout: 10000 });
    await confirm('Delete');
    const group = row(/^Recently deleted/);
    await group.waitFor({ timeout: 15000 });
    await tree()
      .getByRole('treeitem', { name: /^trash-me/ })
      .waitFor({ state: 'detached', timeout: 15000 });
    assert.ok(existsSync(path.join(h.sandbox.copilotHome, 'session-state', 'trash-me')), 'its history stays on disk');

    await group.click();
    const deleted = row(/trash-me, deleted .* 30 days left/);
    await deleted.waitFor({ timeout: 15000 });
    await h.screenshot('readme-recently-deleted');
    // Restore is the row's inline button, shown on hover.
    await deleted.hover();
    await deleted.locator('.action-label[aria-label^="Restore Session"]').click();
    await row(/^trash-me, stand-in-beta/).waitFor({ timeout: 15000 });
    await row(/^trash-me, stand-in-beta/).click();
    await h.webview().locator('.message.user', { hasText: 'keep this safe' }).waitFor({ timeout: 30000 });

    await h.rowAction(row(/^trash-me, stand-in-beta/), /^Delete Session/);
    await confirm('Delete');
    await group.waitFor({ timeout: 15000 });
    if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
    await h.rowAction(row(/trash-me, deleted/), /^Delete Permanently/);
    await h.page.locator('.monaco-dialog-box', { hasText: /permanently\? Its history is removed from disk/ }).waitFor({ timeout: 10000 });
    await confirm('Delete Permanently');
    await group.waitFor({ state: 'detached', timeout: 15000 });
    for (let i = 0; i < 50 && existsSync(path.join(h.sandbox.copilotHome, 'session-state', 'trash-me')); i++)
      await h.page.waitForTimeout(100);
    assert.ok(!existsSync(path.join(h.sandbox.copilotHome, 'session-state', 'trash-me')), 'gone from disk');
  });

  it('Fork Session from a row: a new session with the whole history, its own from then on', async () => {
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', 'fork-me');
    await h.sendPrompt('first turn');
    await h.webview().locator('.message.assistant', { hasText: '[first turn]' }).waitFor({ timeout: 30000 });
    await h.rowAction(row(/^fork-me, /), /^Fork Session/);
    await h.page.locator('.tab', { hasText: 'fork-me (fork)' }).first().waitFor({ timeout: 30000 });
    await row(/^fork-me \(fork\), /).waitFor({ timeout: 15000 });
    await h.webview().locator('.message.user', { hasText: 'first turn' }).waitFor({ timeout: 30000 });
    await h.sendPrompt('on the fork');
    await h.webview().locator('.message.assistant', { hasText: 'users=2 [first turn | on the fork]' }).waitFor({ timeout: 30000 });
    await h.screenshot('view-fork');
  });

  it('a permission in a background panel: the badge, a "Needs you" row and a notification that approves; a reply read later', async () => {
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', 'needs-me');
    await h.newSession('stand-in-alpha', 'in-front');
    // Back to needs-me, ask for a tool slowly, and switch away before the request comes.
    await h.page.locator('.tab', { hasText: 'needs-me' }).first().click();
    await h.sendPrompt('run it #tool #slow:1500');
    await h.page.locator('.tab', { hasText: 'in-front' }).first().click();
    // The count on the Copilot Sessions icon of the activity bar.
    const badge = h.page
      .locator(
        '.activitybar .action-item[aria-label^="Copilot Sessions"] .badge-content, .activitybar .action-item:has([aria-label^="Copilot Sessions"]) .badge-content',
      )
      .filter({ hasText: /\d/ })
      .first();
    await badge.waitFor({ timeout: 30000 });
    assert.equal((await badge.textContent())?.trim(), '1');
    await row(/^Needs you/).waitFor({ timeout: 15000 });
    await row(/^needs-me, waiting for your permission/).waitFor({ timeout: 15000 });
    const toast = h.page.locator('.notification-toast', { hasText: /"needs-me" asks for permission \(shell\): .*stand-in-tool-output/ });
    await toast.waitFor({ timeout: 15000 });
    await h.screenshot('view-needs-you');
    await toast.getByRole('button', { name: 'Approve' }).click();
    // The reply comes while its panel is still in the background: unread, said once, until it is opened.
    await row(/^needs-me, new reply/).waitFor({ timeout: 30000 });
    await h.page.locator('.notification-toast', { hasText: /"needs-me" has a new reply/ }).waitFor({ timeout: 15000 });
    await row(/^needs-me, new reply/).click();
    await h
      .webview()
      .locator('.message.assistant', { hasText: /Tool finished: stand-in-tool-output/ })
      .waitFor({ timeout: 30000 });
    await row(/^Needs you/).waitFor({ state: 'detached', timeout: 15000 });
  });

  it('a session whose id looks like one of the view’s groups is listed beside that group', async () => {
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', 'outside-group');
    await h.sendPrompt('named like a group');
    await h.webview().locator('.message.assistant', { hasText: '[named like a group]' }).waitFor({ timeout: 30000 });
    // A session of this folder made elsewhere: the "Not in this workspace's list" group appears beside it.
    await h.sessionMadeElsewhere('made-elsewhere', 'from elsewhere');
    await titleAction('Refresh').click();
    await row(/Not in this workspace's list/).waitFor({ timeout: 30000 });
    await row(/^named like a group|^outside-group/).waitFor({ timeout: 15000 });
    await row(/Not in this workspace's list/).click();
    await row(/from elsewhere|made-elsewhere/).waitFor({ timeout: 15000 });
    await h.screenshot('view-group-like-id');
  });

  /** Scrolls the Sessions view with the mouse wheel until the row is on screen (the view renders only those). */
  async function scrollTo(name: RegExp): Promise<void> {
    const list = tree().locator('.monaco-list').first();
    await list.hover();
    for (let i = 0; i < 60 && !(await row(name).isVisible()); i++) await h.page.mouse.wheel(0, 400);
    await row(name).waitFor({ state: 'visible', timeout: 5000 });
  }

  it('a long Today group shows its first 50 rows, then "Show more" by click and by Enter', async () => {
    // 120 sessions active in the last second, in the index as a window leaves it (read while no window runs).
    const now = Date.now();
    await whileClosed(h, () => {
      const dir = indexDir(h);
      mkdirSync(path.join(dir, 'sessions'), { recursive: true });
      for (let i = 1; i <= 120; i++) {
        const id = `many-${String(i).padStart(3, '0')}`;
        const entry = { id, model: 'stand-in-alpha', created: now - i * 10, lastActive: now - i * 10, title: `Many ${id}` };
        writeFileSync(path.join(dir, 'sessions', `${id}.json`), JSON.stringify(encodeEntry(entry)));
      }
      rmSync(path.join(dir, 'index.json'), { force: true });
    });
    await h.openSessionsView();
    await row(/^Many many-001/).waitFor({ timeout: 30000 });
    await h.moveAwayFromTooltips();
    // Today holds the 120 and the sessions the tests above made today: 50 rows, then the rest is one row.
    const more = /^Show \d+ more/;
    await scrollTo(more);
    const text = (await row(more).getAttribute('aria-label')) ?? '';
    const [, next, hidden] = /^Show (\d+) more, (\d+) not shown/.exec(text) ?? [];
    assert.equal(next, '50', `the next page: ${text}`);
    const total = 50 + Number(hidden);
    assert.ok(total >= 120 && total < 150, `Today: ${total} sessions`);
    assert.equal(await row(/^Many many-120/).count(), 0, 'the oldest of Today is not a row yet');

    await row(more).click();
    await scrollTo(new RegExp(`^Show ${total - 100} more, ${total - 100} not shown`));
    // The second page by keyboard: the "Show more" row keeps the focus the click gave it, Enter shows the rest.
    assert.match((await tree().locator('.monaco-list-row.focused').first().getAttribute('aria-label')) ?? '', more, 'focused');
    await h.page.keyboard.press('Enter');
    await scrollTo(/^Many many-120/);
    assert.equal(await row(more).count(), 0, 'every row of Today shown, no "Show more" left');
    await h.screenshot('view-show-more');
  });
});
