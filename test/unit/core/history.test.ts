import assert from 'node:assert/strict';
import type { SessionEvent } from '@github/copilot-sdk';
import { HistoryFolder, summarizeToolArguments, usageOf } from '../../../src/core/history';

let seq = 0;
function ev<T extends SessionEvent['type']>(type: T, data: Extract<SessionEvent, { type: T }>['data']): SessionEvent {
  return { id: `e${++seq}`, parentId: null, timestamp: new Date(1_700_000_000_000 + seq * 1000).toISOString(), type, data } as SessionEvent;
}

suite('event-to-history folding', () => {
  test('folds a turn with streaming, a tool run and an error', () => {
    const events: SessionEvent[] = [
      ev('user.message', { content: 'hello' }),
      ev('assistant.message_delta', { messageId: 'm1', deltaContent: 'Hel' }),
      ev('assistant.message_delta', { messageId: 'm1', deltaContent: 'lo!' }),
      ev('assistant.message', { messageId: 'm1', content: 'Hello!' }),
      ev('assistant.message', { messageId: 'm2', content: '', toolRequests: [] }),
      ev('tool.execution_start', { toolCallId: 't1', toolName: 'bash', arguments: { command: 'ls -la' } }),
      ev('tool.execution_complete', { toolCallId: 't1', success: true, result: { content: 'file.txt' } }),
      ev('session.error', { errorType: 'model', message: '400 bad request' }),
    ];
    const history = HistoryFolder.fold(events).history;
    assert.deepEqual(
      history.map((h) => h.kind),
      ['user', 'assistant', 'tool', 'error'],
    );
    assert.deepEqual(history[1], { kind: 'assistant', id: 'm1', text: 'Hello!', timestamp: history[1].timestamp, streaming: false });
    const tool = history[2];
    assert.ok(tool.kind === 'tool' && tool.status === 'succeeded' && tool.summary === 'ls -la' && tool.output === 'file.txt');
  });

  test('live deltas report only the appended text', () => {
    const folder = new HistoryFolder();
    assert.equal(folder.apply(ev('assistant.message_delta', { messageId: 'm', deltaContent: 'a' })).changed.length, 1);
    assert.deepEqual(folder.apply(ev('assistant.message_delta', { messageId: 'm', deltaContent: 'b' })), {
      changed: [],
      delta: { id: 'm', text: 'b' },
    });
    const item = folder.get('m');
    assert.ok(item?.kind === 'assistant' && item.text === 'ab' && item.streaming);
  });

  test('an abort ends the streaming reply and leaves a notice', () => {
    const folder = new HistoryFolder('Gestoppt');
    folder.apply(ev('assistant.message_delta', { messageId: 'm', deltaContent: 'partial' }));
    const { changed } = folder.apply(ev('abort', { reason: 'user_initiated' }));
    assert.deepEqual(
      changed.map((c) => c.kind),
      ['assistant', 'notice'],
    );
    const notice = changed[1];
    assert.ok(notice.kind === 'notice' && notice.text === 'Gestoppt');
  });

  test('sub-agent messages are not shown as top-level replies; usage is summed', () => {
    const folder = HistoryFolder.fold([
      ev('assistant.message', { messageId: 'x', content: 'inner', parentToolCallId: 'tool' }),
      ev('assistant.usage', { model: 'm', inputTokens: 10, outputTokens: 5 }),
      ev('assistant.usage', { model: 'm', inputTokens: 1, outputTokens: 1 }),
    ]);
    assert.equal(folder.history.length, 0);
    assert.equal(folder.tokens, 17);
  });

  test('premium requests count the user-initiated calls, as the runtime does; tokens count every call', () => {
    const folder = HistoryFolder.fold([
      ev('assistant.usage', { model: 'm', inputTokens: 60, outputTokens: 0, cost: 1, initiator: 'user' }),
      ev('assistant.usage', { model: 'm', inputTokens: 80, outputTokens: 1, cost: 1, initiator: 'agent' }),
      ev('assistant.usage', { model: 'm', inputTokens: 10, outputTokens: 2, cost: 1 }),
    ]);
    assert.equal(folder.cost, 2);
    assert.equal(folder.tokens, 153);
  });

  test('a resumed session starts from its stored shutdown totals (usage events are never stored)', () => {
    const metrics = {
      'model-a': { requests: { count: 3, cost: 2 }, usage: { inputTokens: 120, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 } },
      'model-b': {
        requests: { count: 1, cost: 0.33 },
        usage: { inputTokens: 7, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      },
    };
    const folder = HistoryFolder.fold([
      ev('session.start', {
        sessionId: 's',
        version: 1,
        producer: 'p',
        copilotVersion: '0',
        startTime: '2026-01-01T00:00:00Z',
        context: { cwd: '/work/project' },
      }),
      ev('session.shutdown', {
        shutdownType: 'routine',
        totalApiDurationMs: 1,
        sessionStartTime: 0,
        codeChanges: { linesAdded: 0, linesRemoved: 0, filesModified: [] },
        modelMetrics: metrics,
      }),
    ] as SessionEvent[]);
    assert.equal(folder.tokens, 130);
    assert.equal(folder.cost, 2.33);
    assert.equal(folder.workingDirectory, '/work/project');
    // A live call after the resume adds to the totals.
    folder.apply(ev('assistant.usage', { model: 'model-a', inputTokens: 5, outputTokens: 5, cost: 1, initiator: 'user' }));
    assert.equal(folder.tokens, 140);
    assert.equal(folder.cost, 3.33);
  });

  test('a tool the user denied reads denied, not failed; one allowed for the session says so', () => {
    const folder = HistoryFolder.fold([
      ev('tool.execution_start', { toolCallId: 'a', toolName: 'create', arguments: { path: '/w/one.txt' } }),
      ev('permission.completed', {
        requestId: 'r1',
        toolCallId: 'a',
        result: { kind: 'approved-for-session', approval: { kind: 'write' } },
      }),
      ev('tool.execution_complete', { toolCallId: 'a', success: true, result: { content: 'Created' } }),
      ev('tool.execution_start', { toolCallId: 'b', toolName: 'bash', arguments: { command: 'rm -rf /' } }),
      ev('permission.completed', { requestId: 'r2', toolCallId: 'b', result: { kind: 'denied-interactively-by-user', feedback: 'no' } }),
      ev('tool.execution_complete', {
        toolCallId: 'b',
        success: false,
        error: { message: 'The user rejected this tool call.', code: 'denied' },
      }),
      ev('tool.execution_start', { toolCallId: 'c', toolName: 'bash', arguments: { command: 'false' } }),
      ev('tool.execution_complete', { toolCallId: 'c', success: false, error: { message: 'exit 1' } }),
    ] as SessionEvent[]);
    const tools = folder.history.filter((item) => item.kind === 'tool');
    assert.deepEqual(
      tools.map((t) => [t.status, t.allowedForSession ?? false]),
      [
        ['succeeded', true],
        ['denied', false],
        ['failed', false],
      ],
    );
  });

  test('live, a denial that comes after the tool finished still turns its "failed" into "denied"', () => {
    const folder = new HistoryFolder();
    folder.apply(ev('tool.execution_start', { toolCallId: 'd', toolName: 'bash', arguments: { command: 'ls' } }));
    const [failed] = folder.apply(
      ev('tool.execution_complete', {
        toolCallId: 'd',
        success: false,
        error: { message: 'The user rejected this tool call.', code: 'denied' },
      }),
    ).changed;
    assert.ok(failed.kind === 'tool' && failed.status === 'failed');
    const { changed } = folder.apply(
      ev('permission.completed', { requestId: 'r4', toolCallId: 'd', result: { kind: 'denied-interactively-by-user' } } as never),
    );
    assert.deepEqual(
      changed.map((item) => (item.kind === 'tool' ? [item.id, item.status] : [])),
      [['d', 'denied']],
    );
    // A tool that succeeded is not turned into a denial by a stray decision.
    folder.apply(ev('tool.execution_start', { toolCallId: 'e', toolName: 'bash', arguments: { command: 'ls' } }));
    folder.apply(ev('tool.execution_complete', { toolCallId: 'e', success: true, result: { content: 'ok' } }));
    assert.deepEqual(
      folder.apply(
        ev('permission.completed', { requestId: 'r5', toolCallId: 'e', result: { kind: 'denied-interactively-by-user' } } as never),
      ).changed,
      [],
    );
  });

  test('tool arguments are summarised in one line', () => {
    assert.equal(summarizeToolArguments({ command: 'echo  a\n b' }), 'echo a b');
    assert.equal(summarizeToolArguments({ path: '/x/y' }), '/x/y');
    assert.equal(summarizeToolArguments(null), '');
    assert.equal(summarizeToolArguments('x'.repeat(500)).length, 161);
  });
});

suite('items handed out are never edited afterwards', () => {
  test('a streamed delta replaces the reply object instead of changing the one already sent', () => {
    const folder = new HistoryFolder();
    const [created] = folder.apply(ev('assistant.message_delta', { messageId: 'm', deltaContent: 'first ' })).changed;
    folder.apply(ev('assistant.message_delta', { messageId: 'm', deltaContent: 'second' }));
    assert.ok(created.kind === 'assistant' && created.text === 'first ', 'the item given out keeps its text');
    const now = folder.get('m');
    assert.ok(now?.kind === 'assistant' && now.text === 'first second');
  });

  test('usage after a reload: the stored shutdown totals (cumulative) replace what came before, live usage adds to them', () => {
    const shutdown = (count: number, input: number, output: number, cost: number) =>
      ev('session.shutdown', {
        shutdownType: 'routine',
        totalApiDurationMs: 1,
        sessionStartTime: 1,
        codeChanges: { linesAdded: 0, linesRemoved: 0, filesModified: [] },
        modelMetrics: {
          m: { requests: { count, cost }, usage: { inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0 } },
        },
      });
    // As the runtime stores them: each shutdown holds the totals so far (two turns, then four).
    const stored = [shutdown(2, 60, 4, 2), shutdown(4, 200, 10, 4)];
    assert.deepEqual(usageOf(stored), { tokens: 210, cost: 4 });
    const folder = HistoryFolder.fold([...stored, ev('assistant.usage', { model: 'm', inputTokens: 5, outputTokens: 1, cost: 1 })]);
    assert.equal(folder.tokens, 216);
    assert.equal(folder.cost, 5);
  });

  test('a tool refused because nobody could be asked (no panel open) failed; the user’s own denial reads denied', () => {
    const folded = HistoryFolder.fold([
      ev('tool.execution_start', { toolCallId: 'a', toolName: 'bash', arguments: { command: 'ls' } }),
      ev('permission.requested', {
        requestId: 'r1',
        permissionRequest: { kind: 'shell', toolCallId: 'a', fullCommandText: 'ls' },
      } as never),
      ev('permission.completed', { requestId: 'r1', result: { kind: 'denied-no-approval-rule-and-could-not-request-from-user' } } as never),
      ev('tool.execution_complete', { toolCallId: 'a', success: false, error: { message: 'Permission denied', code: 'denied' } }),
      ev('tool.execution_start', { toolCallId: 'b', toolName: 'bash', arguments: { command: 'rm' } }),
      ev('permission.requested', {
        requestId: 'r2',
        permissionRequest: { kind: 'shell', toolCallId: 'b', fullCommandText: 'rm' },
      } as never),
      // The completed event need not name the tool call: the request does.
      ev('permission.completed', { requestId: 'r2', result: { kind: 'denied-interactively-by-user' } } as never),
      ev('tool.execution_complete', {
        toolCallId: 'b',
        success: false,
        error: { message: 'The user rejected this tool call.', code: 'denied' },
      }),
    ]);
    const status = (id: string) => {
      const item = folded.history.find((candidate) => candidate.id === id);
      return item?.kind === 'tool' ? item.status : undefined;
    };
    assert.equal(status('a'), 'failed');
    assert.equal(status('b'), 'denied');
  });
});

suite('event-to-history folding: what changed about the session', () => {
  test('a model switch and a compaction are items; the context fill is kept, not shown as an item', () => {
    const folder = HistoryFolder.fold([
      ev('user.message', { content: 'one' }),
      ev('session.model_change', { newModel: 'stand-in-gamma', previousModel: 'stand-in-alpha', reasoningEffort: 'high' }),
      ev('session.compaction_complete', { success: true, messagesRemoved: 4 }),
      ev('session.compaction_complete', { success: false }),
      ev('session.usage_info', { currentTokens: 3000, tokenLimit: 12000, messagesLength: 3 }),
    ]);
    const changes = folder.history.filter((item) => item.kind === 'change');
    assert.deepEqual(
      changes.map((item) => (item.kind === 'change' ? item.change : undefined)),
      [
        { type: 'model', model: 'stand-in-gamma', reasoningEffort: 'high' },
        { type: 'compaction', messagesRemoved: 4 },
      ],
    );
    assert.deepEqual(folder.contextUsage, { usedTokens: 3000, limitTokens: 12000 });
  });
});

suite('event-to-history folding: the model that answers', () => {
  test("is the latest reply's model, until a switch", () => {
    const folder = HistoryFolder.fold([
      ev('session.start', { selectedModel: 'retired-model' } as never),
      ev('user.message', { content: 'hi' }),
      ev('assistant.message', { messageId: 'm1', content: 'hello', model: 'claude-sonnet-4' }),
    ]);
    assert.equal(folder.answeringModel, 'claude-sonnet-4');
    folder.apply(ev('session.model_change', { newModel: 'stand-in-gamma' }));
    assert.equal(folder.answeringModel, undefined);
  });
});
