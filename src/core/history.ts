/**
 * Folds the SDK's session events into the conversation the panel shows. The same folder serves the whole history
 * read with `getEvents()` and the live events of a running turn, so both always look the same.
 */
import type { SessionEvent } from '@github/copilot-sdk';
import type { HistoryItem } from '../shared/protocol';

const MAX_TOOL_OUTPUT = 4_000;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** One line that says what a tool call does: its command, path, URL or first argument. */
export function summarizeToolArguments(args: unknown): string {
  if (typeof args === 'string') return clip(args, 160);
  if (typeof args !== 'object' || args === null) return '';
  const record = args as Record<string, unknown>;
  for (const key of ['command', 'path', 'url', 'pattern', 'query', 'description']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return clip(value.trim().replace(/\s+/g, ' '), 160);
  }
  return '';
}

export type FoldResult = { changed: HistoryItem[]; delta?: { id: string; text: string } };

type ToolItem = Extract<HistoryItem, { kind: 'tool' }>;
/** What the user decided for a tool's permission request (from `permission.completed`). */
type Decision = 'allowedForSession' | 'denied';

function decisionOf(resultKind: string): Decision | undefined {
  if (resultKind === 'approved-for-session') return 'allowedForSession';
  if (resultKind === 'denied-interactively-by-user') return 'denied';
  return undefined;
}

export class HistoryFolder {
  private readonly items: HistoryItem[] = [];
  private readonly byId = new Map<string, HistoryItem>();
  /** Input plus output tokens reported by `assistant.usage` so far. */
  tokens = 0;
  /**
   * Premium requests so far: the cost of user-initiated calls, as the runtime counts them (a tool's follow-up call
   * costs nothing). `assistant.usage` is never stored, so a resumed session starts from the totals of its last
   * stored `session.shutdown` (a runtime that was killed wrote none: those totals are lost with it).
   */
  cost = 0;
  /** The session's working directory, from `session.start` / `session.resume`. */
  workingDirectory: string | undefined;
  private readonly decisions = new Map<string, Decision>();

  /** @param stoppedText what an aborted turn says (localized by the caller). */
  constructor(private readonly stoppedText = 'Stopped') {}

  get history(): readonly HistoryItem[] {
    return this.items;
  }

  get(id: string): HistoryItem | undefined {
    return this.byId.get(id);
  }

  private put(item: HistoryItem): HistoryItem {
    const existing = this.byId.get(item.id);
    if (existing) {
      // Searched from the end: the item that changes is nearly always the newest (a streaming reply).
      this.items[this.items.lastIndexOf(existing)] = item;
    } else {
      this.items.push(item);
    }
    this.byId.set(item.id, item);
    return item;
  }

  /** Adds an item that does not come from the runtime (e.g. a local error before any event). */
  add(item: HistoryItem): HistoryItem {
    return this.put(item);
  }

