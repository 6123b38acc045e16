/**
 * Recently deleted: every delete (one, several, by age, the API) moves sessions there, out of the list with their
 * history kept in the store, until they are restored or deleted for good (by the user, or when the retention period
 * is over). Also what cleanup by age needs to know of the store: its own last modification, and sizes.
 * No `vscode` import.
 */
import type { SessionIndex } from '../core/sessionIndex';
import { errorMessage, type Logger } from '../client/sharedClient';
import type { SessionRegistry } from './sessionRegistry';

export class SessionTrash {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly index: SessionIndex,
    private readonly log: Logger,
  ) {}

  /** Out of the list, panels closed, history kept. */
  async moveToTrash(ids: readonly string[], now = Date.now()): Promise<void> {
    await this.registry.release(ids);
    for (const id of ids) await this.index.patch(id, { deletedAt: now });
    this.registry.forgetMissing(ids);
    this.log.info(`Moved ${ids.length} session(s) to Recently deleted.`);
  }

  /** Back in the list, resumable with their whole history. */
  async restore(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.index.patch(id, { deletedAt: undefined });
    this.log.info(`Restored ${ids.length} session(s) from Recently deleted.`);
  }

  /** Removes sessions from the runtime's store and from the index, for good. Returns the ids that failed, with why. */
  async deletePermanently(ids: readonly string[]): Promise<Array<{ id: string; message: string }>> {
    const failures: Array<{ id: string; message: string }> = [];
    await this.registry.release(ids);
    const client = await this.registry.client();
    const deleted: string[] = [];
    for (const id of ids) {
      try {
        if ((await client.getSessionMetadata(id)) !== undefined) await client.deleteSession(id);
        deleted.push(id);
      } catch (error) {
        failures.push({ id, message: errorMessage(error) });
      }
    }
    await this.index.remove(deleted);
    this.registry.forgetMissing(deleted);
    this.log.info(`Deleted ${deleted.length} session(s) permanently.`);
    return failures;
  }

  /** Forgets index entries whose data is gone from the store (nothing on disk to delete). */
  async removeMissing(ids: readonly string[]): Promise<void> {
    await this.registry.release(ids);
    await this.index.remove(ids);
    this.registry.forgetMissing(ids);
  }

  /** What these sessions take in the store, in bytes (0 when the runtime cannot say). */
  async storedBytes(ids: readonly string[]): Promise<number> {
    const client = await this.registry.client();
    try {
      const { sizes } = await client.rpc.sessions.getSizes();
      return ids.reduce((sum, id) => sum + (sizes[id] ?? 0), 0);
    } catch (error) {
      this.log.warn(`Could not read session sizes: ${errorMessage(error)}`);
      return 0;
    }
  }

  /** The store's last modification of every session it has (epoch ms): what age means for cleanup. */
  async storeModified(): Promise<Map<string, number>> {
    const client = await this.registry.client();
    return new Map((await client.listSessions()).map((s) => [s.sessionId, s.modifiedTime.getTime()]));
  }
}
