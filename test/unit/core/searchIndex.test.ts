import assert from 'node:assert/strict';
import { CasedText } from '../../../src/core/casedText';
import { decodeDocument, encodeDocument, SearchIndex, searchableMessages, type SearchDocument } from '../../../src/core/searchIndex';
import { TimeSlicer } from '../../../src/core/timeSlicer';
import type { HistoryItem } from '../../../src/shared/protocol';

const history: HistoryItem[] = [
  { kind: 'user', id: 'u1', text: 'How do I Configure the ESLint rules?', timestamp: '2026-01-01T10:00:00.000Z' },
  {
    kind: 'assistant',
    id: 'a1',
    text: 'Open `eslint.config.mjs` and add the Rule to the list.',
    timestamp: '2026-01-01T10:00:01.000Z',
    streaming: false,
  },
  { kind: 'user', id: 'u2', text: 'İstanbul ÇAĞRI: what about Ünïcode and ΣΊΣΥΦΟΣ? 😀 Done.', timestamp: '2026-01-01T10:01:00.000Z' },
  { kind: 'assistant', id: 'a2', text: '   ', timestamp: '2026-01-01T10:01:01.000Z', streaming: false },
];

/** The search as it was before documents were kept apart: every message's text and a full lowercase copy. */
function referenceSearch(docs: SearchDocument[], query: string, titles: ReadonlyMap<string, string>) {
  const index = new Map(docs.map((d) => [d.sessionId, d.messages.map((m) => ({ ...m, lower: m.text.toLowerCase() }))]));
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits: Array<{ sessionId: string; itemId?: string; timestamp?: string; snippet: string }> = [];
  for (const [sessionId, title] of titles) {
    const messages = index.get(sessionId) ?? [];
    if (!words.every((w) => title.toLowerCase().includes(w) || messages.some((m) => m.lower.includes(w)))) continue;
    const withAll = messages.filter((m) => words.every((w) => m.lower.includes(w)));
    const found = withAll.length ? withAll : messages.filter((m) => words.some((w) => m.lower.includes(w)));
    if (found.length === 0) hits.push({ sessionId, snippet: title });
    for (const m of found.slice(-5).reverse()) {
      const word = words.find((w) => m.lower.includes(w)) ?? words[0];
      const at = m.lower.indexOf(word);
      const start = Math.max(0, at - 60);
      const end = Math.min(m.text.length, at + word.length + 60);
      const snippet = `${start > 0 ? '…' : ''}${m.text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < m.text.length ? '…' : ''}`;
      hits.push({ sessionId, itemId: m.itemId, timestamp: m.timestamp, snippet });
    }
  }
  return hits.sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? ''));
}

