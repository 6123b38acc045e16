/**
 * The product as a user walks it in the browser: the Sessions view, the palette, two sessions on two models,
 * typing in the panel, streaming, Stop, a permission approved and one denied, an endpoint error, hostile model
 * output, then a window reload that brings the panel and the history back. Screenshots land in test-results/.
 */
import assert from 'node:assert/strict';
import type { FrameLocator, Request } from 'playwright-core';
import { type Harness, useHarness } from './harness';

describe('Sessions in the browser (packaged VSIX)', function () {
  this.timeout(180000);
  let h: Harness;
  const remoteRequests: string[] = [];

  useHarness({ name: 'e2e-sessions' }, (started) => {
    h = started;
    h.page.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol.startsWith('http')) remoteRequests.push(request.url());
    });
  });

  const panel = (): FrameLocator => h.webview();

  const assistant = (text: string | RegExp) => panel().locator('article.message.assistant', { hasText: text });

  it('creates two sessions on two models from the palette and chats in each', async () => {
    await h.openSessionsView();
    await h.newSession('stand-in-alpha', 'spec-python');
    await h.sendPrompt('You are helping with a Python project');
    await assistant('ECHO model=stand-in-alpha users=1 [You are helping with a Python project]').waitFor({ timeout: 30000 });
    await h.newSession('stand-in-beta', 'spec-go');
    await h.sendPrompt('You are helping with a Go project');
    await assistant('ECHO model=stand-in-beta users=1 [You are helping with a Go project]').waitFor({ timeout: 30000 });
    const sidebar = h.page.locator('.sidebar');
    await sidebar.getByRole('treeitem', { name: /You are helping with a Python project|spec-python/ }).waitFor({ timeout: 15000 });
    await sidebar.getByRole('treeitem', { name: /You are helping with a Go project|spec-go/ }).waitFor({ timeout: 15000 });
    await h.screenshot('sessions-two-models');
  });

  it('refuses a blank prompt in the panel', async () => {
    const before = await panel().locator('article.message.user').count();
    await h.sendPrompt('   ');
    await panel().locator('#composer-message', { hasText: 'empty prompts are not sent' }).waitFor({ timeout: 5000 });
    assert.equal(await panel().locator('article.message.user').count(), before);
  });

  it('a second prompt sent before the first turn has begun is queued and answered after the first', async () => {
    const prompt = panel().locator('#prompt');
    const sent = await panel().locator('article.message.user').count();
    // While the client restarts (its sign-in check slowed down by the stand-in) the first prompt waits for it:
    // the second, typed at once, reaches the extension before the first turn has begun, and before its status
    // reaches the panel.
    const slow = await fetch(`${h.model.url}/stand-in/slow-sign-in`, { method: 'POST', body: JSON.stringify({ ms: 3000 }) });
    assert.equal(slow.status, 200);
    await h.runCommand('Copilot Sessions: Restart Client');
    await h.page.locator('.statusbar [aria-label^="Copilot Sessions: Starting"]').first().waitFor({ timeout: 15000 });
    await prompt.fill('first #slow:1500');
    await prompt.press('Enter');
    await prompt.fill('second');
    await prompt.press('Enter');
    assert.equal(await prompt.inputValue(), '', 'the second prompt left the box for the queue');
    await assistant(/\| first #slow:1500\]\s*$/).waitFor({ timeout: 30000 });
    await assistant(/\| first #slow:1500 \| second\]\s*$/).waitFor({ timeout: 30000 });
    assert.equal(await panel().locator('article.message.user').count(), sent + 2, 'both were sent, one after the other');
    await h.screenshot('sessions-second-prompt-queued');
  });

  it('streams a long reply, with Stop shown while it runs', async () => {
    await h.sendPrompt('a long one #long:400 #slow:15');
    await panel().locator('#stop').waitFor({ state: 'visible', timeout: 10000 });
    await assistant(/w399\s*$/).waitFor({ timeout: 60000 });
    await panel().locator('#stop').waitFor({ state: 'hidden', timeout: 10000 });
  });

  it('Stop ends a slow turn and the session keeps working', async () => {
    await h.sendPrompt('wait for it #slow:30000');
    await panel().locator('#stop').click({ timeout: 10000 });
    await panel().locator('article.message.notice', { hasText: 'Stopped' }).waitFor({ timeout: 10000 });
    await h.sendPrompt('after stopping');
    await assistant(/users=6 \[.*after stopping\]/).waitFor({ timeout: 30000 });
  });

  it('asks before running a tool: Approve runs it, Deny does not', async () => {
    await h.sendPrompt('list files #tool');
    const card = panel().locator('section.permission');
    await card.waitFor({ timeout: 30000 });
    assert.match((await card.textContent()) ?? '', /echo stand-in-tool-output/);
    await h.screenshot('readme-sessions');
    await card.locator('button.approve').click();
    await assistant(/Tool finished: stand-in-tool-output/).waitFor({ timeout: 30000 });

    await h.sendPrompt('again #tool');
    await card.waitFor({ timeout: 30000 });
    await card.locator('button.deny').click();
    await panel().locator('article.message.tool .tool-status.denied').first().waitFor({ timeout: 30000 });
    const replies = await panel().locator('article.message.assistant').allTextContents();
    assert.equal(replies.filter((r) => r.includes('Tool finished: stand-in-tool-output')).length, 1, 'the denied command did not run');
  });

  it('shows an endpoint error and keeps the prompt for retry', async () => {
    await h.sendPrompt('this breaks #error:400');
    await panel().locator('article.message.error', { hasText: '400' }).waitFor({ timeout: 30000 });
    // Said once, in the transcript; the composer offers Retry.
    await panel().locator('#composer-message #retry').waitFor({ timeout: 10000 });
    assert.equal(await panel().locator('#prompt').inputValue(), 'this breaks #error:400');
    await h.screenshot('sessions-error-kept-prompt');
    await panel().locator('#prompt').fill('');
  });

  it('renders hostile model output inert: no script, no remote request, no javascript: link, no lying link title', async () => {
    await h.sendPrompt('show me #hostile');
    const reply = assistant('Hostile content follows.');
    await reply.waitFor({ timeout: 30000 });
    assert.equal(await reply.locator('script, iframe, svg, img, object, embed').count(), 0);
    await reply.getByText('click me').click();
    const pwned = await reply.evaluate(() => (window as unknown as { __pwned?: string }).__pwned);
    assert.equal(pwned, undefined);
    const hrefs = await reply.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(
      hrefs.every((href) => href === null || /^https?:/.test(href)),
      `only web links keep an href: ${hrefs.join(', ')}`,
    );
    assert.deepEqual(
      remoteRequests.filter((u) => u.includes('evil.example')),
      [],
    );
    // Hovering a link shows where it really goes: the model's own titles ("https://example.com/trusted") are gone.
    const hovers = await reply.locator('a[href]').evaluateAll((links) =>
      links.map((a) => ({
        href: a.getAttribute('href'),
        title: a.getAttribute('title'),
        inner: Array.from(a.querySelectorAll('[title]')).map((e) => e.getAttribute('title')),
      })),
    );
    assert.ok(
      hovers.some((link) => link.href === 'https://evil.example/steal'),
      `the lying link is there: ${JSON.stringify(hovers)}`,
    );
    for (const link of hovers) assert.deepEqual({ title: link.title, inner: link.inner }, { title: link.href, inner: [] }, link.href ?? '');
    assert.equal(await reply.locator('[title*="example.com/trusted"], [title*="example.com/logo"]').count(), 0);
    await h.screenshot('sessions-hostile-inert');
    // A web link opens only after the user agrees: a dialog asks first, and Cancel opens nothing.
    await reply.getByText('a safe link').click();
    const dialog = h.page.locator('.monaco-dialog-box', { hasText: 'Open this link' });
    await dialog.waitFor({ timeout: 10000 });
    assert.match((await dialog.textContent()) ?? '', /https:\/\/example\.com\/docs/);
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10000 });
    assert.deepEqual(
      h.context
        .pages()
        .map((p) => p.url())
        .filter((u) => !u.startsWith('http://127.0.0.1')),
      [],
      'no page was opened',
    );
  });

  it('one long streaming paragraph wraps as one paragraph all along, and is one paragraph when done', async () => {
    await h.sendPrompt('one paragraph #long:3000 #slow:3');
    const reply = assistant(/^[\s\S]*w0 w1 w2/).last();
    const paragraph = reply.locator('.markdown > p').first();
    // While it streams, its lines above the tail are sealed (no longer laid out again): they must wrap exactly as
    // the same text in one paragraph would, with nothing lost or doubled.
    let checked = 0;
    for (let i = 0; i < 200 && checked < 3; i++) {
      const state = await paragraph
        .evaluate((p) => {
          const sealed = p.querySelectorAll(':scope > .sealed-lines').length;
          const whole = p.cloneNode(true) as HTMLElement;
          for (const block of Array.from(whole.querySelectorAll(':scope > .sealed-lines')))
            block.replaceWith(...Array.from(block.childNodes));
          p.after(whole);
          const same = {
            height: whole.getBoundingClientRect().height === p.getBoundingClientRect().height,
            text: whole.textContent === p.textContent,
          };
          whole.remove();
          return { sealed, ...same, streaming: p.closest('article')?.classList.contains('streaming') ?? false, text: p.textContent ?? '' };
        })
        .catch(() => undefined);
      if (state?.streaming && state.sealed > 0) {
        checked++;
        assert.ok(state.height, 'the sealed lines wrap as one paragraph would');
        assert.ok(state.text, 'the sealed lines hold the same text');
        const words = state.text.trim().split(/\s+/);
        assert.ok(
          words.every((word, index) => word === `w${index}` || (index === words.length - 1 && `w${index}`.startsWith(word))),
          'in order',
        );
      }
      await h.page.waitForTimeout(100);
    }
    assert.ok(checked > 0, 'the stream was seen with sealed lines');
    await assistant(/w2999\s*$/).waitFor({ timeout: 60000 });
    await panel().locator('#stop').waitFor({ state: 'hidden', timeout: 10000 });
    const done = assistant(/w2999\s*$/).last();
    assert.equal(await done.locator('.markdown > p').count(), 1, 'one paragraph');
    assert.equal(await done.locator('.sealed-lines').count(), 0, 'no sealed lines left');
    const words = ((await done.locator('.markdown > p').textContent()) ?? '').trim().split(/\s+/);
    assert.deepEqual(
      words,
      Array.from({ length: 3000 }, (_, i) => `w${i}`),
    );
  });

  it('after a window reload the panel comes back with its history, and the model still has it', async () => {
    await h.reload();
    await panel().locator('article.message.user', { hasText: 'You are helping with a Go project' }).waitFor({ timeout: 60000 });
    await h.openSessionsView();
    await h.page
      .locator('.sidebar')
      .getByRole('treeitem', { name: /Python project|spec-python/ })
      .click();
    await panel().locator('article.message.user', { hasText: 'You are helping with a Python project' }).waitFor({ timeout: 60000 });
    await h.sendPrompt('How do I create a virtual environment?');
    await assistant(
      'ECHO model=stand-in-alpha users=2 [You are helping with a Python project | How do I create a virtual environment?]',
    ).waitFor({
      timeout: 30000,
    });
    await h.screenshot('sessions-after-reload');
  });
});
