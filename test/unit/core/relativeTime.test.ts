import assert from 'node:assert/strict';
import { relativeTime } from '../../../src/core/relativeTime';

suite('relative time follows the display language', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  test('English', () => {
    assert.equal(relativeTime(now - 5 * 60_000, now, 'en'), '5 minutes ago');
    assert.equal(relativeTime(now - 24 * 3600_000, now, 'en'), 'yesterday');
  });
  test('Portuguese and Chinese', () => {
    assert.equal(relativeTime(now - 5 * 60_000, now, 'pt-br'), 'há 5 minutos');
    assert.equal(relativeTime(now - 5 * 60_000, now, 'zh-cn'), '5分钟前');
    assert.equal(relativeTime(now - 5 * 60_000, now, 'zh-tw'), '5 分鐘前');
  });
});
