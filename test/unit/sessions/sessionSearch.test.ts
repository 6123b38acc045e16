import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SessionEvent } from '@github/copilot-sdk';
import { Emitter } from '../../../src/core/emitter';
import { SessionIndex, type IndexEntry } from '../../../src/core/sessionIndex';
import type { LiveSessionUpdate } from '../../../src/sessions/liveSession';
import { documentFileName, SearchStore } from '../../../src/sessions/searchStore';
import { SessionSearch } from '../../../src/sessions/sessionSearch';

const entry = (id: string, title: string): IndexEntry => ({ id, model: 'm', created: 1, lastActive: 2, title });

/** A session's stored events as the runtime writes them (the parts the history folder reads). */
function events(id: string, turns: string[]): SessionEvent[] {
  return turns.flatMap((text, t) => [
    { type: 'user.message', id: `${id}-u${t}`, timestamp: `2026-01-01T00:0${t}:00.000Z`, data: { content: text } },
    {
      type: 'assistant.message',
      id: `${id}-a${t}`,
      timestamp: `2026-01-01T00:0${t}:01.000Z`,
      data: { messageId: `${id}-a${t}`, content: `Reply to ${text}` },
    },
  ]) as unknown as SessionEvent[];
}

suite('search documents on disk, one per session', () => {
  let dir: string;
  let store: Map<string, string[]>;
  let reads: string[];
  let warnings: string[];
  const log = { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };

  setup(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'search-store-'));
    store = new Map([
      ['alpha', ['The Quick brown fox']],
      ['beta', ['lazy Dog sleeps']],
      ['gamma', ['nothing special']],
    ]);
    reads = [];
    warnings = [];
  });
  teardown(() => rmSync(dir, { recursive: true, force: true }));

  async function window() {
    const index = new SessionIndex({ write: () => Promise.resolve(), remove: () => Promise.resolve() });
    index.reset([...store.keys()].map((id) => entry(id, `Session ${id}`)));
    const updates = new Emitter<{ id: string; update: LiveSessionUpdate }>();
    const readEvents = async (id: string) => {
      reads.push(id);
      const turns = store.get(id);
      if (!turns) throw new Error('not in the store');
      return events(id, turns);
    };
    const search = new SessionSearch(dir, { sessions: index, onDidUpdateSession: updates.event, readEvents }, log);
    return { index, updates, search };
  }
  const files = () => readdirSync(path.join(dir, 'search')).sort();
  const signature = (name: string) => {
    const s = statSync(path.join(dir, 'search', name));
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  };

  test('built from the store once, saved one file per session, loaded back without reading the store', async () => {
    const first = await window();
    assert.deepEqual(
      (await first.search.search('quick')).map((h) => h.sessionId),
      ['alpha', 'alpha'],
    );
    await first.search.dispose();
    assert.deepEqual(files(), ['alpha.json', 'beta.json', 'gamma.json']);
    reads = [];
    const second = await window();
    const hits = await second.search.search('dog');
    assert.deepEqual(reads, [], 'the saved documents are enough');
    assert.deepEqual(
      hits.map((h) => [h.sessionId, h.snippet]),
      [
        ['beta', 'Reply to lazy Dog sleeps'],
        ['beta', 'lazy Dog sleeps'],
      ],
    );
  });

  test("one turn rewrites that session's file only", async () => {
    const first = await window();
    await first.search.search('fox');
    await first.search.dispose();
    const second = await window();
    await second.search.search('fox');
    const before = new Map(files().map((f) => [f, signature(f)]));
    await new Promise((r) => setTimeout(r, 20));
    store.set('beta', ['lazy Dog sleeps', 'a Zebra crosses']);
    second.updates.fire({ id: 'beta', update: { kind: 'reset' } });
    assert.deepEqual(
      (await second.search.search('zebra')).map((h) => h.snippet),
      ['Reply to a Zebra crosses', 'a Zebra crosses'],
    );
    await second.search.dispose();
    for (const f of files()) assert.equal(signature(f) !== before.get(f), f === 'beta.json', f);
  });

  test('a damaged or truncated file is read as missing: that session is read from the store again, the others are kept', async () => {
    const first = await window();
    await first.search.search('fox');
    await first.search.dispose();
    const alpha = path.join(dir, 'search', 'alpha.json');
    writeFileSync(alpha, readFileSync(alpha, 'utf8').slice(0, 25));
    writeFileSync(path.join(dir, 'search', 'beta.json'), 'garbage');
    reads = [];
    const second = await window();
    assert.deepEqual(
      (await second.search.search('quick fox')).map((h) => h.snippet),
      ['Reply to The Quick brown fox', 'The Quick brown fox'],
    );
    assert.deepEqual(reads.sort(), ['alpha', 'beta']);
    assert.equal(warnings.filter((w) => w.includes('damaged')).length, 2, warnings.join('\n'));
    await second.search.dispose();
    assert.match(readFileSync(alpha, 'utf8'), /The Quick brown fox/, 'written again whole');
  });

  test("a session removed for good loses its file; the old one-file index is deleted once; another session's document is not taken", async () => {
    writeFileSync(path.join(dir, 'search-index.json'), '[["alpha",[["x","t","stale text"]]]]');
    const first = await window();
    await first.search.search('fox');
    await first.search.dispose();
    assert.ok(!existsSync(path.join(dir, 'search-index.json')));
    await first.index.remove(['gamma']);
    await first.search.dispose();
    assert.deepEqual(files(), ['alpha.json', 'beta.json']);
    // A copy of beta's document under alpha's name.
    writeFileSync(path.join(dir, 'search', 'alpha.json'), readFileSync(path.join(dir, 'search', 'beta.json')));
    store.delete('gamma');
    reads = [];
    const second = await window();
    assert.deepEqual(
      (await second.search.search('fox')).map((h) => h.sessionId),
      ['alpha', 'alpha'],
    );
    assert.deepEqual(reads, ['alpha']);
  });

  test('a file of a session the list no longer has is deleted when loading', async () => {
    const first = await window();
    await first.search.search('fox');
    await first.search.dispose();
    store.delete('gamma');
    const second = await window();
    await second.search.search('fox');
    await second.search.dispose();
    assert.deepEqual(files(), ['alpha.json', 'beta.json']);
  });

  test('the folder deleted while the window runs (storage cleared) is made again at the next save', async () => {
    const first = await window();
    await first.search.search('fox');
    await first.search.dispose();
    rmSync(path.join(dir, 'search'), { recursive: true });
    store.set('alpha', ['The Quick brown fox', 'jumps Over']);
    first.updates.fire({ id: 'alpha', update: { kind: 'reset' } });
    assert.equal((await first.search.search('over')).length, 2);
    await first.search.dispose();
    assert.deepEqual(files(), ['alpha.json']);
    assert.deepEqual(warnings, []);
  });

  test('ids that are not safe file names get a hashed file name', () => {
    assert.equal(documentFileName('abc-123'), 'abc-123.json');
    assert.match(documentFileName('../evil'), /^~[0-9a-f]{32}\.json$/);
    assert.match(documentFileName('a/b'), /^~[0-9a-f]{32}\.json$/);
    assert.notEqual(documentFileName('a/b'), documentFileName('a/c'));
    assert.equal(path.dirname(new SearchStore(dir, log).fileOf('../../x')), path.join(dir, 'search'));
  });
});
