import assert from 'node:assert/strict';
import { MAX_CODE_LENGTH, MAX_PROMPT_LENGTH, isOpenableLink, parseWebviewMessage } from '../../../src/shared/protocol';
import { parseCleanupArgs, parseCompareArgs, parseNewSessionArgs, parseSessionRef, parseSessionRefs } from '../../../src/core/commandArgs';

suite('webview messages are checked at the boundary', () => {
  test('accepts the exact shapes', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', prompt: 'hi' }), { ok: true, value: { type: 'send', prompt: 'hi' } });
    assert.ok(parseWebviewMessage({ type: 'ready' }).ok);
    assert.ok(parseWebviewMessage({ type: 'permissionAnswer', requestId: 'perm-1', approved: false }).ok);
  });
  test('refuses unknown types, wrong shapes, extra fields and oversized prompts', () => {
    const bad: unknown[] = [
      null,
      'send',
      [],
      { type: 'eval', code: 'x' },
      { type: 'send' },
      { type: 'send', prompt: 42 },
      { type: 'send', prompt: 'x', sessionId: 'other-session' },
      { type: 'send', prompt: 'x'.repeat(MAX_PROMPT_LENGTH + 1) },
      { type: 'permissionAnswer', requestId: 'p', approved: 'yes' },
      { type: 'permissionAnswer', requestId: '', approved: true },
      { type: 'openLink', href: '' },
      { type: 'ready', extra: 1 },
    ];
    for (const message of bad) assert.equal(parseWebviewMessage(message).ok, false, JSON.stringify(message)?.slice(0, 80));
  });
  test('the lifecycle: queue edits, the model picker, compact, fork and rewind at a message', () => {
    const good: unknown[] = [
      { type: 'queueRemove', id: '2' },
      { type: 'queueSendNow', id: '2' },
      { type: 'queueEdit', id: '2', prompt: 'new text' },
      { type: 'pickModel' },
      { type: 'compact' },
      { type: 'fork', itemId: 'e-1' },
      { type: 'rewind', itemId: 'e-1' },
      { type: 'openSession', sessionId: 'parent' },
    ];
    for (const message of good) assert.deepEqual(parseWebviewMessage(message), { ok: true, value: message });
    const bad: unknown[] = [
      { type: 'queueRemove' },
      { type: 'queueRemove', id: 7 },
      { type: 'queueEdit', id: '2' },
      { type: 'queueEdit', id: '2', prompt: 'x'.repeat(MAX_PROMPT_LENGTH + 1) },
      { type: 'pickModel', model: 'gpt' },
      { type: 'compact', sessionId: 'other' },
      { type: 'fork', itemId: '' },
      { type: 'rewind', itemId: 'e-1', files: true },
      { type: 'openSession' },
    ];
    for (const message of bad) assert.equal(parseWebviewMessage(message).ok, false, JSON.stringify(message).slice(0, 80));
  });
  test('permission answers: once, for the session, or no', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'permissionAnswer', requestId: 'p', approved: true, forSession: true }), {
      ok: true,
      value: { type: 'permissionAnswer', requestId: 'p', approved: true, forSession: true },
    });
    assert.deepEqual(parseWebviewMessage({ type: 'permissionAnswer', requestId: 'p', approved: true, forSession: false }), {
      ok: true,
      value: { type: 'permissionAnswer', requestId: 'p', approved: true },
    });
    for (const bad of [
      { type: 'permissionAnswer', requestId: 'p', approved: false, forSession: true },
      { type: 'permissionAnswer', requestId: 'p', approved: true, forSession: 'yes' },
      { type: 'permissionAnswer', requestId: 'p', approved: true, forSession: true, scope: 'forever' },
    ]) {
      assert.equal(parseWebviewMessage(bad).ok, false, JSON.stringify(bad));
    }
  });

  test('code blocks for an editor: the code, and a fence label if any', () => {
    for (const type of ['insertCode', 'openCode'] as const) {
      assert.deepEqual(parseWebviewMessage({ type, code: 'let x = 1;' }), { ok: true, value: { type, code: 'let x = 1;' } });
      for (const language of ['ts', 'c++', 'c#', 'objective-c', 'shell-session', 'python3']) {
        assert.deepEqual(parseWebviewMessage({ type, code: 'x', language }), { ok: true, value: { type, code: 'x', language } }, language);
      }
      for (const bad of [
        { type },
        { type, code: '' },
        { type, code: 42 },
        { type, code: 'x'.repeat(MAX_CODE_LENGTH + 1) },
        { type, code: 'x', language: '' },
        { type, code: 'x', language: 'a'.repeat(65) },
        { type, code: 'x', language: 'ts; rm -rf' },
        { type, code: 'x', language: '../../etc' },
        { type, code: 'x', language: 7 },
        { type, code: 'x', path: '/etc/passwd' },
      ]) {
        assert.equal(parseWebviewMessage(bad).ok, false, JSON.stringify(bad).slice(0, 80));
      }
    }
  });

  test('history pages: before or after an item the webview has, or the newest again; nothing else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'loadHistory', beforeId: 'u1' }), {
      ok: true,
      value: { type: 'loadHistory', beforeId: 'u1' },
    });
    assert.deepEqual(parseWebviewMessage({ type: 'loadHistory', afterId: 'a9' }), {
      ok: true,
      value: { type: 'loadHistory', afterId: 'a9' },
    });
    assert.deepEqual(parseWebviewMessage({ type: 'loadHistory', latest: true }), {
      ok: true,
      value: { type: 'loadHistory', latest: true },
    });
    for (const bad of [
      { type: 'loadHistory' },
      { type: 'loadHistory', beforeId: '' },
      { type: 'loadHistory', beforeId: 7 },
      { type: 'loadHistory', beforeId: 'x'.repeat(257) },
      { type: 'loadHistory', latest: false },
      { type: 'loadHistory', latest: 'yes' },
      { type: 'loadHistory', beforeId: 'u1', latest: true },
      { type: 'loadHistory', afterId: '' },
      { type: 'loadHistory', afterId: ['u1'] },
      { type: 'loadHistory', beforeId: 'u1', afterId: 'u2' },
      { type: 'loadHistory', beforeId: 'u1', count: 1e9 },
    ]) {
      assert.equal(parseWebviewMessage(bad).ok, false, JSON.stringify(bad).slice(0, 80));
    }
  });

  test("the notice's buttons: only the actions the host offers", () => {
    for (const action of ['retry', 'restartClient', 'showLog']) {
      assert.deepEqual(parseWebviewMessage({ type: 'noticeAction', action }), { ok: true, value: { type: 'noticeAction', action } });
    }
    for (const bad of [
      { type: 'noticeAction' },
      { type: 'noticeAction', action: 'deleteSession' },
      { type: 'noticeAction', action: 'toString' },
      { type: 'noticeAction', action: ['retry'] },
      { type: 'noticeAction', action: 'retry', command: 'workbench.action.terminal.sendSequence' },
    ]) {
      assert.equal(parseWebviewMessage(bad).ok, false, JSON.stringify(bad));
    }
  });

  test('only http(s) links may be opened', () => {
    assert.ok(isOpenableLink('https://example.com/a'));
    assert.ok(isOpenableLink('http://example.com'));
    for (const href of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'vscode://x',
      'command:workbench.action.quit',
      'data:text/html,x',
      'not a url',
    ]) {
      assert.equal(isOpenableLink(href), false, href);
    }
  });
});

