import assert from 'node:assert/strict';
import { Marked } from 'marked';
import { finishedBlocksEnd, inlineCuts, isPlainParagraph, partsRenderLikeWhole } from '../../../src/shared/streamSplit';

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

suite('a finished reply keeps its streamed parts only when they read like the whole', () => {
  const parser = new Marked({ gfm: true, breaks: false, async: false });
  /** What the webview builds while streaming: finished blocks rendered apart, the open paragraph in inline parts. */
  function renderedInParts(text: string, minPart: number): string {
    // The text grows a character at a time; every stretch of blocks that finishes is rendered once, apart.
    let html = '';
    let from = 0;
    for (let length = 1; length <= text.length; length++) {
      const end = finishedBlocksEnd(text.slice(0, length), from);
      if (end > from) html += parser.parse(text.slice(from, end), { async: false });
      from = end;
    }
    const tail = text.slice(from);
    if (!isPlainParagraph(tail)) return html + parser.parse(tail, { async: false });
    const paragraph = tail.replace(/^\s+/, '');
    let last = 0;
    let inline = '';
    for (const cut of [...inlineCuts(paragraph, 0, minPart), paragraph.length]) {
      inline += parser.parseInline(paragraph.slice(last, cut), { async: false });
      last = cut;
    }
    return `${html}<p>${inline}</p>`;
  }
  const normalized = (html: string) =>
    html
      .replace(/\s+/g, ' ')
      .replace(/ ?<\/p>/g, '</p>')
      .trim();

  const plain = [
    'One paragraph with *emphasis*, `code` and a [link](https://example.com "a title") in it. '.repeat(8),
    '# A heading\n\nText under it.\n\n```ts\nfunction f() {\n    return 1;\n\n    // an indented line after a blank one\n}\n```\n\nAnd **more** text after the code.',
    'Words '.repeat(300) + 'end.',
    'First line\nsecond line of the same paragraph\n\nA second paragraph.',
  ];
  for (const [i, text] of plain.entries()) {
    test(`plain reply ${i + 1}: the parts render like the whole`, () => {
      assert.equal(partsRenderLikeWhole(text), true);
      assert.equal(normalized(renderedInParts(text, 40)), normalized(parser.parse(text, { async: false })));
    });
  }

  test('lists, reference links, HTML blocks, indented code and hard breaks are rendered whole', () => {
    const loosened = '- one\n- two\n\n- three';
    assert.equal(partsRenderLikeWhole(loosened), false);
    assert.notEqual(normalized(renderedInParts(loosened, 40)), normalized(parser.parse(loosened, { async: false })), 'they would differ');
    assert.equal(partsRenderLikeWhole('See [the docs][d].\n\n[d]: https://example.com'), false);
    assert.equal(partsRenderLikeWhole('<details>\n\ninside\n\n</details>'), false);
    assert.equal(partsRenderLikeWhole('text\n\n    indented code\n\n    more'), false);
    assert.equal(partsRenderLikeWhole('a line with a break  \nnext line'), false);
    assert.equal(partsRenderLikeWhole('1. first\n2. second'), false);
  });
});
