/**
 * A long conversation (600 turns) in the panel, the way a user reads it: the panel opens on the newest turns with a
 * bounded transcript, and scrolling the transcript up with the mouse wheel brings the older turns, page after page,
 * back to the first one, and scrolling down brings the newer ones back to the newest, where the panel follows the
 * conversation again; the transcript stays bounded all the way. A search hit far above the newest turns opens
 * the page around it. Screenshots land in test-results/.
 */
import assert from 'node:assert/strict';
import { repeatTurns } from '../fixtures/longSession';
import { type Harness, useHarness } from './harness';
import { eventsFile as storeFile, reloadWithStoreAtRest } from './storeAtRest';

const TURNS = 600;

describe('Session panel, a long history paged in as the user scrolls up and down (packaged VSIX)', function () {
  this.timeout(300000);
  let h: Harness;

  useHarness({ name: 'e2e-long-history', screenshotPrefix: 'long-history-' }, (started) => (h = started));

  const eventsFile = (id: string) => storeFile(h, id);

  it('opens on the newest turns; the mouse wheel brings older pages up to the first turn and newer ones down again, bounded', async () => {
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', 'long-history');
    await h.sendPrompt('first words');
    await h.webview().locator('article.message.assistant', { hasText: 'users=1 [first words]' }).waitFor({ timeout: 30000 });
    await h.sendPrompt('more words');
    await h.webview().locator('article.message.assistant', { hasText: 'users=2' }).waitFor({ timeout: 30000 });
    // Nothing may write to the store while it grows.
    await reloadWithStoreAtRest(h, ['long-history']);
    repeatTurns(eventsFile('long-history'), TURNS);

    await h.openSessionsView();
    await h.page
      .locator('.sidebar')
      .getByRole('treeitem', { name: /first words|long-history/ })
      .click();
    const panel = h.webview();
    const user = (turn: number) => panel.locator('article.message.user', { hasText: new RegExp(`\\(turn ${turn}\\)$`) });
    await user(TURNS).waitFor({ timeout: 60000 });
    const messages = panel.locator('article.message');
    assert.ok((await messages.count()) <= 220, 'the transcript holds a window, not the whole history');
    assert.equal(await user(1).count(), 0, 'the first turn is not there yet');
    await panel.locator('.older-bar').waitFor({ state: 'visible' });

    // A search hit far above the newest turns: the panel shows the page around it, the hit highlighted; Jump to
    // latest brings the newest turns back.
    await h.runCommand('Copilot Sessions: Search Sessions...');
    await h.page.locator('.quick-input-widget input').fill('(turn 300)');
    const hit = h.page.locator('.quick-input-list .monaco-list-row', { hasText: '(turn 300)' }).first();
    await hit.waitFor({ timeout: 30000 });
    await hit.click();
    await panel.locator('article.message.user.highlight', { hasText: /\(turn 300\)$/ }).waitFor({ timeout: 30000 });
    assert.equal(await user(TURNS).count(), 0, 'the page around the hit, not the newest turns');
    assert.ok((await messages.count()) <= 220, 'still a window');
    await panel.locator('#jump-latest').click();
    await user(TURNS).waitFor({ timeout: 15000 });
    await user(TURNS).scrollIntoViewIfNeeded();

    const transcript = panel.locator('#messages');
    const box = await transcript.boundingBox();
    assert.ok(box, 'the transcript is on screen');
    await h.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    let most = 0;
    const until = Date.now() + 120000;
    while ((await user(1).count()) === 0) {
      if (Date.now() > until) throw new Error('scrolling up never reached the first turn');
      await h.page.mouse.wheel(0, -3000);
      await h.page.waitForTimeout(60);
      most = Math.max(most, await messages.count());
    }
    assert.ok(most <= 220, `the transcript stayed bounded while scrolling up (at most ${most} messages)`);
    await user(1).scrollIntoViewIfNeeded();
    assert.ok(await user(1).isVisible(), 'the first turn is on screen');
    await panel.locator('.older-bar').waitFor({ state: 'hidden', timeout: 10000 });
    await h.screenshot('first-turn');

    // And down again with the wheel alone, to the newest turn: newer pages come as the older ones left, no turn is
    // skipped on the way, and the transcript stays bounded.
    const shownTurns = () =>
      panel
        .locator('article.message.user')
        .evaluateAll((els) => els.map((e) => Number(/\(turn (\d+)\)$/.exec(e.textContent ?? '')?.[1] ?? NaN)).filter((n) => n > 0));
    let lastShown = 1;
    const downUntil = Date.now() + 120000;
    // Down to the newest line: the newest turn is there and Jump to latest has nothing left to do.
    const jump = panel.locator('#jump-latest');
    while ((await user(TURNS).count()) === 0 || !(await jump.isHidden())) {
      if (Date.now() > downUntil) throw new Error(`scrolling down never reached the newest turn (last seen: turn ${lastShown})`);
      await h.page.mouse.wheel(0, 3000);
      await h.page.waitForTimeout(60);
      const turns = await shownTurns();
      most = Math.max(most, await messages.count());
      if (turns.length === 0) continue;
      assert.ok(
        Math.min(...turns) <= lastShown + 1,
        `no turn skipped: after turn ${lastShown} came turns ${Math.min(...turns)}-${Math.max(...turns)}`,
      );
      lastShown = Math.max(lastShown, ...turns);
    }
    assert.ok(most <= 220, `the transcript stayed bounded while scrolling down (at most ${most} messages)`);
    assert.equal(lastShown, TURNS);

    // At the newest turn the panel follows the conversation again: a new reply is on screen without scrolling.
    await h.sendPrompt('after the way down');
    const reply = panel.locator('article.message.assistant', { hasText: /\| after the way down\]/ });
    await reply.waitFor({ timeout: 30000 });
    await panel.locator('article.message.assistant:not(.streaming)', { hasText: /\| after the way down\]/ }).waitFor({ timeout: 30000 });
    const [replyBox, view] = [await reply.boundingBox(), await transcript.boundingBox()];
    assert.ok(replyBox && view && replyBox.y + replyBox.height <= view.y + view.height + 2, 'the reply is in view at the bottom');
    await h.screenshot('newest-after-scrolling-down');
  });
});
