import assert from 'node:assert/strict';
import { isValidSessionId, sessionIdProblem } from '../../../src/core/sessionId';

suite('session id validation', () => {
  test('accepts letters, digits, dot, underscore and dash', () => {
    for (const id of ['user-123-chat', 'a', 'A.b_c-9', 'x'.repeat(128), '0abc']) assert.equal(sessionIdProblem(id), undefined, id);
  });
  test('refuses what could escape or break the store folder', () => {
    assert.equal(sessionIdProblem(''), 'empty');
    assert.equal(sessionIdProblem('x'.repeat(129)), 'tooLong');
    assert.equal(sessionIdProblem('.hidden'), 'leadingDot');
    assert.equal(sessionIdProblem('..'), 'leadingDot');
    for (const id of ['../up', 'a/b', 'a\\b', 'has space', 'tab\t', 'nul\u0000x', 'new\nline', 'ünï', 'a:b', '😀']) {
      assert.equal(sessionIdProblem(id), id.startsWith('.') ? 'leadingDot' : 'invalidCharacters', JSON.stringify(id));
    }
  });
  test('isValidSessionId rejects non-strings', () => {
    for (const value of [undefined, null, 42, {}, ['a']]) assert.equal(isValidSessionId(value), false);
    assert.equal(isValidSessionId('ok-id'), true);
  });
});
