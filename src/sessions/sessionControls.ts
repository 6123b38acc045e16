/**
 * What the user changes about a running conversation: its model (and reasoning effort), going back to before a prompt
 * (Restore to here, with the files when the runtime tracked them), and compacting its history. No `vscode` import:
 * the commands, the panel and the API share these and say the outcome in their own way.
 */
import type { CopilotSession } from '@github/copilot-sdk';
import type { SessionIndex } from '../core/sessionIndex';
import type { Logger } from '../client/sharedClient';
import { errorMessage } from '../client/sharedClient';
import type { LiveSession } from './liveSession';
import { SessionError, type SessionRegistry } from './sessionRegistry';

/** The SDK's effort levels (its type is not exported by name). */
export type ReasoningEffort = NonNullable<NonNullable<Parameters<CopilotSession['setModel']>[1]>['reasoningEffort']>;

export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

export function isReasoningEffort(value: unknown): value is ReasoningEffort {
  return typeof value === 'string' && (REASONING_EFFORTS as readonly string[]).includes(value);
}

export interface ControlTexts {
  busy: (id: string) => string;
  archived: (id: string) => string;
  noSuchTurn: (id: string) => string;
  nothingToCompact: (id: string) => string;
  failed: (what: string, reason: string) => string;
}

/** A file that going back would change, as the runtime's preview lists it. */
export interface RewindFile {
  path: string;
  changeType: 'created' | 'deleted' | 'modified';
  linesAdded: number;
  linesRemoved: number;
}

export interface RewindPlan {
  /** The prompt of the turn going back to; it goes back into the prompt box. */
  prompt: string;
  /** The runtime tracked this session's files, so they can be put back too. */
  canRestoreFiles: boolean;
  files: RewindFile[];
}

export interface RewindOutcome {
  prompt: string;
  restoredFiles: string[];
  /** Files left as they are, because the user changed them since (or they were never captured). */
  skippedFiles: Array<{ path: string; reason: string }>;
}

export class SessionControls {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly index: SessionIndex,
    private readonly log: Logger,
    private readonly texts: ControlTexts,
  ) {}

  /** From the next turn on; recorded by the runtime (`session.model_change`) and kept in the list for later resumes. */
  async setModel(id: string, model: string, reasoningEffort?: ReasoningEffort): Promise<void> {
    const entry = this.index.get(id);
    if (entry?.archived) throw new SessionError('archived', this.texts.archived(id));
    const apply = async (live: LiveSession): Promise<void> => {
      try {
        await live.withSdk((sdk) => sdk.setModel(model, reasoningEffort ? { reasoningEffort } : undefined));
      } catch (error) {
        // The runtime checks the model's own efforts (e.g. "Reasoning effort 'high' is not supported for model …").
        const message = errorMessage(error).replace(/^Request [\w.]+ failed with message: /, '');
        if (/not supported/i.test(message)) throw new SessionError('invalidArgument', message);
        throw error;
      }
      live.model = model;
    };
    const live = this.registry.get(id);
    // Never sent a message and not live: the runtime has nothing stored; the next start uses the list's model.
    if (live || !entry?.empty) await this.registry.borrow(id, apply);
    await this.index.patch(id, { model });
    this.log.info(`Session ${id}: model ${model}${reasoningEffort ? ` (${reasoningEffort})` : ''} from the next turn.`);
  }

  /** The model the runtime really uses for the session (an account without the asked-for one answers with another). */
  async currentModel(live: LiveSession): Promise<{ modelId?: string; reasoningEffort?: string } | undefined> {
    try {
      return await live.withSdk((sdk) => sdk.rpc.model.getCurrent());
    } catch (error) {
      this.log.warn(`Session ${live.id}: could not ask the runtime for its model: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** What going back to before the user message `itemId` would take away (and which files it would put back). */
  async planRewind(id: string, itemId: string): Promise<RewindPlan> {
    return this.registry.borrow(id, async (live) => {
      this.refuseUnlessChangeable(live);
      const prompt = this.promptOf(live, itemId);
      const preview = await live.withSdk((sdk) => sdk.rpc.history.previewRewind({ eventId: itemId }));
      const files: RewindFile[] = preview.available
        ? preview.files.map((f) => ({ path: f.path, changeType: f.changeType, linesAdded: f.linesAdded, linesRemoved: f.linesRemoved }))
        : [];
      return { prompt, canRestoreFiles: preview.available, files };
    });
  }

  /**
   * Takes the conversation back to before the user message `itemId` (the runtime removes it and everything after
   * it from the store), and the files the turns since changed when `withFiles`. Never while a turn runs: the runtime
   * would then truncate the store but not the model's context.
   */
  async rewind(id: string, itemId: string, withFiles: boolean): Promise<RewindOutcome> {
    return this.registry.borrow(id, async (live) => {
      this.refuseUnlessChangeable(live);
      const prompt = this.promptOf(live, itemId);
      const processing = await live.withSdk((sdk) => sdk.rpc.metadata.isProcessing());
      if (processing.processing) throw new SessionError('busy', this.texts.busy(id));
      const mode = withFiles ? 'conversation-and-files' : 'conversation';
      const result = await live.withSdk((sdk) => sdk.rpc.history.rewind({ eventId: itemId, mode }));
      if (result.outcome !== 'success') {
        throw new SessionError('client', this.texts.failed('rewind', result.error ?? result.outcome));
      }
      await live.reload();
      await this.index.patch(id, { lastActive: Date.now() });
      this.log.info(
        `Session ${id}: restored to before ${itemId} (${result.eventsRemoved ?? 0} events, ${result.restoredFiles.length} files).`,
      );
      return { prompt, restoredFiles: result.restoredFiles, skippedFiles: result.skippedFiles };
    });
  }

  /** Summarises the history so far (the runtime's compaction), freeing the model's context. Returns messages removed. */
  async compact(id: string): Promise<number> {
    return this.registry.borrow(id, async (live) => {
      this.refuseUnlessChangeable(live);
      if (!live.history.some((item) => item.kind === 'user')) throw new SessionError('empty', this.texts.nothingToCompact(id));
      const result = await live.withSdk((sdk) => sdk.rpc.history.compact({}));
      if (!result.success) throw new SessionError('client', this.texts.failed('compact', 'the runtime could not summarise the history'));
      this.log.info(`Session ${id}: compacted (${result.messagesRemoved} messages, ${result.tokensRemoved} tokens).`);
      return result.messagesRemoved;
    });
  }

  /** Archived sessions are read-only; a running turn would be cut under the model's feet. */
  private refuseUnlessChangeable(live: LiveSession): void {
    if (this.index.get(live.id)?.archived) throw new SessionError('archived', this.texts.archived(live.id));
    if (live.busy) throw new SessionError('busy', this.texts.busy(live.id));
  }

  private promptOf(live: LiveSession, itemId: string): string {
    const item = live.history.find((candidate) => candidate.id === itemId);
    if (item?.kind !== 'user') throw new SessionError('invalidArgument', this.texts.noSuchTurn(live.id));
    return item.text;
  }
}
