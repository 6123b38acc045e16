import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PanelOutbox } from '../../../src/panels/panelOutbox';
import type { HistoryItem, HostMessage } from '../../../src/shared/protocol';

const reply = (text: string, streaming: boolean): HistoryItem => ({
  kind: 'assistant',
  id: 'reply-1',
  text,
  timestamp: '2026-12-02T00:00:00.000Z',
  streaming,
});

/** The messages as the webview gets them, batches opened, with when each was delivered. */
function recorder(): { outbox: PanelOutbox; delivered: Array<{ at: number; messages: HostMessage[] }> } {
  const delivered: Array<{ at: number; messages: HostMessage[] }> = [];
  const outbox = new PanelOutbox((message) =>
    delivered.push({ at: performance.now(), messages: message.type === 'batch' ? message.messages : [message] }),
  );
  return { outbox, delivered };
}

/** What the host does with a finished item (SessionPanel.forward): posts it, then tells the outbox. */
function postItems(outbox: PanelOutbox, items: HistoryItem[]): void {
  outbox.post({ type: 'upsert', items });
  outbox.itemsPosted(items);
}

describe('PanelOutbox', () => {
  it("sends a reply's first text at once, and the text after it no sooner than a frame later, merged", async () => {
    const { outbox, delivered } = recorder();
    outbox.delta('reply-1', 'Hello');
    assert.equal(delivered.length, 1, 'the first text was not sent at once');
    outbox.delta('reply-1', ', ');
    outbox.delta('reply-1', 'world');
    assert.equal(delivered.length, 1, 'more text went out within the same frame');
    await sleep(40);
    assert.equal(delivered.length, 2);
    assert.ok(delivered[1].at - delivered[0].at >= 19, `posts ${delivered[1].at - delivered[0].at} ms apart`);
    assert.deepEqual(delivered[1].messages, [{ type: 'deltas', deltas: [{ id: 'reply-1', text: ', world' }] }]);
    outbox.dispose();
  });

  it("sends a finished reply's last text at once, and the finished reply a frame later (later updates too)", async () => {
    const { outbox, delivered } = recorder();
    outbox.delta('reply-1', 'w0 ');
    outbox.delta('reply-1', 'w1 ');
    postItems(outbox, [reply('w0 w1 ', false)]);
    assert.equal(delivered.length, 2, 'the last text waited for the next frame');
    assert.deepEqual(delivered[1].messages, [{ type: 'deltas', deltas: [{ id: 'reply-1', text: 'w1 ' }] }]);
    await sleep(40);
    assert.equal(delivered.length, 3);
    assert.deepEqual(delivered[2].messages, [{ type: 'upsert', items: [reply('w0 w1 ', false)] }]);
    assert.ok(delivered[2].at - delivered[1].at >= 19, 'the finished reply a frame after its last text');
    // The same reply updated again (say, its changed files): no longer the end of a stream, it waits its frame.
    postItems(outbox, [reply('w0 w1 ', false)]);
    assert.equal(delivered.length, 3, 'an update of a finished reply skipped the frame');
    await sleep(40);
    assert.equal(delivered.length, 4);
    outbox.dispose();
  });

  it('sends the prompt that starts a turn at once, even right after another message, with what waited before it', async () => {
    const { outbox, delivered } = recorder();
    outbox.post({ type: 'status', status: 'busy' });
    await sleep(5);
    assert.equal(delivered.length, 1, 'after a pause the first message goes with the next timer');
    outbox.post({ type: 'header', header: { sessionId: 's', title: 't', model: 'm' } });
    const prompt: HistoryItem = { kind: 'user', id: 'user-1', text: 'Hi', timestamp: '2026-12-02T00:00:00.000Z' };
    postItems(outbox, [prompt]);
    assert.equal(delivered.length, 2, 'the prompt waited for the next frame');
    assert.deepEqual(
      delivered[1].messages.map((m) => m.type),
      ['header', 'upsert'],
    );
    outbox.delta('reply-1', 'Hello');
    assert.equal(delivered.length, 3, "the reply's first text still goes at once");
    outbox.dispose();
  });

  it('keeps the order of messages and text, and sends nothing once disposed', async () => {
    const { outbox, delivered } = recorder();
    outbox.delta('reply-1', 'a');
    outbox.post({ type: 'status', status: 'busy' });
    outbox.delta('reply-1', 'b');
    await sleep(40);
    assert.deepEqual(
      delivered.flatMap((d) => d.messages),
      [
        { type: 'deltas', deltas: [{ id: 'reply-1', text: 'a' }] },
        { type: 'status', status: 'busy' },
        { type: 'deltas', deltas: [{ id: 'reply-1', text: 'b' }] },
      ],
    );
    outbox.dispose();
    outbox.delta('reply-1', 'c');
    await sleep(40);
    assert.equal(delivered.length, 2);
  });
});
