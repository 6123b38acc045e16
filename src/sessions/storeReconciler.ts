/**
 * Keeps this window's list in step with the session store and with other windows on the same workspace: sessions
 * another window created or deleted (when the client is ready, when the window gets the focus back, on Refresh),
 * entries whose history the store no longer has ("missing"), and the store's sessions of this folder that the list
 * lacks (the "Not in this workspace's list" group); and empties what expired in Recently deleted.
 */
import * as vscode from 'vscode';
import type { SharedClient } from '../client/sharedClient';
import { expiredDeleted } from '../core/retention';
import type { SessionIndex } from '../core/sessionIndex';
import type { IndexSync } from './indexSync';
import type { OutsideSession, SessionRegistry } from './sessionRegistry';
import type { SessionTrash } from './sessionTrash';

export class StoreReconciler implements vscode.Disposable {
  private readonly outsideChanges = new vscode.EventEmitter<OutsideSession[]>();
  /** The store's sessions of this folder that the list lacks, each time they were listed again. */
  readonly onDidChangeOutside = this.outsideChanges.event;
  private readonly disposables: vscode.Disposable[] = [this.outsideChanges];

  constructor(
    private readonly index: SessionIndex,
    private readonly sync: IndexSync | undefined,
    private readonly registry: SessionRegistry,
    private readonly trash: SessionTrash,
    client: SharedClient,
    private readonly log: vscode.LogOutputChannel,
    /** Days a session stays in Recently deleted before it is deleted for good. */
    private readonly retentionDays: () => number,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && client.state.kind === 'ready') void this.reconcile().catch((error: unknown) => this.warn('Index', error));
      }),
      client.onDidChangeState((state) => {
        // Once the runtime answers, mark sessions the store no longer has; off the activation path.
        if (state.kind === 'ready') void this.refresh({ quiet: true });
      }),
    );
  }

  /** Takes over what other windows created, changed or deleted; the store is asked only about entries whose file is gone. */
  async reconcile(): Promise<void> {
    await this.index.whenLoaded;
    await this.sync?.reconcile((ids) => this.inStore(ids));
  }

  /** Everything: other windows, missing entries, and the folder's sessions outside the list. */
  async refresh({ quiet = false } = {}): Promise<void> {
    const step = async (what: string, run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        if (!quiet) throw error;
        this.warn(what, error);
      }
    };
    await step('Index', () => this.reconcile());
    await step('Could not empty the expired part of Recently deleted', () => this.purgeExpired());
    await step('Could not compare the index with the store', () => this.registry.refreshMissing());
    await step("Could not list this folder's other sessions", async () => {
      await this.index.whenLoaded;
      this.outsideChanges.fire(await this.registry.listOutside());
    });
  }

  /** Which of these ids the runtime's store still has: one call per id, or one listing when there are many. */
  async inStore(ids: readonly string[]): Promise<Set<string>> {
    const client = await this.registry.client();
    if (ids.length > 20) {
      const stored = new Set((await client.listSessions()).map((s) => s.sessionId));
      return new Set(ids.filter((id) => stored.has(id)));
    }
    const found = new Set<string>();
    for (const id of ids) if ((await client.getSessionMetadata(id)) !== undefined) found.add(id);
    return found;
  }

  /** Deletes for good what has been in Recently deleted for longer than the retention period. */
  async purgeExpired(now = Date.now()): Promise<string[]> {
    await this.index.whenLoaded;
    const expired = expiredDeleted(this.index.deleted(), this.retentionDays(), now).map((entry) => entry.id);
    if (expired.length === 0) return [];
    const failures = await this.trash.deletePermanently(expired);
    for (const failure of failures) this.log.warn(`Could not purge ${failure.id} from Recently deleted: ${failure.message}`);
    return expired.filter((id) => !failures.some((f) => f.id === id));
  }

  /** After an import: the imported session left the outside group. */
  async refreshOutside(): Promise<void> {
    this.outsideChanges.fire(await this.registry.listOutside());
  }

  private warn(what: string, error: unknown): void {
    this.log.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
