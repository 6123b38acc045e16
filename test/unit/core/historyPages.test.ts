import assert from 'node:assert/strict';
import { newestPage, pageAfter, pageAround, pageBefore, PAGE_BYTES } from '../../../src/core/historyPages';
import type { HistoryItem } from '../../../src/shared/protocol';

const items = (n: number, text = 'hello'): HistoryItem[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'user', id: `u${i}`, text, timestamp: '2026-01-01T00:00:00.000Z' }));

suite('a long history goes to the panel in pages', () => {
  test('the first message carries the newest window and the total', () => {
    const page = newestPage(items(10_000));
    assert.equal(page.items.length, 200);
    assert.equal(page.offset, 9_800);
    assert.equal(page.total, 10_000);
    assert.equal(page.items[0].id, 'u9800');
    assert.deepEqual(newestPage(items(3)), { items: items(3), offset: 0, total: 3 });
    assert.deepEqual(newestPage([]), { items: [], offset: 0, total: 0 });
  });

  test('the window stops at the byte budget, whatever the items weigh, but always carries one', () => {
    const big = items(300, 'x'.repeat(10_000));
    const page = newestPage(big);
    assert.ok(page.items.length < 20 && page.items.length > 0);
    assert.ok(JSON.stringify(page.items).length <= PAGE_BYTES + 200);
    assert.equal(page.offset + page.items.length, 300);
    assert.equal(newestPage(items(2, 'y'.repeat(PAGE_BYTES * 2))).items.length, 1);
  });

  test('an older page ends just before the item the webview has first', () => {
    const history = items(1_000);
    const page = pageBefore(history, 'u800', 100)!;
    assert.equal(page.offset, 700);
    assert.equal(page.items.length, 100);
    assert.equal(page.items.at(-1)!.id, 'u799');
    assert.deepEqual(pageBefore(history, 'u50', 100)!.items.length, 50);
    assert.deepEqual(pageBefore(history, 'u0', 100)!.items, []);
    assert.equal(pageBefore(history, 'unknown'), undefined);
  });

  test('a newer page starts just after the item the webview has last, within the same budgets', () => {
    const history = items(1_000);
    const page = pageAfter(history, 'u199', 100)!;
    assert.equal(page.offset, 200);
    assert.equal(page.items.length, 100);
    assert.equal(page.items[0].id, 'u200');
    assert.equal(page.total, 1_000);
    assert.equal(pageAfter(history, 'u949', 100)!.items.length, 50);
    assert.deepEqual(pageAfter(history, 'u999', 100)!.items, []);
    assert.equal(pageAfter(history, 'unknown'), undefined);
    const big = items(300, 'x'.repeat(10_000));
    const heavy = pageAfter(big, 'u0')!;
    assert.ok(heavy.items.length > 0 && heavy.items.length < 20);
    assert.ok(JSON.stringify(heavy.items).length <= PAGE_BYTES + 200);
    assert.equal(pageAfter(items(3, 'y'.repeat(PAGE_BYTES * 2)), 'u0')!.items.length, 1, 'always one item');
  });

  test('the page around a search hit has it in the middle, clamped at both ends', () => {
    const history = items(10_000);
    const middle = pageAround(history, 'u5000', 200)!;
    assert.equal(middle.offset, 4_901);
    assert.ok(middle.items.some((i) => i.id === 'u5000'));
    assert.equal(middle.items.length, 200);
    assert.equal(pageAround(history, 'u3', 200)!.offset, 0);
    const last = pageAround(history, 'u9999', 200)!;
    assert.equal(last.offset + last.items.length, 10_000);
    assert.equal(pageAround(history, 'nope'), undefined);
  });
});
