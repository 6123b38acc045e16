import assert from 'node:assert/strict';
import { LoadedHistory } from '../../../src/shared/loadedHistory';

type Item = { id: string };
const span = (from: number, to: number): Item[] => Array.from({ length: to - from }, (_, i) => ({ id: `i${from + i}` }));
const ids = (loaded: LoadedHistory<Item>) => [loaded.first()?.id, loaded.last()?.id, loaded.length];

suite('the webview holds a bounded slice of a long history', () => {
  test('pages join at either end, and only where they join', () => {
    const loaded = new LoadedHistory<Item>(1000);
    loaded.reset(span(9800, 10000), 9800, false);
    assert.equal(loaded.join({ items: span(9700, 9800), offset: 9700, total: 10000 }), 'older');
    assert.deepEqual(ids(loaded), ['i9700', 'i9999', 300]);
    assert.equal(loaded.base, 9700);
    assert.equal(loaded.indexOf('i9700'), 0);
    assert.equal(loaded.indexOf('i9999'), 299);
    assert.equal(loaded.join({ items: span(9500, 9600), offset: 9500, total: 10000 }), undefined, 'a gap: stale');
    assert.equal(loaded.join({ items: span(10000, 10010), offset: 10000, total: 10010 }), undefined, 'the newest are loaded');
    assert.equal(loaded.join({ items: [], offset: 9700, total: 10000 }), undefined);
    assert.deepEqual(ids(loaded), ['i9700', 'i9999', 300]);
  });

  test('reading back through 10,000 turns keeps at most the bound, around the window, and knows newer ones are left', () => {
    const loaded = new LoadedHistory<Item>(1000);
    loaded.reset(span(9800, 10000), 9800, false);
    // The window is always the oldest 200 loaded, as when scrolling up to the top.
    for (let offset = 9700; offset >= 0; offset -= 100) {
      assert.equal(loaded.join({ items: span(offset, offset + 100), offset, total: 10000 }), 'older');
      const dropped = loaded.trim(0, 200);
      assert.equal(dropped, 0, 'nothing dropped in front of a window at the front');
      assert.ok(loaded.length <= 1000);
    }
    assert.deepEqual(ids(loaded), ['i0', 'i999', 1000]);
    assert.equal(loaded.hasNewer, true);
    assert.equal(loaded.indexOf('i1000'), undefined, 'dropped items are forgotten');
    assert.equal(loaded.push({ id: 'new' }), false, 'a new item waits for the newer pages');
    assert.equal(loaded.length, 1000);
  });

  test('on the way down again, newer pages join and the oldest leave; at the end the newest are loaded', () => {
    const loaded = new LoadedHistory<Item>(1000);
    loaded.reset(span(0, 1000), 0, true);
    let start = 800;
    for (let offset = 1000; offset < 10000; offset += 100) {
      assert.equal(loaded.join({ items: span(offset, offset + 100), offset, total: 10000 }), 'newer');
      start += 100;
      const dropped = loaded.trim(start, start + 200);
      start -= dropped;
      assert.equal(loaded.at(start).id, `i${offset - 100}`, 'the window still shows the same items');
      assert.ok(loaded.length <= 1000);
    }
    assert.deepEqual(ids(loaded), ['i9000', 'i9999', 1000]);
    assert.equal(loaded.hasNewer, false);
    assert.equal(loaded.push({ id: 'i10000' }), true);
    assert.equal(loaded.indexOf('i10000'), 1000);
  });

  test('a trim keeps the window whole and centres the rest on it', () => {
    const loaded = new LoadedHistory<Item>(500);
    loaded.reset(span(0, 2000), 0, false);
    const dropped = loaded.trim(1000, 1200);
    assert.equal(dropped, 850);
    assert.deepEqual(ids(loaded), ['i850', 'i1349', 500]);
    assert.equal(loaded.base, 850);
    assert.equal(loaded.hasNewer, true);
    assert.equal(loaded.indexOf('i849'), undefined);
    assert.equal(loaded.indexOf('i1000'), 150);
    const wide = new LoadedHistory<Item>(100);
    wide.reset(span(0, 400), 0, false);
    assert.equal(wide.trim(50, 300), 50, 'a window wider than the bound stays whole');
    assert.deepEqual(ids(wide), ['i50', 'i299', 250]);
    const atEnd = new LoadedHistory<Item>(500);
    atEnd.reset(span(0, 2000), 0, false);
    assert.equal(atEnd.trim(1800, 2000), 1500, 'at the newest, the room goes above');
    assert.equal(atEnd.hasNewer, false);
  });
});
