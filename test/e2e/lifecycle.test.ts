/**
 * The lifecycle in the panel, the way a user reaches it: prompts typed while a reply runs (queued, edited, removed,
 * run in order), the header's model picker (and the model the stand-in then receives, also after a reload), Fork from
 * Here and Restore to Here on a message, Compact from the palette.
 */
import assert from 'node:assert/strict';
import { type Harness, useHarness } from './harness';

describe('Session lifecycle in the panel (packaged VSIX)', function () {
  this.timeout(240000);
  let h: Harness;

  useHarness({ name: 'e2e-lifecycle' }, (started) => (h = started));

  const panel = () => h.webview();
  const reply = (text: RegExp | string) => panel().locator('article.message.assistant', { hasText: text }).first();
  const userMessages = () => panel().locator('article.message.user');

  async function session(id: string, prompts: string[]): Promise<void> {
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', id);
    for (const [i, prompt] of prompts.entries()) {
      await h.sendPrompt(prompt);
      await reply(`users=${i + 1} [`).waitFor({ timeout: 30000 });
    }
  }

  it('queues prompts typed while a reply runs: edited, removed, then run in order with a reply each', async () => {
    await session('queue-three', []);
    await h.sendPrompt('one #slow:4000');
    await panel().locator('#stop').waitFor({ state: 'visible', timeout: 10000 });
    for (const prompt of ['two', 'three', 'four']) await h.sendPrompt(prompt);
    const queued = panel().locator('#queue li.queued');
    await queued.nth(2).waitFor({ timeout: 10000 });
    assert.deepEqual(await panel().locator('#queue .queued-text').allTextContents(), ['two', 'three', 'four']);
    await h.screenshot('readme-queue');
    // Edit the second in place (Enter saves), remove the third.
    await queued.nth(1).locator('.queue-edit').click();
    const box = panel().locator('#queue .queued-edit');
    await box.fill('three, edited');
    await box.press('Enter');
    await queued.nth(2).locator('.queue-remove').click();
    await panel().locator('#queue .queued-text', { hasText: 'three, edited' }).waitFor({ timeout: 5000 });
    assert.equal(await queued.count(), 2);

    await reply('users=3 [one #slow:4000 | two | three, edited]').waitFor({ timeout: 60000 });
    assert.deepEqual(await userMessages().locator('.user-text').allTextContents(), ['one #slow:4000', 'two', 'three, edited']);
    assert.equal(await panel().locator('article.message.assistant').count(), 3, 'a reply for each, in order');
    await panel().locator('#queue').waitFor({ state: 'hidden', timeout: 5000 });
  });

  it('Stop holds the queue until the user goes on; Send Now runs it', async () => {
    await session('queue-held', []);
    await h.sendPrompt('slow #slow:30000');
    await panel().locator('#stop').waitFor({ state: 'visible', timeout: 10000 });
    await h.sendPrompt('after the stop');
    await panel().locator('#queue li.queued').waitFor({ timeout: 10000 });
    await panel().locator('#stop').click();
    await panel().locator('#queue.held', { hasText: 'Held' }).waitFor({ timeout: 15000 });
    assert.equal(await userMessages().count(), 1, 'nothing more was sent after Stop');
    await panel().locator('#queue .queue-send-now').click();
    await reply('| after the stop]').waitFor({ timeout: 30000 });
  });

  it('prompts queued when the window reloads come back held, and run in order when the user goes on', async () => {
    await session('queue-reload', []);
    await h.sendPrompt('slow #slow:20000');
    await panel().locator('#stop').waitFor({ state: 'visible', timeout: 10000 });
    await h.sendPrompt('kept one');
    await h.sendPrompt('kept two');
    await panel().locator('#queue li.queued').nth(1).waitFor({ timeout: 10000 });
    await h.reload();
    await h.openSessionsView();
    await h.treeRow(/queue-reload/).click();
    await panel().locator('#queue.held').waitFor({ timeout: 60000 });
    assert.deepEqual(await panel().locator('#queue .queued-text').allTextContents(), ['kept one', 'kept two']);
    await panel().locator('#queue .queue-send-now').first().click();
    await reply('| kept one]').waitFor({ timeout: 30000 });
    await reply('| kept one | kept two]').waitFor({ timeout: 30000 });
    await panel().locator('#queue').waitFor({ state: 'hidden', timeout: 5000 });
  });

  it("the header's model picker switches the model from the next turn, and it stays after a reload", async () => {
    await session('switch-model', ['before']);
    await panel().locator('#model').click();
    await h.quickInput().locator('.quick-input-title', { hasText: 'Change Model' }).waitFor({ timeout: 15000 });
    await h.quickPick('stand-in-gamma');
    await panel().locator('article.message.change', { hasText: 'Model from here on: stand-in-gamma' }).waitFor({ timeout: 15000 });
    await panel().locator('#model', { hasText: 'stand-in-gamma' }).waitFor({ timeout: 10000 });
    await h.sendPrompt('after');
    await reply('ECHO model=stand-in-gamma users=2 [before | after]').waitFor({ timeout: 30000 });

    await h.reload();
    await h.openSessionsView();
    await h.treeRow(/switch-model/).click();
    await panel().locator('#model', { hasText: 'stand-in-gamma' }).waitFor({ timeout: 60000 });
    await panel().locator('article.message.change', { hasText: 'stand-in-gamma' }).waitFor({ timeout: 10000 });
    await h.sendPrompt('reloaded');
    await reply('ECHO model=stand-in-gamma users=3 [before | after | reloaded]').waitFor({ timeout: 30000 });
  });

  it('Fork from Here on the second of three messages: the fork hears two and says where it came from', async () => {
    await session('fork-here', ['one', 'two', 'three']);
    const second = userMessages().nth(1);
    await second.hover();
    await second.locator('.fork-here').click();
    await h.page.locator('.tab', { hasText: '(fork)' }).first().waitFor({ timeout: 30000 });
    await panel().locator('#forked-from', { hasText: 'fork-here' }).waitFor({ timeout: 30000 });
    assert.equal(await userMessages().count(), 2);
    await h.sendPrompt('four');
    await reply('users=3 [one | two | four]').waitFor({ timeout: 30000 });
  });

  it('Restore to Here takes the conversation back to before a message and puts it back in the prompt box', async () => {
    await session('rewind-here', ['one', 'two', 'three']);
    const second = userMessages().nth(1);
    await second.hover();
    await second.locator('.rewind-here').click();
    const dialog = h.page.locator('.monaco-dialog-box');
    await dialog.locator('.dialog-message-text', { hasText: 'Restore the session to before this message?' }).waitFor({ timeout: 15000 });
    assert.match((await dialog.textContent()) ?? '', /4 messages leave the history/);
    await h.screenshot('lifecycle-rewind-confirm');
    await dialog.locator('.monaco-button', { hasText: /^Restore$/ }).click();
    await userMessages().nth(1).waitFor({ state: 'detached', timeout: 15000 });
    assert.equal(await panel().locator('#prompt').inputValue(), 'two', 'the prompt is back in the box');
    await panel().locator('#prompt').press('Enter');
    await reply('users=2 [one | two]').waitFor({ timeout: 30000 });
  });

  it('Compact History from the palette summarises the history and notes it there', async () => {
    await session('compact-me', ['alpha', 'beta']);
    await h.runCommand('Copilot Sessions: Compact History');
    await h.quickPick('compact-me');
    await panel().locator('article.message.change', { hasText: 'summarised' }).waitFor({ timeout: 30000 });
    await h.sendPrompt('gamma');
    await reply('| gamma]').waitFor({ timeout: 30000 });
  });
});
