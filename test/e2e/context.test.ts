/**
 * Sessions work on the user's code, in the browser with the packaged VSIX: a selection attached from the editor's
 * context menu (the stand-in model's request log shows exactly that text and line range), a file from the Explorer
 * (the model gets its path), files dropped on the panel, a binary and an outside file refused; a turn that edits two
 * files lists both under its reply, the diff editor shows before and now, Undo restores both byte for byte, and a
 * file the user changed after the turn is not overwritten without asking. Screenshots land in test-results/.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { type Harness, useHarness } from './harness';

const MAIN_JS = 'const a = 1;\nconst b = 2;\nconst c = 3;\nconsole.log(a + b + c);\n';
const README = '# Context\n\nold words here\n';
const NOTES = 'first\r\nsecond\r\n';

interface LoggedRequest {
  rawUserTexts: string[];
}

describe('Context in, changes out (packaged VSIX)', function () {
  this.timeout(240000);
  let h: Harness;
  let outside = '';

  useHarness(
    {
      name: 'e2e-context',
      screenshotPrefix: 'context-',
      workspaceFiles: () => ({
        'src/main.js': MAIN_JS,
        'README.md': README,
        'notes.txt': NOTES,
        'docs/guide.md': '# Guide\n',
        'broken.json': '{\n  "a": 1,\n}\n',
        // A PNG header: a NUL byte in its first bytes.
        'logo.png': '\x89PNG\r\n\x1a\n\0\0\0\rIHDR',
      }),
    },
    async (started) => {
      h = started;
      outside = path.join(h.sandbox.tmp, 'outside.txt');
      writeFileSync(outside, 'not in the workspace\n');
      await h.openSessionsView();
      await h.newSession('stand-in-alpha', 'ctx-main');
    },
  );

  const ws = (rel: string) => path.join(h.sandbox.workspace, rel);
  const panel = (): FrameLocator => h.webview();
  const chips = (): Locator => panel().locator('#attachments .attachment-chip');
  const lastUser = (): Locator => panel().locator('article.message.user').last();
  const assistant = (text: string | RegExp): Locator => panel().locator('article.message.assistant', { hasText: text }).last();

  async function lastRequestTo(): Promise<string> {
    const response = await fetch(`${h.model.url}/stand-in/requests`);
    const { requests } = (await response.json()) as { requests: LoggedRequest[] };
    const texts = requests[requests.length - 1]?.rawUserTexts ?? [];
    return texts[texts.length - 1] ?? '';
  }

  async function showPanel(): Promise<void> {
    await h.page.locator('.tab', { hasText: 'ctx-main' }).first().click();
    await panel().locator('#prompt:enabled').waitFor({ timeout: 30000 });
  }

  async function openInEditor(name: string): Promise<Locator> {
    await h.page.keyboard.press('Control+P');
    await h.page.locator('.quick-input-widget input').fill(name);
    await h.quickPick(path.basename(name));
    const editor = h.page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ timeout: 15000 });
    await h.page.locator('.tab.active', { hasText: path.basename(name) }).waitFor({ timeout: 15000 });
    return editor;
  }

  async function send(text: string): Promise<void> {
    const prompt = panel().locator('#prompt');
    await prompt.fill(text);
    await prompt.press('Enter');
  }

  async function menuItem(name: RegExp): Promise<void> {
    const entry = h.page.getByRole('menuitem', { name });
    await entry.first().waitFor({ timeout: 10000 });
    await entry.first().hover();
    await h.page.keyboard.press('Enter');
  }

  async function dropOnPanel(uris: string[]): Promise<void> {
    // What VS Code's webview gets when files are dropped on it (Shift held from the Explorer): a URI list.
    await panel()
      .locator('#composer')
      .evaluate((composer, list) => {
        const data = new DataTransfer();
        data.setData('text/uri-list', list.join('\r\n'));
        composer.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        composer.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, uris);
  }

  async function waitUntil(check: () => Promise<boolean>, what: string, timeout = 15000): Promise<void> {
    const until = Date.now() + timeout;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting: ${what}`);
      await h.page.waitForTimeout(100);
    }
  }

  async function toast(text: RegExp): Promise<void> {
    await h.page.locator('.notification-toast', { hasText: text }).first().waitFor({ timeout: 15000 });
  }

  async function dialogButton(button: string): Promise<void> {
    await h.page.locator('.monaco-dialog-box .monaco-button', { hasText: button }).first().click();
  }

  it("Ask in Copilot Session… from the editor's context menu: the model gets exactly that text and line range", async () => {
    const editor = await openInEditor('src/main.js');
    await editor.click();
    // Lines 2-3, as a user selects them with the keyboard.
    await h.page.keyboard.press('Control+Home');
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('Shift+ArrowDown');
    await h.page.keyboard.press('Shift+End');
    await h.page.locator('.editor-instance .view-line', { hasText: 'const b = 2;' }).first().click({ button: 'right' });
    await menuItem(/Ask in Copilot Session/);
    await h.quickPick('ctx-main');
    await chips().filter({ hasText: 'main.js:2-3' }).waitFor({ timeout: 30000 });
    await h.screenshot('context-selection-chip');

    await send('what do these lines do #reply:They add.');
    await assistant('They add.').waitFor({ timeout: 30000 });
    const received = await lastRequestTo();
    assert.match(
      received,
      /<ide_selection>[\s\S]*File: src\/main\.js \(lines 2-3\)\n```\nconst b = 2;\nconst c = 3;\n```[\s\S]*<\/ide_selection>/,
    );
    assert.ok(!received.includes('const a = 1;'), 'only the selection, not the file');
    assert.equal(await chips().count(), 0, 'the chips went with the prompt');

    // The history shows what was attached; it opens the file at the range.
    const sent = lastUser().locator('.attachment-chip', { hasText: 'main.js:2-3' });
    await sent.waitFor({ timeout: 10000 });
    await sent.locator('button').click();
    await h.page.locator('.tab.active', { hasText: 'main.js' }).waitFor({ timeout: 15000 });
  });

  it('the keybinding offers the same, with the session picker listing this workspace\'s sessions and "New Session…"', async () => {
    const editor = await openInEditor('src/main.js');
    await editor.click();
    await h.page.keyboard.press('Control+Home');
    await h.page.keyboard.press('Shift+End');
    await h.page.keyboard.press('Control+Alt+Shift+A');
    const rows = h.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'ctx-main' }).first().waitFor({ timeout: 15000 });
    assert.match((await rows.first().textContent()) ?? '', /New Session/);
    await h.quickPick('ctx-main');
    await chips().filter({ hasText: 'main.js:1' }).waitFor({ timeout: 30000 });
    // The chips stay while the user looks at another editor (the hidden panel's page reloads when shown).
    await h.page.locator('.tab', { hasText: 'main.js' }).first().click();
    await showPanel();
    await chips().filter({ hasText: 'main.js:1' }).waitFor({ timeout: 15000 });
    // Removable: the chip's × takes it off again.
    await chips().filter({ hasText: 'main.js:1' }).locator('button.remove-attachment').click();
    assert.equal(await chips().count(), 0);
  });

  it('a file from the Explorer goes as its path; a binary file is refused with a message', async () => {
    await h.page.keyboard.press('Control+Shift+E');
    const readme = h.page.locator('.sidebar').getByRole('treeitem', { name: 'README.md' }).first();
    await readme.waitFor({ timeout: 15000 });
    await readme.click({ button: 'right' });
    await menuItem(/Add to Copilot Session/);
    await h.quickPick('ctx-main');
    await chips().filter({ hasText: 'README.md' }).waitFor({ timeout: 30000 });
    await send('summarize the readme #reply:Summarized.');
    await assistant('Summarized.').waitFor({ timeout: 30000 });
    const received = await lastRequestTo();
    assert.match(
      received,
      new RegExp(`<tagged_files>\\n\\* ${ws('README.md').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(4 lines\\)\\n</tagged_files>`),
    );
    assert.ok(!received.includes('old words here'), 'a file goes as its path: the model reads it itself');

    const logo = h.page.locator('.sidebar').getByRole('treeitem', { name: 'logo.png' }).first();
    await logo.click({ button: 'right' });
    await menuItem(/Add to Copilot Session/);
    await toast(/logo\.png" is a binary file: only text files can be attached/);
    assert.equal(
      await h.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'ctx-main' }).isVisible(),
      false,
    );
    await h.screenshot('context-binary-refused');
  });

  it('files dropped on the panel become chips; an outside file asks first, a cancel attaches nothing', async () => {
    await showPanel();
    await dropOnPanel([`file://${ws('notes.txt')}`, `file://${ws('docs')}`]);
    await chips().filter({ hasText: 'notes.txt' }).waitFor({ timeout: 15000 });
    await chips().filter({ hasText: 'docs/' }).waitFor({ timeout: 15000 });

    await dropOnPanel([`file://${outside}`]);
    await h.page
      .locator('.monaco-dialog-box', { hasText: /outside\.txt" is outside this workspace\. Attach it anyway\?/ })
      .waitFor({ timeout: 15000 });
    await h.screenshot('context-outside-asks');
    await dialogButton('Cancel');
    await h.page.waitForTimeout(500);
    assert.deepEqual(await chips().locator('.attachment-label').allTextContents(), ['notes.txt', 'docs/']);

    // A file gone by send time stops the send: nothing goes, the prompt and its chips stay.
    writeFileSync(ws('gone.txt'), 'soon gone\n');
    await dropOnPanel([`file://${ws('gone.txt')}`]);
    await chips().filter({ hasText: 'gone.txt' }).waitFor({ timeout: 15000 });
    const before = (await (await fetch(`${h.model.url}/stand-in/requests`)).json()) as { requests: unknown[] };
    rmSync(ws('gone.txt'));
    await send('read them');
    await panel()
      .locator('#composer-message', { hasText: /gone\.txt" no longer exists/ })
      .waitFor({ timeout: 15000 });
    assert.equal(await panel().locator('#prompt').inputValue(), 'read them');
    assert.deepEqual(await chips().locator('.attachment-label').allTextContents(), ['notes.txt', 'docs/', 'gone.txt']);
    const after = (await (await fetch(`${h.model.url}/stand-in/requests`)).json()) as { requests: unknown[] };
    assert.equal(after.requests.length, before.requests.length, 'nothing was sent');
    for (const chip of ['gone.txt', 'docs/', 'notes.txt'])
      await chips().filter({ hasText: chip }).locator('button.remove-attachment').click();
    await panel().locator('#prompt').fill('');
  });

  it('a turn that edits two files lists both with lines added and removed; the diff editor shows before and now', async () => {
    await showPanel();
    await send(`change two #write:${ws('created.txt')} #edit:${ws('README.md')}:old:new`);
    for (let i = 0; i < 2; i++) {
      const first = panel().locator('section.permission').first();
      await first.waitFor({ timeout: 30000 });
      // The next write's card may come as soon as this one is answered: wait for this very card to go.
      const card = panel().locator(`section.permission[data-request-id="${await first.getAttribute('data-request-id')}"]`);
      await card.locator('.permission-actions button', { hasText: /^Approve$/ }).click();
      await card.waitFor({ state: 'detached', timeout: 15000 });
    }
    const list = panel().locator('article.message.changes').last();
    await list.waitFor({ timeout: 30000 });
    await list.locator('.file-change').nth(1).waitFor({ timeout: 10000 });
    const rows = await list.locator('.file-change').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /created\.txt[\s\S]*new[\s\S]*\+1[\s\S]*−0/);
    assert.match(rows[1], /README\.md[\s\S]*\+1[\s\S]*−1/);
    assert.equal(readFileSync(ws('README.md'), 'utf8'), '# Context\n\nnew words here\n');
    // The Sessions view counts the files still to review.
    await h.openSessionsView();
    await h
      .treeRow(/ctx-main/)
      .filter({ hasText: '2 files to review' })
      .waitFor({ timeout: 15000 });
    await h.screenshot('readme-changed-files');

    await list.locator('.file-change', { hasText: 'README.md' }).locator('button').click();
    await h.page.locator('.tab.active', { hasText: 'README.md (before the turn ↔ now)' }).waitFor({ timeout: 15000 });
    const diff = h.page.locator('.monaco-diff-editor').first();
    await diff.locator('.editor.original .view-lines', { hasText: 'old words here' }).waitFor({ timeout: 15000 });
    await diff.locator('.editor.modified .view-lines', { hasText: 'new words here' }).waitFor({ timeout: 15000 });
    await h.screenshot('context-diff-editor');
  });

  it('Undo shows what will happen, then restores both files byte for byte (the created one is removed)', async () => {
    await showPanel();
    const list = panel().locator('article.message.changes').last();
    await list.locator('button.file-changes-undo').click();
    const preview = h.page.locator('.monaco-dialog-box', { hasText: 'Undo the changes of this turn?' });
    await preview.waitFor({ timeout: 15000 });
    assert.match(
      (await preview.textContent()) ?? '',
      /created\.txt: deleted \(the turn created it\)[\s\S]*README\.md: restored to how it was before the turn/,
    );
    await h.screenshot('context-undo-preview');
    await dialogButton('Undo Changes');
    await list.locator('.file-changes-state', { hasText: 'Undone' }).waitFor({ timeout: 15000 });
    assert.deepEqual(readFileSync(ws('README.md')), Buffer.from(README));
    assert.equal(existsSync(ws('created.txt')), false);
    await h.openSessionsView();
    await waitUntil(async () => !((await h.treeRow(/ctx-main/).textContent()) ?? '').includes('to review'), 'the count gone from the view');
    // The conversation stays: the turn is still there.
    assert.ok((await panel().locator('article.message.user', { hasText: 'change two' }).count()) > 0);
  });

  it('a file the user changed after the turn is not overwritten without asking; Keep dismisses a list', async () => {
    await showPanel();
    await send(`crlf edit #edit:${ws('notes.txt')}:second:2nd`);
    const card = panel().locator('section.permission').first();
    await card.waitFor({ timeout: 30000 });
    await card.locator('.permission-actions button', { hasText: /^Approve$/ }).click();
    const list = panel().locator('article.message.changes', { hasText: 'notes.txt' }).last();
    await list.waitFor({ timeout: 30000 });
    const mine = 'first\r\n2nd\r\nmy own line\r\n';
    writeFileSync(ws('notes.txt'), mine);

    await list.locator('button.file-changes-undo').click();
    await h.page
      .locator('.monaco-dialog-box', { hasText: /notes\.txt: changed since the turn, you will be asked/ })
      .waitFor({ timeout: 15000 });
    await dialogButton('Undo Changes');
    await h.page
      .locator('.monaco-dialog-box', { hasText: /notes\.txt" changed since this turn\. Put back its content/ })
      .waitFor({ timeout: 15000 });
    await h.screenshot('context-undo-asks');
    await dialogButton('Cancel');
    await toast(/Nothing was undone: notes\.txt changed since the turn/);
    assert.equal(readFileSync(ws('notes.txt'), 'utf8'), mine, 'the user’s change is kept');
    // Still offered: nothing was undone.
    await list.locator('button.file-changes-undo').waitFor({ timeout: 5000 });

    await send(`one more #edit:${ws('docs/guide.md')}:Guide:Handbook`);
    const card2 = panel().locator('section.permission').first();
    await card2.waitFor({ timeout: 30000 });
    await card2.locator('.permission-actions button', { hasText: /^Approve$/ }).click();
    const third = panel().locator('article.message.changes', { hasText: 'Files changed' }).last();
    await third.locator('.file-change', { hasText: 'guide.md' }).waitFor({ timeout: 30000 });
    await third.locator('button.file-changes-keep').click();
    await third.locator('.file-changes-state', { hasText: 'Kept' }).waitFor({ timeout: 15000 });
    assert.equal(await third.locator('.file-change').count(), 0, 'a kept list is dismissed to its header');
    assert.equal(readFileSync(ws('docs/guide.md'), 'utf8'), '# Handbook\n');
    // Kept is reviewed; the notes.txt turn the user did not undo still counts.
    await h.openSessionsView();
    await h
      .treeRow(/ctx-main/)
      .filter({ hasText: '1 file to review' })
      .waitFor({ timeout: 15000 });
  });

  it("the Attach button offers the last editor's Problems; the model gets them as text", async () => {
    await openInEditor('broken.json');
    // The JSON language service reports the trailing comma: the status bar counts it.
    await h.page
      .locator('.statusbar-item', { hasText: /^\s*[1-9]/ })
      .first()
      .waitFor({ timeout: 30000 });
    await showPanel();
    await panel().locator('#attach').click();
    await h.quickPick('Problems of broken.json');
    await chips().filter({ hasText: 'broken.json' }).waitFor({ timeout: 15000 });
    await send('fix these #reply:Fixing.');
    await assistant('Fixing.').waitFor({ timeout: 30000 });
    assert.match(
      await lastRequestTo(),
      /<attachment mimeType="text\/plain" name="problems:[^"]*broken\.json">\nbroken\.json:\d+:\d+ (error|warning) json: [^\n]+/,
    );
  });

  it('path:line references in a reply open the file at that line', async () => {
    await showPanel();
    await send('where? #reply:Look at `src/main.js:3` and docs/guide.md.');
    const link = assistant('Look at').locator('a.file-link', { hasText: 'src/main.js:3' });
    await link.waitFor({ timeout: 30000 });
    await link.click();
    await h.page.locator('.tab.active', { hasText: 'main.js' }).waitFor({ timeout: 15000 });
    await h.page
      .locator('.statusbar-item', { hasText: /Ln 3, Col 1/ })
      .first()
      .waitFor({ timeout: 15000 });
  });

  it('"New Session…" in the picker starts a session with the selection attached', async () => {
    const editor = await openInEditor('src/main.js');
    await editor.click();
    await h.page.keyboard.press('Control+End');
    await h.page.keyboard.press('ArrowUp');
    await h.page.keyboard.press('End');
    await h.page.keyboard.press('Shift+Home');
    await h.page.keyboard.press('Control+Alt+Shift+A');
    await h.quickPick('New Session…');
    await h.chooseModelAndId('stand-in-beta', 'ctx-new');
    await h.page.locator('.tab.active', { hasText: 'ctx-new' }).waitFor({ timeout: 60000 });
    await chips().filter({ hasText: 'main.js:4' }).waitFor({ timeout: 30000 });
    await send('and this? #reply:A log.');
    await assistant('A log.').waitFor({ timeout: 30000 });
    assert.match(await lastRequestTo(), /File: src\/main\.js \(lines? 4(-4)?\)\n```\nconsole\.log\(a \+ b \+ c\);\n```/);
  });

  it('after a window reload the lists keep their state, and what each prompt carried', async () => {
    await h.reload();
    await h.page.locator('.tab', { hasText: 'ctx-main' }).first().click({ timeout: 60000 });
    await panel().locator('article.message.user', { hasText: 'change two' }).waitFor({ timeout: 60000 });
    const lists = panel().locator('article.message.changes');
    await lists.filter({ hasText: 'created.txt' }).locator('.file-changes-state', { hasText: 'Undone' }).waitFor({ timeout: 15000 });
    await lists.filter({ hasText: 'Kept' }).first().waitFor({ timeout: 15000 });
    // Undo was not done for notes.txt: still offered.
    await lists.filter({ hasText: 'notes.txt' }).locator('button.file-changes-undo').waitFor({ timeout: 15000 });
    await panel().locator('article.message.user .attachment-chip', { hasText: 'main.js:2-3' }).first().waitFor({ timeout: 15000 });
  });
});