suite('command arguments', () => {
  test('session references', () => {
    assert.deepEqual(parseSessionRef('abc'), { ok: true, value: 'abc' });
    assert.deepEqual(parseSessionRef({ id: 'abc', model: 'm' }), { ok: true, value: 'abc' });
    assert.deepEqual(parseSessionRef({ sessionId: 'abc' }), { ok: true, value: 'abc' });
    assert.deepEqual(parseSessionRef(undefined), { ok: true, value: undefined });
    for (const bad of ['../x', 42, {}, { id: 7 }, '']) assert.equal(parseSessionRef(bad).ok, false, JSON.stringify(bad));
    assert.deepEqual(parseSessionRefs({ id: 'a' }, [{ id: 'a' }, { id: 'b' }]), { ok: true, value: ['a', 'b'] });
    assert.equal(parseSessionRefs(['a', '../b'], undefined).ok, false);
  });
  test('new session arguments', () => {
    assert.deepEqual(parseNewSessionArgs({ model: 'm', sessionId: 'x' }), {
      ok: true,
      value: { model: 'm', sessionId: 'x', open: undefined },
    });
    for (const bad of ['m', 42, [], { model: 3 }, { model: 'm', extra: 1 }, { sessionId: 5 }, { open: 'yes' }]) {
      assert.equal(parseNewSessionArgs(bad).ok, false, JSON.stringify(bad));
    }
  });
  test('compare', () => {
    assert.deepEqual(parseCompareArgs({ models: ['a', 'b'], prompt: 'p' }), { ok: true, value: { models: ['a', 'b'], prompt: 'p' } });
    assert.deepEqual(parseCompareArgs(undefined), { ok: true, value: undefined });
    for (const bad of [
      'x',
      { models: ['a'], prompt: 'p' },
      { models: ['a', 'b', 'c', 'd', 'e'], prompt: 'p' },
      { models: ['a', ''], prompt: 'p' },
      { models: ['a', 'b'], prompt: ' ' },
    ]) {
      assert.equal(parseCompareArgs(bad).ok, false, JSON.stringify(bad));
    }
  });
  test('days', () => {
    assert.deepEqual(parseCleanupArgs(7), { ok: true, value: { days: 7 } });
    assert.deepEqual(parseCleanupArgs({ days: 30, dryRun: true }), { ok: true, value: { days: 30, dryRun: true } });
    assert.deepEqual(parseCleanupArgs(undefined), { ok: true, value: undefined });
    for (const bad of [0, 0.5, -1, '7', NaN, Infinity, {}, { days: 7, extra: 1 }, { days: 7, dryRun: 'yes' }, { days: 36501 }]) {
      assert.equal(parseCleanupArgs(bad).ok, false, JSON.stringify(bad));
    }
  });
});
