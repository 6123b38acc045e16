/**
 * What a panel has for its webview, sent at most once per frame while a reply streams: messages wait in order,
 * streamed text is merged per reply, and a frame's worth goes out as one message (a `batch` when there are several).
 * A reply's first text goes out at once, and so does its last text when the reply finishes: they are what the user
 * waits for. So does the prompt that starts a turn, so that it is on screen before the reply's first text arrives.
 * The finished reply itself (which the webview completes, a long one laid out whole) follows a frame later.
 */
import type { HistoryItem, HostMessage } from '../shared/protocol';

/** 20 ms leaves room for timer jitter at 60 Hz. */
const FRAME_MS = 20;

export class PanelOutbox {
  private readonly pendingDeltas = new Map<string, string>();
  private readonly queued: HostMessage[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** The reply whose text came last: text of another one is the first of its reply. */
  private lastStreamedId: string | undefined;
  /** The reply streaming now: when its finished item comes, the text before it goes at once (once: later updates wait). */
  private openReplyId: string | undefined;
  /** When the last message went out (performance.now()). */
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(private readonly deliver: (message: HostMessage) => void) {}

  /** Queues a message for the next frame; streamed text that came before it stays before it. */
  post(message: HostMessage): void {
    if (this.closed) return;
    this.moveDeltas();
    // The streamed reply ends with this message: its last text goes now, on its own.
    if (message.type === 'upsert' && this.finishesOpenReply(message.items)) this.flush(true);
    this.queued.push(message);
    // The prompt as the runtime took it starts a turn: the reply's first words follow within milliseconds, and the
    // webview (whose thread the workbench shares) should have laid the prompt out by then, not be doing it then.
    if (message.type === 'upsert' && message.items.some((item) => item.kind === 'user')) this.flush(true);
    else this.scheduleFlush();
  }

  delta(id: string, text: string): void {
    if (this.closed) return;
    this.pendingDeltas.set(id, (this.pendingDeltas.get(id) ?? '') + text);
    this.openReplyId = id;
    if (this.isFirstTextOf(id)) this.flush(true);
    else this.scheduleFlush();
  }

  /** Items were posted: a reply that starts among them (its first text as a new item) goes out at once, like a delta. */
  itemsPosted(items: readonly HistoryItem[]): void {
    const reply = items.find((item) => item.kind === 'assistant' && item.streaming && item.id !== this.lastStreamedId);
    if (!reply) return;
    this.openReplyId = reply.id;
    if (this.isFirstTextOf(reply.id)) this.flush(true);
  }

  private finishesOpenReply(items: readonly HistoryItem[]): boolean {
    const finished = items.some((item) => item.kind === 'assistant' && !item.streaming && item.id === this.openReplyId);
    if (finished) this.openReplyId = undefined;
    return finished;
  }

  /** The whole state is about to be sent: what waits is dropped, except what `keep` says must not be lost. */
  supersede(keep: (message: HostMessage) => boolean): HostMessage[] {
    this.pendingDeltas.clear();
    return this.queued.splice(0).filter(keep);
  }

  private isFirstTextOf(id: string): boolean {
    if (id === this.lastStreamedId) return false;
    this.lastStreamedId = id;
    return true;
  }

  private moveDeltas(): void {
    if (this.pendingDeltas.size === 0) return;
    this.queued.push({ type: 'deltas', deltas: [...this.pendingDeltas].map(([id, text]) => ({ id, text })) });
    this.pendingDeltas.clear();
  }

  /**
   * Spaced from the last post on the real clock, not from the first queued item: after a pause the first message
   * goes out at once, and while streaming one message every FRAME_MS. Node times timers against a loop clock that
   * can lag behind, so a timer may fire early: flush() checks the spacing itself (with a 17 ms spacing, two posts
   * less than 16.7 ms apart were measured).
   */
  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlushAt + FRAME_MS - performance.now()));
  }

  private flush(now = false): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.closed) return;
    const early = this.lastFlushAt + FRAME_MS - performance.now();
    if (early > 0 && !now) {
      this.flushTimer = setTimeout(() => this.flush(), early);
      return;
    }
    this.moveDeltas();
    const messages = this.queued.splice(0);
    if (messages.length === 0) return;
    this.lastFlushAt = performance.now();
    this.deliver(messages.length === 1 ? messages[0] : { type: 'batch', messages });
  }

  dispose(): void {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }
}
