import assert from 'node:assert/strict';
import type { SessionEvent } from '@github/copilot-sdk';
import { planUndo, TurnChangesFolder } from '../../../src/core/fileChanges';
import { HistoryFolder } from '../../../src/core/history';
import { SearchIndex } from '../../../src/core/searchIndex';
import { toMarkdown } from '../../../src/core/transcript';

let seq = 0;
function ev<T extends SessionEvent['type']>(type: T, data: Extract<SessionEvent, { type: T }>['data'], id = `e${++seq}`): SessionEvent {
  return { id, parentId: null, timestamp: new Date(1_700_000_000_000 + ++seq * 1000).toISOString(), type, data } as SessionEvent;
}
const metrics = (linesAdded: number, linesRemoved: number) => ({ metrics: { linesAdded, linesRemoved } });

function twoFileTurn(): SessionEvent[] {
  return [
    ev('user.message', { content: 'change two files' }, 'u1'),
    ev('tool.execution_start', { toolCallId: 'c1', toolName: 'create', arguments: { path: '/ws/new.txt', file_text: 'a\nb\n' } }),
    ev('tool.execution_complete', { toolCallId: 'c1', success: true, result: { content: 'ok' }, toolTelemetry: metrics(2, 0) }),
    ev('tool.execution_start', { toolCallId: 'c2', toolName: 'edit', arguments: { path: '/ws/README.md', old_str: 'x', new_str: 'y' } }),
    ev('tool.execution_complete', { toolCallId: 'c2', success: true, result: { content: 'ok' }, toolTelemetry: metrics(1, 1) }),
    ev('tool.execution_start', { toolCallId: 'c3', toolName: 'edit', arguments: { path: '/ws/README.md', old_str: 'q', new_str: 'r\ns' } }),
    ev('tool.execution_complete', { toolCallId: 'c3', success: true, result: { content: 'ok' }, toolTelemetry: metrics(2, 1) }),
    // Denied or failed writes change nothing.
    ev('tool.execution_start', { toolCallId: 'c4', toolName: 'edit', arguments: { path: '/ws/denied.md', old_str: 'x', new_str: 'y' } }),
    ev('tool.execution_complete', { toolCallId: 'c4', success: false, error: { message: 'denied', code: 'denied' } }),
    ev('tool.execution_start', { toolCallId: 'c5', toolName: 'bash', arguments: { command: 'ls' } }),
    ev('tool.execution_complete', { toolCallId: 'c5', success: true, result: { content: 'x' } }),
    ev('assistant.message', { messageId: 'm1', content: 'Done.' }),
    ev('session.idle', {}),
  ];
}

suite("a turn's changed files, folded from events", () => {
  test("lists each file once per turn, with the runtime's line counts summed; created stays created", () => {
    const folder = new TurnChangesFolder();
    const done = twoFileTurn()
      .map((e) => folder.apply(e))
      .filter((x) => x !== undefined);
    assert.equal(done.length, 1);
    assert.equal(done[0].turnId, 'u1');
    assert.deepEqual(done[0].files, [
      { path: '/ws/new.txt', change: 'created', added: 2, removed: 0 },
      { path: '/ws/README.md', change: 'modified', added: 3, removed: 2 },
    ]);
  });

  test('a turn that changed nothing lists nothing; a turn without idle ends at the next prompt', () => {
    const folder = new TurnChangesFolder();
    assert.equal(folder.apply(ev('user.message', { content: 'hi' }, 'u0')), undefined);
    assert.equal(folder.apply(ev('session.idle', {})), undefined);
    folder.apply(ev('user.message', { content: 'edit' }, 'u1'));
    folder.apply(ev('tool.execution_start', { toolCallId: 'c', toolName: 'edit', arguments: { path: '/ws/a' } }));
    folder.apply(ev('tool.execution_complete', { toolCallId: 'c', success: true, toolTelemetry: metrics(1, 0) }));
    const atNext = folder.apply(ev('user.message', { content: 'next' }, 'u2'));
    assert.equal(atNext?.turnId, 'u1');
  });

  test("the history shows the list under the turn's reply, also when read back from the store", () => {
    const history = HistoryFolder.fold(twoFileTurn()).history;
    assert.deepEqual(
      history.map((h) => h.kind),
      ['user', 'tool', 'tool', 'tool', 'tool', 'tool', 'assistant', 'changes'],
    );
    const changes = history[history.length - 1];
    assert.ok(changes.kind === 'changes' && changes.id === 'changes-u1' && changes.files.length === 2);
  });

  test('Undo restores what was there, deletes what the turn created, and never overwrites a file changed since', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    const edited = { path: '/ws/a', before: bytes('one\n'), after: bytes('two\n') };
    assert.deepEqual(planUndo(edited, bytes('two\n')), { path: '/ws/a', action: 'restore', content: bytes('one\n') });
    assert.deepEqual(planUndo(edited, bytes('one\n')), { path: '/ws/a', action: 'none' });
    assert.deepEqual(planUndo(edited, bytes('two\nmine\n')), { path: '/ws/a', action: 'conflict', content: bytes('one\n') });
    assert.deepEqual(planUndo(edited, null), { path: '/ws/a', action: 'conflict', content: bytes('one\n') });
    const created = { path: '/ws/n', before: null, after: bytes('new\n') };
    assert.deepEqual(planUndo(created, bytes('new\n')), { path: '/ws/n', action: 'delete' });
    assert.deepEqual(planUndo(created, null), { path: '/ws/n', action: 'none' });
    assert.deepEqual(planUndo({ path: '/ws/big', before: undefined, after: bytes('x') }, bytes('x')), {
      path: '/ws/big',
      action: 'unavailable',
    });
  });

  test('export and search include what was attached and what changed', () => {
    const events = [
      ev(
        'user.message',
        {
          content: 'explain this',
          attachments: [
            {
              type: 'selection',
              filePath: '/ws/src/main.js',
              displayName: 'main.js:2-3',
              selection: { start: { line: 1, character: 0 }, end: { line: 2, character: 4 } },
              text: 'x',
            },
          ],
        },
        'ua',
      ),
      ...twoFileTurn().slice(1),
    ];
    const history = HistoryFolder.fold(events).history;
    const labels = {
      you: 'You',
      assistant: 'Copilot',
      tool: 'Tool',
      compacted: 'Compacted',
      error: 'Error',
      model: 'Model',
      created: 'C',
      lastActive: 'L',
      id: 'ID',
    };
    const md = toMarkdown({ title: 't', sessionId: 's', model: 'm', created: 0, lastActive: 0, locale: 'en', labels }, history);
    assert.match(md, /Attached: `\/ws\/src\/main\.js:2-3`/);
    assert.match(md, /Files changed: `\/ws\/new\.txt` \(\+2 −0\), `\/ws\/README\.md` \(\+3 −2\)/);
    const search = new SearchIndex();
    search.setHistory('s', history);
    assert.equal(search.search('main.js', new Map([['s', 'title']])).length, 1);
  });
});
