/**
 * Signing in as a user does it in the browser: the Sessions view's welcome content, VS Code's own consent dialog,
 * the status bar tooltip, the model picker, a send while signed out, switching accounts. The stand-in GitHub sign-in
 * (test/fixtures/gitHubAuthStandIn) plays github.com's sign-in page and the Accounts menu (its palette commands);
 * everything else is the real workbench, extension, SDK and runtime. No Copilot CLI login: GH_TOKEN is unset.
 */
import assert from 'node:assert/strict';
import type { FrameLocator, Locator } from 'playwright-core';
import { type Harness, useHarness } from './harness';

const NO_CLI_LOGIN = { GH_TOKEN: undefined, GITHUB_TOKEN: undefined };

function signInSteps(getHarness: () => Harness) {
  const h = () => getHarness();
  const welcome = (text: string | RegExp): Locator => h().page.locator('.sidebar .welcome-view-content', { hasText: text });
  const welcomeButton = (label: string): Locator => h().page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: label });
  const status = (state: string): Locator => h().page.locator(`.statusbar [aria-label^="Copilot Sessions: ${state}"]`).first();

  /** Answers VS Code's "The extension … wants (you) to sign in" dialog with Allow, as the user. */
  async function allowSignIn(): Promise<string> {
    const dialog = h().page.locator('.monaco-dialog-box', { hasText: /wants (you )?to sign in/ });
    await dialog.waitFor({ state: 'visible', timeout: 30000 });
    const text = (await dialog.locator('.dialog-message-text').textContent()) ?? '';
    await dialog
      .locator('.monaco-button', { hasText: /^Allow$/ })
      .first()
      .click();
    await dialog.waitFor({ state: 'hidden', timeout: 10000 });
    return text;
  }

  /**
   * Signing in again, VS Code asks for the account it knew; when GitHub's page signed in another one, VS Code asks
   * which to keep: the user keeps the new one.
   */
  async function keepNewAccount(login: string): Promise<void> {
    const dialog = h().page.locator('.monaco-dialog-box', { hasText: 'Incorrect account detected' });
    await dialog.waitFor({ state: 'visible', timeout: 30000 });
    await dialog.locator('.monaco-button', { hasText: `Keep ${login}` }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10000 });
  }

  /** The status bar item's tooltip, as the hover shows it. */
  async function statusTooltip(): Promise<string> {
    const item = h().page.locator('.statusbar [aria-label^="Copilot Sessions:"]').first();
    await item.hover();
    const hover = h()
      .page.locator('.workbench-hover, .monaco-hover')
      .filter({ hasText: /Copilot Sessions: .*(No session is replying|sessions? replying)/s })
      .first();
    await hover.waitFor({ state: 'visible', timeout: 10000 });
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    await h().page.mouse.move(5, 5);
    await h().page.keyboard.press('Escape');
    return text;
  }

  /** What the user will do on the next GitHub sign-in page. */
  async function nextSignInPage(login: string): Promise<void> {
    await h().runCommandWithInput('GitHub (stand-in): Next Sign-in Page Signs In As', login);
  }

  /** Signs in (a login) or out (empty) in VS Code's Accounts menu. */
  async function accountsMenu(login: string): Promise<void> {
    await h().runCommandWithInput('GitHub (stand-in): Sign In or Out in the Accounts Menu', login);
  }

  return { welcome, welcomeButton, status, allowSignIn, keepNewAccount, statusTooltip, nextSignInPage, accountsMenu };
}