  /** Applies one event; returns the items it changed, or for a streamed delta the text to append. */
  apply(event: SessionEvent): FoldResult {
    switch (event.type) {
      case 'user.message':
        return { changed: [this.put({ kind: 'user', id: event.id, text: event.data.content, timestamp: event.timestamp })] };
      case 'assistant.message_delta': {
        if (event.data.parentToolCallId) return { changed: [] };
        const id = event.data.messageId;
        const current = this.byId.get(id);
        if (current?.kind === 'assistant') {
          // A new object, never an edit: items already handed out (queued for the webview) must not change.
          this.put({ ...current, text: current.text + event.data.deltaContent });
          return { changed: [], delta: { id, text: event.data.deltaContent } };
        }
        const created = this.put({ kind: 'assistant', id, text: event.data.deltaContent, timestamp: event.timestamp, streaming: true });
        return { changed: [created] };
      }
      case 'assistant.message': {
        if (event.data.parentToolCallId) return { changed: [] };
        const id = event.data.messageId;
        const content = event.data.content ?? '';
        if (!content.trim()) {
          // A message that only requests tools: drop any empty streaming placeholder.
          const placeholder = this.byId.get(id);
          if (placeholder?.kind === 'assistant' && !placeholder.text.trim()) {
            this.items.splice(this.items.indexOf(placeholder), 1);
            this.byId.delete(id);
          }
          return { changed: [] };
        }
        const previous = this.byId.get(id);
        const timestamp = previous?.timestamp ?? event.timestamp;
        return { changed: [this.put({ kind: 'assistant', id, text: content, timestamp, streaming: false })] };
      }
      case 'tool.execution_start':
        return {
          changed: [
            this.put({
              kind: 'tool',
              id: event.data.toolCallId,
              toolName: event.data.toolName,
              summary: summarizeToolArguments(event.data.arguments),
              status: 'running',
              output: '',
              timestamp: event.timestamp,
            }),
          ],
        };
      case 'tool.execution_complete': {
        const id = event.data.toolCallId;
        const started = this.byId.get(id);
        const output = event.data.success ? (event.data.result?.content ?? '') : (event.data.error?.message ?? '');
        const denied = this.decisions.get(id) === 'denied' || event.data.error?.code === 'denied';
        return {
          changed: [
            this.put({
              kind: 'tool',
              id,
              toolName: started?.kind === 'tool' ? started.toolName : 'tool',
              summary: started?.kind === 'tool' ? started.summary : '',
              status: event.data.success ? 'succeeded' : denied ? 'denied' : 'failed',
              output: clip(output, MAX_TOOL_OUTPUT),
              timestamp: started?.timestamp ?? event.timestamp,
              ...(this.decisions.get(id) === 'allowedForSession' ? { allowedForSession: true } : {}),
            }),
          ],
        };
      }
      case 'permission.completed': {
        const toolCallId = event.data.toolCallId;
        const decision = decisionOf(event.data.result.kind);
        if (!toolCallId || !decision) return { changed: [] };
        this.decisions.set(toolCallId, decision);
        const tool = this.byId.get(toolCallId);
        if (tool?.kind !== 'tool' || decision !== 'allowedForSession') return { changed: [] };
        return { changed: [this.put({ ...tool, allowedForSession: true } satisfies ToolItem)] };
      }
      case 'session.start':
      case 'session.resume':
        this.workingDirectory = event.data.context?.cwd ?? this.workingDirectory;
        return { changed: [] };
      case 'session.shutdown': {
        // Cumulative over the session's whole life (a resumed runtime carries the previous totals on).
        let tokens = 0;
        let cost = 0;
        for (const metric of Object.values(event.data.modelMetrics)) {
          tokens += (metric?.usage.inputTokens ?? 0) + (metric?.usage.outputTokens ?? 0);
          cost += metric?.requests.cost ?? 0;
        }
        this.tokens = tokens;
        this.cost = cost;
        return { changed: [] };
      }
      case 'session.error':
        return { changed: [this.put({ kind: 'error', id: event.id, message: event.data.message, timestamp: event.timestamp })] };
      case 'abort':
        return {
          changed: [
            ...this.finishStreaming(),
            this.put({ kind: 'notice', id: event.id, text: this.stoppedText, timestamp: event.timestamp }),
          ],
        };
      case 'assistant.usage':
        this.tokens += (event.data.inputTokens ?? 0) + (event.data.outputTokens ?? 0);
        if (event.data.initiator === undefined || event.data.initiator === 'user') this.cost += event.data.cost ?? 0;
        return { changed: [] };
      case 'session.idle':
        return { changed: this.finishStreaming() };
      default:
        return { changed: [] };
    }
  }

  /** Marks every still-streaming reply as complete (after an abort, an error or an idle). */
  finishStreaming(): HistoryItem[] {
    const finished: HistoryItem[] = [];
    for (const item of this.items) {
      if (item.kind === 'assistant' && item.streaming) {
        const done = { ...item, streaming: false };
        this.put(done);
        finished.push(done);
      }
    }
    return finished;
  }

  static fold(events: readonly SessionEvent[], stoppedText?: string): HistoryFolder {
    const folder = new HistoryFolder(stoppedText);
    for (const event of events) folder.apply(event);
    folder.finishStreaming();
    return folder;
  }
}

/** The model a session last used, from its events (for sessions made elsewhere, e.g. by the CLI). */
export function modelFromEvents(events: readonly SessionEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event.type === 'assistant.usage' && event.data.model) return event.data.model;
    if (event.type === 'session.model_change' && event.data.newModel) return event.data.newModel;
    if (event.type === 'session.start' && event.data.selectedModel) return event.data.selectedModel;
  }
  return undefined;
}
