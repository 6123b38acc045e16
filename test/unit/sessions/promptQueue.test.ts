import assert from 'node:assert/strict';
import type { TurnResult } from '../../../src/sessions/liveSession';
import { PromptQueue, type QueueTurns } from '../../../src/sessions/promptQueue';

/** Turns that end when the test says so, recording what ran. */
class ScriptedTurns implements QueueTurns {
  readonly ran: string[] = [];
  readonly steered: string[] = [];
  private ends: Array<(result: TurnResult) => void> = [];
  private current: Promise<TurnResult> | undefined;

  isBusy(): boolean {
    return this.current !== undefined;
  }

  runTurn(prompt: string): Promise<TurnResult> {
    this.ran.push(prompt);
    this.current = new Promise<TurnResult>((resolve) => this.ends.push(resolve)).finally(() => (this.current = undefined));
    return this.current;
  }

  steer(prompt: string): Promise<TurnResult> | undefined {
    this.steered.push(prompt);
    return this.current;
  }

  async end(result: TurnResult = { ok: true, reply: `reply to ${this.ran[this.ran.length - 1]}` }): Promise<void> {
    this.ends.shift()?.(result);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

suite('prompt queue', () => {
  test('runs at once when idle; later prompts wait and run in order, each resolving with its own reply', async () => {
    const turns = new ScriptedTurns();
    const queue = new PromptQueue(turns, 'removed');
    const first = queue.submit('one');
    await tick();
    const second = queue.submit('two');
    const third = queue.submit('three');
    assert.deepEqual(turns.ran, ['one']);
    assert.deepEqual(
      queue.items.map((i) => i.prompt),
      ['two', 'three'],
    );
    await turns.end();
    assert.deepEqual(turns.ran, ['one', 'two']);
    await turns.end();
    await turns.end();
    assert.deepEqual(await Promise.all([first, second, third]), [
      { ok: true, reply: 'reply to one' },
      { ok: true, reply: 'reply to two' },
      { ok: true, reply: 'reply to three' },
    ]);
    assert.equal(queue.items.length, 0);
  });

  test('a prompt that runs at once is never shown or kept as waiting; one that waits is, until it runs', async () => {
    const turns = new ScriptedTurns();
    const queue = new PromptQueue(turns, 'removed');
    // What a listener sees at each change: what the session keeps for a reload (src/sessions/queuedPrompts.ts).
    const kept: string[][] = [];
    queue.onDidChange(() => kept.push(queue.prompts));
    void queue.submit('one');
    await tick();
    assert.deepEqual(turns.ran, ['one']);
    assert.deepEqual(kept, [], 'nothing waited');
    void queue.submit('two');
    assert.deepEqual(kept, [['two']]);
    await turns.end();
    assert.deepEqual(turns.ran, ['one', 'two']);
    assert.deepEqual(kept, [['two'], []], 'it left the queue when it ran');
    await turns.end();
  });

  test('an edited prompt runs with its new text; a removed one never runs and its caller hears why', async () => {
    const turns = new ScriptedTurns();
    const queue = new PromptQueue(turns, 'taken out');
    void queue.submit('one');
    await tick();
    void queue.submit('two');
    const removed = queue.submit('three');
    const [two, three] = queue.items;
    assert.equal(queue.edit(two.id, 'two, edited'), true);
    assert.equal(queue.edit(two.id, '   '), false, 'a blank edit is refused');
    assert.equal(queue.remove(three.id), true);
    assert.equal(queue.remove('no-such-id'), false);
    assert.deepEqual(await removed, { ok: false, message: 'taken out', refused: 'removed' });
    await turns.end();
    await turns.end();
    assert.deepEqual(turns.ran, ['one', 'two, edited']);
  });

  test('Stop holds what waits; a new prompt or Send Now lets it run again, in order', async () => {
    const turns = new ScriptedTurns();
    const queue = new PromptQueue(turns, 'removed');
    void queue.submit('one');
    await tick();
    void queue.submit('two');
    queue.hold(); // Stop
    await turns.end({ ok: false, message: 'Stopped', stopped: true });
    assert.equal(queue.held, true);
    assert.deepEqual(turns.ran, ['one'], 'nothing runs after Stop');
    void queue.submit('three');
    await tick();
    assert.equal(queue.held, false);
    assert.deepEqual(turns.ran, ['one', 'two'], 'going on runs what waited first');
  });

  test('Stop with nothing queued holds nothing: a prompt sent right after it runs', async () => {
    const turns = new ScriptedTurns();
    const queue = new PromptQueue(turns, 'removed');
    void queue.submit('one');
    await tick();
    queue.hold(); // Stop
    void queue.submit('after stopping'); // typed before the stopped turn has ended
    await turns.end({ ok: false, message: 'Stopped', stopped: true });
    assert.equal(queue.held, false);
    assert.deepEqual(turns.ran, ['one', 'after stopping']);
  });

  test('a failed turn does not hold the queue', async () => {
    const turns = new ScriptedTurns();
    const queue = new PromptQueue(turns, 'removed');
    void queue.submit('one');
    await tick();
    void queue.submit('two');
    await turns.end({ ok: false, message: 'the model endpoint answered 400' });
    assert.deepEqual(turns.ran, ['one', 'two']);
  });

  test('Send Now steers the running turn and resolves with it; when idle it runs first', async () => {
    const turns = new ScriptedTurns();
    const queue = new PromptQueue(turns, 'removed');
    void queue.submit('one');
    await tick();
    const steered = queue.submit('steer me');
    void queue.submit('later');
    assert.equal(queue.sendNow(queue.items[0].id), true);
    assert.deepEqual(turns.steered, ['steer me']);
    assert.deepEqual(
      queue.items.map((i) => i.prompt),
      ['later'],
    );
    await turns.end();
    assert.deepEqual(await steered, { ok: true, reply: 'reply to one' });
    assert.deepEqual(turns.ran, ['one', 'later']);
  });

  test('a closed session tells every waiting caller; its prompts stay, and come back held the next time', async () => {
    const turns = new ScriptedTurns();
    const queue = new PromptQueue(turns, 'removed');
    void queue.submit('one');
    await tick();
    const waiting = queue.submit('two');
    queue.releaseCallers('The session was closed.');
    assert.deepEqual(await waiting, { ok: false, message: 'The session was closed.', refused: 'removed' });
    assert.deepEqual(queue.prompts, ['two'], 'kept');

    const reopened = new PromptQueue(new ScriptedTurns(), 'removed', queue.prompts);
    assert.equal(reopened.held, true, 'nothing runs by itself after a reload');
    assert.deepEqual(
      reopened.items.map((i) => i.prompt),
      ['two'],
    );
  });
});
