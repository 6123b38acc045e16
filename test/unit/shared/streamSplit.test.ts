import assert from 'node:assert/strict';
import { finishedBlocksEnd, inlineCuts, isPlainParagraph } from '../../../src/shared/streamSplit';

suite('a streaming reply is cut where what came before never changes', () => {
  test('finished blocks end after the last blank line, not inside a code fence', () => {
    assert.equal(finishedBlocksEnd('one', 0), 0);
    assert.equal(finishedBlocksEnd('one\n\ntwo', 0), 5);
    assert.equal(finishedBlocksEnd('one\n\ntwo\n\nthr', 0), 10);
    const fenced = 'text\n\n```js\nlet a;\n\nlet b;\n';
    assert.equal(finishedBlocksEnd(fenced, 0), 6, 'the blank line inside the open fence is code');
    const closed = `${fenced}\`\`\`\n\nafter`;
    assert.equal(finishedBlocksEnd(closed, 0), closed.length - 'after'.length);
    assert.equal(finishedBlocksEnd('~~~\n\n```\n\n', 0), 0, 'a fence closes only with its own character');
    assert.equal(finishedBlocksEnd('a\n\nb\n\nc', 3), 6, 'scanning starts at the given boundary');
  });

  test('the last line counts only once its newline came', () => {
    assert.equal(finishedBlocksEnd('para\n  ', 0), 0);
    assert.equal(finishedBlocksEnd('para\n  \n', 0), 8);
  });

  test('only a plain paragraph is cut inline', () => {
    assert.equal(isPlainParagraph('Just words and `code` and **bold**'), true);
    for (const tail of [
      '# Heading',
      '> quote',
      '- item',
      '1. item',
      '```js',
      '    indented',
      '<div>',
      '| a | b |',
      'Title\n===',
      'Title\n---',
      'a | b',
    ])
      assert.equal(isPlainParagraph(tail), false, tail);
  });

  test('inline cuts fall after spaces, with every mark closed, parts at least the minimum', () => {
    const words = Array.from({ length: 50 }, (_, i) => `w${i} `).join('');
    const cuts = inlineCuts(words, 0, 40);
    assert.ok(cuts.length >= 4);
    let last = 0;
    for (const cut of cuts) {
      assert.equal(words[cut - 1], ' ');
      assert.ok(cut - last >= 40);
      last = cut;
    }
    assert.deepEqual(inlineCuts('a `code with spaces` b c', 0, 1), [2, 21, 23]);
    assert.deepEqual(inlineCuts('**bold text** x y', 0, 1), [14, 16]);
    assert.deepEqual(inlineCuts('[a link](http://x "a title") y z', 0, 1), [29, 31]);
    assert.deepEqual(inlineCuts('snake_case words here', 0, 1), [11, 17], 'an underscore inside a word is no mark');
    assert.deepEqual(inlineCuts('2 * 3 is six', 0, 1), [2], 'an unclosed mark stops the cuts after it');
    assert.deepEqual(inlineCuts('a\\* b c', 0, 1), [4, 6], 'an escaped mark is text');
  });

  test('cutting goes on from the last cut', () => {
    const text = 'aaa bbb ccc ddd ';
    assert.deepEqual(inlineCuts(text, 4, 1), [8, 12]);
  });
});