describe('Signing in to GitHub (packaged VSIX, stand-in GitHub sign-in)', function () {
  this.timeout(180000);
  let h: Harness;
  useHarness({ name: 'e2e-sign-in', standInSignIn: true, env: NO_CLI_LOGIN }, (started) => (h = started));
  const { welcome, welcomeButton, status, allowSignIn, keepNewAccount, statusTooltip, nextSignInPage, accountsMenu } = signInSteps(() => h);
  const panel = (): FrameLocator => h.webview();
  const assistant = (text: string | RegExp) => panel().locator('article.message.assistant', { hasText: text });

  it('signed out: the Sessions view offers "Sign in to GitHub" and the status bar says so', async () => {
    await h.openSessionsView();
    await welcome('You are not signed in to GitHub').waitFor({ state: 'visible', timeout: 60000 });
    await welcomeButton('Sign in to GitHub').waitFor({ state: 'visible' });
    await status('Not signed in').waitFor({ state: 'visible', timeout: 30000 });
    const tooltip = await statusTooltip();
    assert.match(tooltip, /Not signed in to GitHub\. Sign in to chat with Copilot/);
    assert.match(tooltip, /Sign-in order: your own model endpoint → your GitHub account in VS Code → the Copilot CLI's login/);
    await h.screenshot('readme-sign-in');
  });

  it('a token GitHub rejects: the view says so and offers to sign in again', async () => {
    await nextSignInPage('rejected-carol');
    await welcomeButton('Sign in to GitHub').click();
    assert.match(await allowSignIn(), /wants to sign in using GitHub/);
    await welcome('GitHub did not accept your sign-in').waitFor({ state: 'visible', timeout: 30000 });
    await welcomeButton('Sign in again').waitFor({ state: 'visible' });
  });

  it('an account without Copilot: where to get it, another account, or an own endpoint', async () => {
    await nextSignInPage('no-copilot-erin');
    await welcomeButton('Sign in again').click();
    assert.match(await allowSignIn(), /wants you to sign in again/);
    await keepNewAccount('no-copilot-erin');
    await welcome('Your GitHub account has no access to GitHub Copilot').waitFor({ state: 'visible', timeout: 30000 });
    await welcomeButton('Get GitHub Copilot').waitFor({ state: 'visible' });
    await welcomeButton('Sign in with another account').waitFor({ state: 'visible' });
    await welcome(/use your own model endpoint/).waitFor({ state: 'visible' });
  });

  it('signing in with an account that has Copilot: ready, and the tooltip names the account and host', async () => {
    await nextSignInPage('alice');
    await welcomeButton('Sign in with another account').click();
    await allowSignIn();
    await keepNewAccount('alice');
    await status('Ready').waitFor({ state: 'visible', timeout: 30000 });
    await welcome('No Copilot sessions in this workspace yet').waitFor({ state: 'visible', timeout: 15000 });
    assert.match(await statusTooltip(), /Signed in as alice on github\.com \(your GitHub account in VS Code\)/);
  });

  it("New Session lists the account's models, the default first and marked", async () => {
    await h.runCommand('Copilot Sessions: New Session');
    const rows = h.quickInput().locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'stand-in-for-alice' }).first().waitFor({ state: 'visible', timeout: 30000 });
    assert.match((await rows.first().textContent()) ?? '', /default/, 'the first row is the default');
    assert.equal(await rows.filter({ hasText: /default/ }).count(), 1, 'one default');
    await h.chooseModelAndId('stand-in-for-alice', 'signed-in-chat');
    await panel().locator('#prompt').waitFor({ state: 'visible', timeout: 60000 });
    await h.sendPrompt('hello as alice');
    await assistant('ECHO model=stand-in-for-alice users=1 [hello as alice]').waitFor({ timeout: 30000 });
  });

  it('a send while signed out opens the sign-in; the prompt goes out once signed in', async () => {
    await accountsMenu('');
    await status('Not signed in').waitFor({ state: 'visible', timeout: 30000 });
    // With sessions in the list, the view says it above them.
    await h.page.locator('.sidebar', { hasText: 'Not signed in to GitHub' }).first().waitFor({ state: 'visible', timeout: 15000 });
    await nextSignInPage('bob');
    await h.page.locator('.tab', { hasText: 'signed-in-chat' }).first().click();
    await h.sendPrompt('sent after signing in');
    assert.match(await allowSignIn(), /wants to sign in using GitHub/);
    // bob's account does not list alice's model, so the runtime answers with a model bob has.
    await assistant(/users=2 \[hello as alice \| sent after signing in\]/).waitFor({ timeout: 30000 });
    assert.match(await statusTooltip(), /Signed in as bob on github\.com/);
  });

  it('switching back to an account already allowed: the client follows without asking, and so do the models', async () => {
    await accountsMenu('alice');
    const dialogs = h.page.locator('.monaco-dialog-box');
    for (let i = 0; i < 60 && !/Signed in as alice/.test(await statusTooltip()); i++) {
      assert.equal(await dialogs.count(), 0, 'no dialog for an account the extension may use');
      await h.page.waitForTimeout(500);
    }
    assert.match(await statusTooltip(), /Signed in as alice on github\.com/);
    await h.runCommand('Copilot Sessions: New Session');
    const rows = h.quickInput().locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'stand-in-for-alice' }).first().waitFor({ state: 'visible', timeout: 30000 });
    assert.equal(await rows.filter({ hasText: 'stand-in-for-bob' }).count(), 0, "bob's model is gone");
    await h.page.keyboard.press('Escape');
  });
});

describe('Signing in to GitHub Enterprise Server (packaged VSIX, stand-in sign-in)', function () {
  this.timeout(180000);
  let h: Harness;
  useHarness(
    {
      name: 'e2e-sign-in-ghe',
      standInSignIn: true,
      env: NO_CLI_LOGIN,
      userSettings: { 'github-enterprise.uri': 'https://ghe.example.test' },
    },
    (started) => (h = started),
  );
  const { welcome, welcomeButton, status, allowSignIn, statusTooltip, nextSignInPage } = signInSteps(() => h);

  it('uses the enterprise sign-in and shows the enterprise host; chats work', async () => {
    await h.openSessionsView();
    await welcome('You are not signed in to GitHub').waitFor({ state: 'visible', timeout: 60000 });
    await nextSignInPage('henry');
    await welcomeButton('Sign in to GitHub').click();
    await allowSignIn();
    await status('Ready').waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await statusTooltip(), /Signed in as henry on ghe\.example\.test/);
    await h.newSession('stand-in-beta', 'enterprise-chat');
    await h.sendPrompt('hello from the enterprise');
    await h
      .webview()
      .locator('article.message.assistant', { hasText: 'ECHO model=stand-in-beta users=1 [hello from the enterprise]' })
      .waitFor({ timeout: 30000 });
  });
});
