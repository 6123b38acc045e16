import assert from 'node:assert/strict';
import {
  classifyAccount,
  enterpriseHost,
  hostName,
  parseSignInSetting,
  signInOrder,
  type AccountEvidence,
} from '../../../src/core/account';
import { defaultModelId, pickerModels } from '../../../src/core/modelChoice';

const signedIn = { isAuthenticated: true, host: 'https://github.com' };

function check(evidence: Partial<AccountEvidence>) {
  return classifyAccount({ source: 'vscodeAccount', status: signedIn, ...evidence });
}

suite('sign-in order', () => {
  test('an own endpoint first; then the VS Code account, then the Copilot CLI login, as the setting allows', () => {
    assert.deepEqual(signInOrder('auto'), ['provider', 'vscodeAccount', 'copilotCli']);
    assert.deepEqual(signInOrder('vscode'), ['provider', 'vscodeAccount']);
    assert.deepEqual(signInOrder('copilotCli'), ['provider', 'copilotCli']);
    assert.deepEqual(signInOrder('auto', true), ['provider', 'runtimeServer'], 'a runtime server signs in by itself');
  });
  test('an unknown setting value falls back to auto', () => {
    assert.equal(parseSignInSetting('copilotCli'), 'copilotCli');
    assert.equal(parseSignInSetting('everything'), 'auto');
    assert.equal(parseSignInSetting(undefined), 'auto');
  });
});

suite('what the runtime says about the account', () => {
  test('a Copilot user is signed in, with login, host and plan', () => {
    const result = check({ copilotUser: { login: 'alice', copilot_plan: 'individual_pro', chat_enabled: true }, accountLabel: 'Alice A.' });
    assert.deepEqual(result, {
      kind: 'ok',
      account: { source: 'vscodeAccount', login: 'alice', host: 'https://github.com', plan: 'individual_pro' },
    });
  });
  test('without a Copilot record the VS Code account label names the user', () => {
    const result = check({ accountLabel: 'alice' });
    assert.equal(result.kind === 'ok' && result.account.login, 'alice');
  });
  test('not authenticated is signed out', () => {
    assert.equal(check({ status: { isAuthenticated: false, statusMessage: 'Not authenticated' } }).kind, 'signedOut');
  });
  test('GitHub refusing the token (401) is a rejected token, also when the runtime stayed unauthenticated', () => {
    assert.equal(
      check({ userError: 'Failed to fetch Copilot user info: 401 Unauthorized: {"message":"Bad credentials"}' }).kind,
      'tokenRejected',
    );
    const fromEnvironment = check({
      source: 'copilotCli',
      status: { isAuthenticated: false },
      userError: 'Failed to fetch GitHub CLI user login (401): GitHub returned: Bad credentials',
    });
    assert.equal(fromEnvironment.kind, 'tokenRejected');
  });
  test('403 or 404 on the Copilot record, or a record without chat, is an account without Copilot', () => {
    assert.equal(check({ userError: 'Failed to fetch Copilot user info: 403 Forbidden' }).kind, 'noCopilot');
    assert.equal(check({ userError: 'Failed to fetch Copilot user info: 404 Not Found' }).kind, 'noCopilot');
    const limited = check({ copilotUser: { login: 'erin', chat_enabled: false, can_signup_for_limited: true } });
    assert.deepEqual(limited.kind === 'noCopilot' && [limited.account.login, limited.canSignUpForFree], ['erin', true]);
  });
  test('a network failure while checking is not taken for "signed in": the check failed, and says why', () => {
    const failed = check({ userError: 'connect ECONNREFUSED 127.0.0.1:443' });
    assert.deepEqual(failed.kind === 'checkFailed' && failed.detail, 'connect ECONNREFUSED 127.0.0.1:443');
    assert.equal(check({ userError: 'Failed to fetch Copilot user info: 502 Bad Gateway' }).kind, 'checkFailed');
    const unauthenticated = { isAuthenticated: false, statusMessage: 'Not authenticated' };
    assert.equal(check({ status: unauthenticated, userError: 'Failed to fetch Copilot user info (502)' }).kind, 'checkFailed');
    assert.equal(check({ status: unauthenticated }).kind, 'signedOut', 'no reason given: signed out, as before');
  });
});

suite('hosts', () => {
  test('what users call the host', () => {
    assert.equal(hostName('https://github.com'), 'github.com');
    assert.equal(hostName('https://ghe.example.test/'), 'ghe.example.test');
    assert.equal(hostName(undefined), 'github.com');
  });
  test('the enterprise URI as the runtime wants it; anything else is not used', () => {
    assert.equal(enterpriseHost('https://ghe.example.test/some/path'), 'https://ghe.example.test');
    assert.equal(enterpriseHost('  https://ghe.example.test:8443  '), 'https://ghe.example.test:8443');
    assert.equal(enterpriseHost(''), undefined);
    assert.equal(enterpriseHost('ghe.example.test'), undefined);
    assert.equal(enterpriseHost('file:///etc/passwd'), undefined);
  });
});

suite('model picker', () => {
  const models = [
    { id: 'auto', name: 'Auto' },
    { id: 'gpt-5', name: 'GPT-5' },
    { id: 'claude-sonnet-4.5', name: 'Claude Sonnet 4.5' },
  ];
  test('the user setting is the default when the account has it, else Auto, else the first', () => {
    assert.equal(defaultModelId(models, 'gpt-5'), 'gpt-5');
    assert.equal(defaultModelId(models, 'not-on-this-account'), 'auto');
    assert.equal(defaultModelId(models.slice(1), ''), 'gpt-5');
    assert.equal(defaultModelId([], 'gpt-5'), undefined);
  });
  test('the default comes first and is the only one marked', () => {
    const picked = pickerModels(models, 'claude-sonnet-4.5');
    assert.deepEqual(
      picked.map((m) => [m.id, m.isDefault]),
      [
        ['claude-sonnet-4.5', true],
        ['auto', false],
        ['gpt-5', false],
      ],
    );
  });
});