suite('search index: one document per session', () => {
  test('a document survives encoding and decoding, text and case intact', () => {
    const index = new SearchIndex();
    index.setHistory('s-1', history);
    const doc = index.document('s-1');
    assert.ok(doc);
    assert.deepEqual(doc.messages, searchableMessages(history));
    assert.equal(doc.messages.length, 3, 'a blank message is not kept');
    assert.deepEqual(decodeDocument(encodeDocument(doc)), doc);
    assert.deepEqual(decodeDocument(encodeDocument(doc), 's-1'), doc);
    assert.equal(decodeDocument(encodeDocument(doc), 's-2'), undefined, "another session's document is not taken for this one");
  });

  test('several words: the messages that hold them all, however far back, before those with only some', () => {
    const turns: HistoryItem[] = Array.from({ length: 600 }, (_, i) => ({
      kind: 'user',
      id: `u${i + 1}`,
      text: `more words (turn ${i + 1})`,
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    }));
    const index = new SearchIndex();
    index.setHistory('s', turns);
    const titles = new Map([['s', 'long']]);
    assert.deepEqual(
      index.search('(turn 300)', titles).map((hit) => hit.itemId),
      ['u300'],
    );
    // Spread over several messages: the newest with any of the words.
    assert.deepEqual(
      index.search('turn 300) 599)', titles).map((hit) => hit.itemId),
      ['u600', 'u599', 'u598', 'u597', 'u596'],
    );
  });

  test('the stored form has no lowercase copy', () => {
    const index = new SearchIndex();
    index.setHistory('s-1', history);
    const text = encodeDocument(index.document('s-1')!);
    assert.ok(!text.includes('how do i configure'), text);
    assert.ok(text.includes('How do I Configure'));
  });

  test('truncated, damaged or foreign input reads as missing', () => {
    const good = encodeDocument({ sessionId: 's', messages: [{ itemId: 'i', timestamp: 't', text: 'hello' }] });
    for (const bad of [
      '',
      good.slice(0, good.length - 3),
      good.slice(0, 10),
      '\u0000\u0000\u0000',
      'null',
      '[]',
      '{"v":2,"id":"s","m":[]}',
      '{"v":1,"id":"","m":[]}',
      '{"v":1,"m":[]}',
      '{"v":1,"id":"s","m":{}}',
      '{"v":1,"id":"s","m":[["i","t"]]}',
      '{"v":1,"id":"s","m":[["i","t",3]]}',
      '[["s",[["i","t","hello"]]]]',
    ]) {
      assert.equal(decodeDocument(bad), undefined, JSON.stringify(bad));
    }
  });

  test('decoded documents (lowercase computed on load) give the same hits as the full text and its lowercase copy did', () => {
    const docs: SearchDocument[] = [
      { sessionId: 'a', messages: searchableMessages(history) },
      {
        sessionId: 'b',
        messages: [
          {
            itemId: 'b1',
            timestamp: '2026-01-02T00:00:00.000Z',
            text: `${'Lorem Ipsum '.repeat(20)}CONFIGURE the Build ${'dolor Sit '.repeat(20)}`,
          },
          { itemId: 'b2', timestamp: '2026-01-02T00:01:00.000Z', text: 'nothing here' },
        ],
      },
      { sessionId: 'c', messages: [] },
    ];
    const index = new SearchIndex();
    for (const d of docs) index.setDocument(decodeDocument(encodeDocument(d))!);
    const titles = new Map([
      ['a', 'ESLint questions'],
      ['b', 'Build Notes'],
      ['c', 'Configure me'],
    ]);
    for (const query of [
      'configure',
      'CONFIGURE build',
      'rule',
      'istanbul',
      'i̇stanbul',
      'çağri',
      'σίσυφος',
      'ünïcode',
      '😀',
      'done',
      'notes',
      'sit',
      'missing-word',
      'eslint',
    ]) {
      assert.deepEqual(index.search(query, titles), referenceSearch(docs, query, titles), query);
    }
    assert.ok(index.search('configure', titles).some((h) => h.snippet.includes('How do I Configure the ESLint rules?')));
  });
});

suite('cased text: lowercase plus the original where it differs', () => {
  const samples = [
    '',
    'all lowercase already',
    'Sentence One. Sentence Two.',
    'ALL CAPS SHOUTING TEXT',
    'camelCaseIdentifier and SCREAMING_CONST in `someFunction()`',
    'İ changes length: İİİ',
    'Ωmega ΣΊΣΥΦΟΣ Straße ẞ Ǆ ǅ 😀 𐐀𐐨',
    `${'x'.repeat(70_000)}Y${'z'.repeat(10)}Q`,
  ];

  test('gives back the original, whole and in every slice', () => {
    for (const text of samples) {
      const cased = CasedText.of(text);
      assert.equal(cased.lower, text.toLowerCase());
      assert.equal(cased.length, text.length);
      assert.equal(cased.original(), text);
      const step = Math.max(1, Math.floor(text.length / 40));
      for (let start = 0; start <= text.length; start += step) {
        for (let end = start; end <= text.length + 2; end += step)
          assert.equal(cased.slice(start, end), text.slice(start, end), `${text.slice(0, 20)} ${start}-${end}`);
      }
    }
  });

  test('random text with mixed case', () => {
    let x = 12345;
    const next = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = 'abcABC xyzXYZ.İıßẞΣσς😀\n';
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: Math.floor(next() * 80) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const cased = CasedText.of(text);
      assert.equal(cased.original(), text);
      const a = Math.floor(next() * (text.length + 1));
      const b = a + Math.floor(next() * (text.length + 1 - a));
      assert.equal(cased.slice(a, b), text.slice(a, b));
    }
  });
});

suite('time slicer', () => {
  test('gives the event loop a turn only once the slice is spent', async () => {
    let now = 0;
    let turns = 0;
    const slicer = new TimeSlicer(
      10,
      () => now,
      async () => {
        turns++;
      },
    );
    assert.equal(slicer.pause(), undefined);
    now = 9;
    assert.equal(slicer.pause(), undefined);
    now = 10;
    await slicer.pause();
    assert.equal(turns, 1);
    now = 15;
    assert.equal(slicer.pause(), undefined, 'a new slice starts after the turn');
    now = 21;
    await slicer.pause();
    assert.equal(turns, 2);
  });

  test('a real turn lets a timer run between slices', async () => {
    const slicer = new TimeSlicer(0);
    let ran = false;
    setImmediate(() => (ran = true));
    await slicer.pause();
    assert.equal(ran, true);
  });
});
