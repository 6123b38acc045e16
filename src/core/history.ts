/**
 * Folds the SDK's session events into the conversation the panel shows. The same folder serves the whole history
 * read with `getEvents()` and the live events of a running turn, so both always look the same.
 */
import type { SessionEvent } from '@github/copilot-sdk';
import type { ContextUsage, HistoryItem } from '../shared/protocol';
import { refsFromStored } from '../shared/attachments';
import { TurnChangesFolder } from './fileChanges';

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

export interface Usage {
  /** Input plus output tokens. */
  tokens: number;
  /** Premium requests. */
  cost: number;
}

/**
 * Adds an event's usage to the totals. `assistant.usage` is not stored (it is only seen live); what the store keeps
 * is each runtime's `session.shutdown`, whose figures are the session's totals so far (they include the earlier
 * shutdowns: checked against the runtime), so it replaces what was counted before it.
 */
export function addUsage(totals: Usage, event: SessionEvent): void {
  if (event.type === 'assistant.usage') {
    totals.tokens += (event.data.inputTokens ?? 0) + (event.data.outputTokens ?? 0);
    // Premium requests count the calls the user started, as the runtime counts them (a tool's follow-up is free).
    if (event.data.initiator === undefined || event.data.initiator === 'user') totals.cost += event.data.cost ?? 0;
  } else if (event.type === 'session.shutdown') {
    const models = Object.values(event.data.modelMetrics ?? {});
    totals.tokens = models.reduce((sum, model) => sum + (model?.usage?.inputTokens ?? 0) + (model?.usage?.outputTokens ?? 0), 0);
    totals.cost = models.reduce((sum, model) => sum + (model?.requests?.cost ?? 0), 0);
  }
}

/** Tokens and cost of a stored session: the same totals HistoryFolder keeps. */
export function usageOf(events: readonly SessionEvent[]): Usage {
  const totals: Usage = { tokens: 0, cost: 0 };
  for (const event of events) addUsage(totals, event);
  return totals;
}

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
  /** Tokens and cost so far: the stored totals of the last `session.shutdown`, plus what was used live since. */
  private readonly usage: Usage = { tokens: 0, cost: 0 };

  get tokens(): number {
    return this.usage.tokens;
  }

  /** Premium requests for Copilot; the provider's units for an own endpoint. */
  get cost(): number {
    return this.usage.cost;
  }
  /**
   * The model that wrote the latest reply (`assistant.message.model`, stored): an account without the session's model
   * is answered by another one without a word, and the runtime's `model.getCurrent` then reports none.
   */
  answeringModel: string | undefined;
  /** How full the model's context is (the latest `session.usage_info`; it is only seen live). */
  contextUsage: ContextUsage | undefined;
  /** The session's working directory, from `session.start` / `session.resume`. */
  workingDirectory: string | undefined;
  private readonly decisions = new Map<string, Decision>();
  /** The tool call each permission request was for (a completed request may not name it). */
  private readonly requestedFor = new Map<string, string>();

  /** The files each turn changed, listed under its reply. */
  private readonly changes = new TurnChangesFolder();

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
    const turnChanges = this.changes.apply(event);
    const result = this.applyItem(event);
    if (!turnChanges) return result;
    const { turnId, files, timestamp } = turnChanges;
    const item = this.put({ kind: 'changes', id: `changes-${turnId}`, turnId, files, timestamp });
    // At a new prompt the list belongs before it (the turn before had no idle); at idle, after the reply.
    if (event.type === 'user.message') {
      const user = this.byId.get(event.id);
      if (user) {
        this.items.splice(this.items.indexOf(item), 1);
        this.items.splice(this.items.indexOf(user), 0, item);
      }
    }
    return { ...result, changed: [...result.changed, item] };
  }

  private applyItem(event: SessionEvent): FoldResult {
    switch (event.type) {
      case 'user.message': {
        const attachments = refsFromStored(event.data.attachments);
        return {
          changed: [
            this.put({
              kind: 'user',
              id: event.id,
              text: event.data.content,
              timestamp: event.timestamp,
              ...(attachments.length ? { attachments } : {}),
            }),
          ],
        };
      }
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
        if (event.data.model) this.answeringModel = event.data.model;
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
        // Denied by the user (the stored permission.completed says so), not refused because nobody could be asked.
        const denied = this.decisions.get(id) === 'denied';
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
      case 'permission.requested': {
        const toolCallId = (event.data.permissionRequest as { toolCallId?: unknown }).toolCallId;
        if (typeof toolCallId === 'string') this.requestedFor.set(event.data.requestId, toolCallId);
        return { changed: [] };
      }
      case 'permission.completed': {
        const toolCallId = event.data.toolCallId ?? this.requestedFor.get(event.data.requestId);
        const decision = decisionOf(event.data.result.kind);
        if (!toolCallId || !decision) return { changed: [] };
        this.decisions.set(toolCallId, decision);
        // Live, the decision can come after the tool's completion: the tool that is already shown is corrected.
        const tool = this.byId.get(toolCallId);
        if (tool?.kind !== 'tool') return { changed: [] };
        if (decision === 'allowedForSession') return { changed: [this.put({ ...tool, allowedForSession: true } satisfies ToolItem)] };
        if (tool.status !== 'failed') return { changed: [] };
        return { changed: [this.put({ ...tool, status: 'denied' } satisfies ToolItem)] };
      }
      case 'session.start':
      case 'session.resume':
        this.workingDirectory = event.data.context?.cwd ?? this.workingDirectory;
        return { changed: [] };
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
      case 'session.shutdown':
        addUsage(this.usage, event);
        return { changed: [] };
      case 'session.idle':
        return { changed: this.finishStreaming() };
      case 'session.model_change': {
        // Until the next reply, the model that answers is the one just chosen.
        this.answeringModel = undefined;
        const effort = event.data.reasoningEffort ? { reasoningEffort: event.data.reasoningEffort } : {};
        const change = { type: 'model' as const, model: event.data.newModel, ...effort };
        return { changed: [this.put({ kind: 'change', id: event.id, change, timestamp: event.timestamp })] };
      }
      case 'session.compaction_complete': {
        if (!event.data.success) return { changed: [] };
        const change = { type: 'compaction' as const, messagesRemoved: event.data.messagesRemoved ?? 0 };
        return { changed: [this.put({ kind: 'change', id: event.id, change, timestamp: event.timestamp })] };
      }
      case 'session.usage_info':
        this.contextUsage = { usedTokens: event.data.currentTokens, limitTokens: event.data.tokenLimit };
        return { changed: [] };
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

/**
 * Where a fork "up to and including" a turn ends: the id of the next turn's own `user.message` event (the runtime's
 * boundary is exclusive), or undefined to take the whole history. `atItemId` is a user item's id (its event id);
 * undefined forks the whole session. Returns null when no such user message exists.
 */
export function forkBoundary(events: readonly SessionEvent[], atItemId: string | undefined): string | undefined | null {
  if (atItemId === undefined) return undefined;
  const users = events.filter((e) => e.type === 'user.message');
  const at = users.findIndex((e) => e.id === atItemId);
  if (at < 0) return null;
  return users[at + 1]?.id;
}
