/**
 * Whose name a session carries. The runtime names a session after its first prompt (and may rename it later); a
 * name the user chose (or the id they typed) wins: the list keeps it, and the runtime is given it back, so that the
 * store and the Copilot CLI agree with the list. No `vscode` import.
 */
import { clampTitle, type SessionIndex } from '../core/sessionIndex';
import { errorMessage, type Logger } from '../client/sharedClient';
import type { LiveSession } from './liveSession';

export class SessionNames {
  /** The last name this window gave each session in the runtime: its title event is then an echo. */
  private readonly given = new Map<string, string>();

  constructor(
    private readonly index: SessionIndex,
    private readonly log: Logger,
    private readonly onIndexWriteFailed: (error: unknown) => void,
  ) {}

  /** The runtime's `session.title_changed`. */
  fromRuntime(live: LiveSession, title: string): void {
    if (this.given.get(live.id) === title) {
      this.given.delete(live.id);
      return;
    }
    const entry = this.index.get(live.id);
    if (!entry?.named) {
      this.index.patch(live.id, { title }).catch((error: unknown) => this.onIndexWriteFailed(error));
    } else if (entry.title && entry.title !== title) {
      this.give(live, entry.title).catch((error: unknown) =>
        this.log.warn(`Session ${live.id}: could not keep its name: ${errorMessage(error)}`),
      );
    }
  }

  /**
   * The list's title for a session that has none yet when the user's prompt `text` comes: the prompt itself, until
   * the runtime names it (its title can take a while, and the id is all the list could show meanwhile).
   */
  untilNamed(id: string, text: string): { title?: string } {
    const entry = this.index.get(id);
    return entry && !entry.title && !entry.named && text.trim() ? { title: clampTitle(text) } : {};
  }

  /** Names the session in the runtime. */
  give(live: LiveSession, name: string): Promise<void> {
    this.given.set(live.id, name);
    // Through the runtime, so the name is the session's own (and the CLI shows it too).
    return live.withSdk((sdk) => sdk.rpc.name.set({ name })).then(() => undefined);
  }
}
