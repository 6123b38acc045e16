/**
 * Forks: a new session with a session's history up to and including one of its turns (or all of it), on the same
 * model, resumable and its own from then on; the source is left as it is. The runtime copies the stored events.
 * No `vscode` import.
 */
import { forkBoundary } from '../core/history';
import { clampTitle, type IndexEntry, type SessionIndex } from '../core/sessionIndex';
import { errorMessage, type Logger } from '../client/sharedClient';
import type { RegistryTexts } from './registryTexts';
import { SessionError, type SessionRegistry } from './sessionRegistry';
import { readStoredEvents } from './sessionStore';

export class SessionForks {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly index: SessionIndex,
    private readonly log: Logger,
    private readonly texts: RegistryTexts,
  ) {}

  /**
   * A new session with the history up to and including the user message `atItemId` (and its reply), or the whole
   * history: on the same model, resumable, its own from then on. The source is left as it is.
   */
  async fork(id: string, atItemId?: string): Promise<IndexEntry> {
    const source = this.index.get(id);
    if (!source || source.deletedAt !== undefined) throw new SessionError('missing', this.texts.missing(id));
    if (source.empty) throw new SessionError('missing', this.texts.nothingToFork(id));
    const events = await readStoredEvents(id).catch(() => []);
    const boundary = forkBoundary(events, atItemId);
    if (boundary === null) throw new SessionError('missing', this.texts.noSuchMessage(id));
    const client = await this.registry.client();
    // Named after the source's title, or (when the runtime has not titled it yet) its first prompt, never a bare id.
    const first = events.find((e) => e.type === 'user.message');
    const firstPrompt = first?.type === 'user.message' ? first.data.content.trim() : undefined;
    const name = this.texts.forkName(source.title?.trim() || clampTitle(firstPrompt || id));
    let forked: { sessionId: string };
    try {
      forked = await client.rpc.sessions.fork({ sessionId: id, ...(boundary ? { toEventId: boundary } : {}), name });
    } catch (error) {
      throw new SessionError('client', errorMessage(error));
    }
    const now = Date.now();
    const entry: IndexEntry = { id: forked.sessionId, model: source.model, created: now, lastActive: now, title: name, forkedFrom: id };
    await this.index.upsert(entry);
    this.log.info(`Forked ${id}${atItemId ? ` at ${atItemId}` : ''} into ${forked.sessionId}.`);
    return entry;
  }
}
