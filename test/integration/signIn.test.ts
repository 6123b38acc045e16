/**
 * The account check in the real extension host with the real runtime, through the paths that need no dialog: the
 * Copilot CLI's login (GH_TOKEN, as `copilot login` leaves it) and the sign-in order. The stand-in Copilot API answers
 * per token: `account-<login>`, `rejected-…` (401), `no-copilot-<login>` (403). Signing in through VS Code's own
 * account shows VS Code's consent dialog, which the smoke-test driver of this tier refuses to show: that flow, with
 * the stand-in GitHub sign-in, switching accounts and GitHub Enterprise, is in the browser suite (test/e2e/signIn.test.ts).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClientState } from '../../src/client/sharedClient';
import { api, apiError, sleep, unique, waitFor } from './helpers';

const TOKEN_KEYS = ['GH_TOKEN', 'GITHUB_TOKEN'] as const;

async function settled(what: string, accept: (state: ClientState) => boolean): Promise<ClientState> {
  const sessions = await api();
  return waitFor(what, () => (accept(sessions.clientState) ? sessions.clientState : undefined), 30_000);
}

const signedOut = (state: ClientState) => state.kind === 'notSignedIn' && state.problem === 'signedOut';
const signedInAs = (login: string) => (state: ClientState) => state.kind === 'ready' && state.account?.login === login;

suite('Sign-in', () => {
  const saved: Partial<Record<(typeof TOKEN_KEYS)[number], string>> = {};
  const config = () => vscode.workspace.getConfiguration('copilotSessions');

  suiteSetup(async () => {
    await api();
    for (const key of TOKEN_KEYS) {
      saved[key] = process.env[key];
      // The runtime the extension starts inherits this environment: no Copilot CLI login.
      delete process.env[key];
    }
    // VS Code has no GitHub account here either (its GitHub sign-in needs github.com).
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await settled('signed out', signedOut);
  });

  suiteTeardown(async () => {
    for (const key of TOKEN_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await config().update('signIn', undefined, vscode.ConfigurationTarget.Global);
    await sleep(800);
    await vscode.commands.executeCommand('copilotSessions.restartClient');
    await settled('ready with the CLI login again', (state) => state.kind === 'ready');
  });

  test('signed out: the state says so, other extensions get the reason, the list still works', async () => {
    const sessions = await api();
    assert.equal(sessions.clientState.kind, 'notSignedIn');
    const id = unique('signed-out');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    assert.ok(
      (await sessions.list()).some((s) => s.sessionId === id),
      'sessions are still listed',
    );
    await assert.rejects(sessions.send(id, 'hello?'), apiError('notSignedIn', /Not signed in to GitHub\. Sign in/));
    await assert.rejects(sessions.models(), apiError('notSignedIn', /Not signed in to GitHub/));
    await sessions.delete(id);
  });

  /** The Copilot CLI's login as the runtime finds it (GH_TOKEN), after `copilot login` as someone else, say. */
  async function cliLogin(token: string | undefined): Promise<void> {
    for (const key of TOKEN_KEYS) {
      if (token === undefined) delete process.env[key];
      else process.env[key] = token;
    }
    await vscode.commands.executeCommand('copilotSessions.restartClient');
  }

  test('the Copilot CLI login: the account and its models, the default first; switching accounts brings their models', async () => {
    const sessions = await api();
    await cliLogin('account-alice');
    const state = await settled('signed in as alice', signedInAs('alice'));
    assert.equal(state.kind === 'ready' && state.account?.source, 'copilotCli');
    assert.equal(state.kind === 'ready' && state.account?.host, 'https://github.com');
    const models = await sessions.models();
    assert.ok(
      models.some((m) => m.id === 'stand-in-for-alice'),
      `alice's own model is listed: ${JSON.stringify(models)}`,
    );
    assert.equal(models.filter((m) => m.isDefault).length, 1, 'exactly one default');
    assert.ok(models[0].isDefault, 'the default comes first');

    const id = unique('alice');
    await sessions.create({ model: 'stand-in-for-alice', sessionId: id });
    assert.equal(await sessions.send(id, 'hi as alice'), 'ECHO model=stand-in-for-alice users=1 [hi as alice]');

    await cliLogin('account-bob');
    await settled('signed in as bob', signedInAs('bob'));
    const ids = (await sessions.models()).map((m) => m.id);
    assert.ok(ids.includes('stand-in-for-bob') && !ids.includes('stand-in-for-alice'), `the models follow the account: ${ids.join(', ')}`);
    assert.match(await sessions.send(id, 'as bob'), /users=2/, 'the session goes on under the new account');
    await sessions.delete(id);
  });

  test('a token GitHub rejects (401) is reported as such, and nothing is sent', async () => {
    const sessions = await api();
    await cliLogin('rejected-carol');
    const state = await settled('token rejected', (s) => s.kind === 'notSignedIn' && s.problem === 'tokenRejected');
    assert.equal(state.kind === 'notSignedIn' && state.account?.source, 'copilotCli');
    await assert.rejects(sessions.models(), apiError('notSignedIn', /GitHub did not accept the sign-in of .+\. Sign in again\./));
    const id = unique('rejected');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await assert.rejects(sessions.send(id, 'hello'), apiError('notSignedIn', /GitHub did not accept the sign-in/));
    assert.ok(
      (await sessions.list()).some((s) => s.sessionId === id),
      'the session stays listed',
    );
    await sessions.delete(id);
  });

  test('an account that cannot be checked (GitHub unreachable) is not taken as signed in: sends say why', async () => {
    const sessions = await api();
    await cliLogin('unreachable-frank');
    const state = await settled('account check failed', (s) => s.kind === 'notSignedIn' && s.problem === 'checkFailed');
    assert.equal(state.kind === 'notSignedIn' && state.account?.source, 'copilotCli');
    const id = unique('unchecked');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await assert.rejects(
      sessions.send(id, 'hello'),
      (e: { code?: string; message?: string }) =>
        e.code === 'notSignedIn' &&
        /^Could not check your GitHub account \(.*502.*\)\. Check your network connection/.test(e.message ?? ''),
    );
    await sessions.delete(id);
  });

  test('an account without Copilot: what to do, and sends refused with the same words', async () => {
    const sessions = await api();
    await cliLogin('no-copilot-erin');
    await settled('no Copilot', (s) => s.kind === 'notSignedIn' && s.problem === 'noCopilot');
    const id = unique('no-copilot');
    await sessions.create({ model: 'stand-in-alpha', sessionId: id });
    await assert.rejects(
      sessions.send(id, 'hello'),
      apiError('notSignedIn', /has no Copilot access: get a Copilot plan, sign in with another account/),
    );
    await sessions.delete(id);
  });

  test('"signIn": "vscode" never uses the CLI login; "copilotCli" uses only it', async () => {
    await cliLogin('account-ivan');
    await settled('signed in as ivan', signedInAs('ivan'));
    await config().update('signIn', 'vscode', vscode.ConfigurationTarget.Global);
    await settled('signed out: the CLI login is not used', signedOut);

    await config().update('signIn', 'copilotCli', vscode.ConfigurationTarget.Global);
    const cli = await settled('signed in through the CLI login', (s) => s.kind === 'ready' && s.account?.source === 'copilotCli');
    assert.equal(cli.kind === 'ready' && cli.account?.login, 'ivan');
    await config().update('signIn', undefined, vscode.ConfigurationTarget.Global);
  });
});
