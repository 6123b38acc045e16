/**
 * The prompts a session was given while it was replying. They run one by one, in order, each as its own turn, and
 * each caller hears its own reply. The queue is kept here rather than in the runtime's (`mode: 'enqueue'`) because a
 * prompt the user can still edit or remove must not have been handed over yet, and because the runtime reports one
 * `session.idle` for a whole drained queue, which would leave every queued caller but the last without its reply.
 * Stop holds the queue (the user stepped in); a failed turn does not (the next prompt may well work). What waits is
 * kept (by the caller, e.g. in the workspace's state) so a reload or a closed panel loses none of it: it comes back
 * held, for the user to go on with.
 */
import type { TurnResult } from './liveSession';
import { Emitter } from '../core/emitter';
import type { QueuedPrompt } from '../shared/protocol';
import type { SdkAttachment } from '../shared/attachments';

export interface QueueTurns {
  isBusy(): boolean;
  /** Runs one prompt as a turn and resolves when it ends. */
  runTurn(prompt: string, attachments?: SdkAttachment[]): Promise<TurnResult>;
  /** Adds a prompt to the running turn (the runtime's `immediate` mode); resolves with that turn's result. */
  steer(prompt: string, attachments?: SdkAttachment[]): Promise<TurnResult> | undefined;
}

interface Entry extends QueuedPrompt {
  resolve(result: TurnResult): void;
  /** Checked when the prompt was given; not kept across a reload (only the prompts are). */
  attachments?: SdkAttachment[];
}

export class PromptQueue {
  private readonly entries: Entry[] = [];
  private nextId = 1;
  private draining = false;
  private heldValue = false;
  private readonly changes = new Emitter<void>();
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly turns: QueueTurns,
    private readonly removedText: string,
    /** Prompts kept from before (a reload, a closed panel): back in the queue, held, with nobody waiting on them. */
    saved: readonly string[] = [],
  ) {
    for (const prompt of saved) this.entries.push({ id: String(this.nextId++), prompt, resolve: () => undefined });
    this.heldValue = this.entries.length > 0;
  }

  /** What waits, in order: what a caller keeps. */
  get prompts(): string[] {
    return this.entries.map((e) => e.prompt);
  }

  get items(): QueuedPrompt[] {
    return this.entries.map(({ id, prompt }) => ({ id, prompt }));
  }

  get held(): boolean {
    return this.heldValue && this.entries.length > 0;
  }

  /** Runs the prompt now when nothing runs and nothing waits, else after what is queued. */
  submit(prompt: string, attachments?: SdkAttachment[]): Promise<TurnResult> {
    return new Promise<TurnResult>((resolve) => {
      const entry: Entry = { id: String(this.nextId++), prompt, resolve, ...(attachments?.length ? { attachments } : {}) };
      this.entries.push(entry);
      // A prompt given while the queue is held is the user going on: everything runs again, in order.
      this.heldValue = false;
      // One that runs at once never waited: nothing to show or to keep (a file written and removed on every turn,
      // and two messages to the panel ahead of the reply's first words).
      const runsNow = this.entries.length === 1 && !this.draining && !this.turns.isBusy();
      if (!runsNow) this.changes.fire();
      void this.drain(runsNow ? entry : undefined);
    });
  }

  /** The user pressed Stop: what waits at that moment stays, until they send, Send Now, or remove it. */
  hold(): void {
    if (this.entries.length === 0 || this.heldValue) return;
    this.heldValue = true;
    this.changes.fire();
  }

  remove(id: string): boolean {
    const at = this.entries.findIndex((e) => e.id === id);
    if (at < 0) return false;
    const [removed] = this.entries.splice(at, 1);
    removed.resolve({ ok: false, message: this.removedText, refused: 'removed' });
    this.changes.fire();
    return true;
  }

  edit(id: string, prompt: string): boolean {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry || !prompt.trim()) return false;
    entry.prompt = prompt;
    this.changes.fire();
    return true;
  }

  /** While a reply runs, the prompt steers it; otherwise it runs next, at once. */
  sendNow(id: string): boolean {
    const at = this.entries.findIndex((e) => e.id === id);
    if (at < 0) return false;
    const [entry] = this.entries.splice(at, 1);
    const steered = this.turns.isBusy() ? this.turns.steer(entry.prompt, entry.attachments) : undefined;
    if (steered) {
      this.changes.fire();
      void steered.then((result) => entry.resolve(result));
      return true;
    }
    this.entries.unshift(entry);
    this.heldValue = false;
    this.changes.fire();
    void this.drain();
    return true;
  }

  /**
   * The session goes away from this window (its panel closed, the window reloads): every caller waiting hears that
   * its prompt was not sent; the prompts themselves stay where they are kept, for the next time it opens.
   */
  releaseCallers(message: string): void {
    for (const entry of this.entries) {
      entry.resolve({ ok: false, message, refused: 'removed' });
      entry.resolve = () => undefined;
    }
  }

  /** `unannounced`: an entry that was never shown as waiting, so its leaving changes nothing either. */
  private async drain(unannounced?: Entry): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.heldValue && this.entries.length > 0 && !this.turns.isBusy()) {
        const entry = this.entries.shift();
        if (!entry) break;
        if (entry !== unannounced) this.changes.fire();
        const result = await this.turns.runTurn(entry.prompt, entry.attachments);
        entry.resolve(result);
      }
    } finally {
      this.draining = false;
    }
  }

  dispose(): void {
    this.changes.dispose();
  }
}
