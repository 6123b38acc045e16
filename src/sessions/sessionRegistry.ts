/**
 * The session registry: exactly one live SDK session per id in this window (resuming a live session would double
 * its events), created or resumed on demand through the shared client, and entered in the workspace index.
 */
import type { CopilotClient, CopilotSession, SessionConfig, SessionEvent } from '@github/copilot-sdk';
import { randomUUID } from 'node:crypto';
import { Emitter } from '../core/emitter';
import { modelFromEvents } from '../core/history';
import { sessionIdProblem } from '../core/sessionId';
import type { IndexEntry, SessionIndex } from '../core/sessionIndex';
import { LiveSession, type LiveSessionUpdate } from './liveSession';
import { SessionNames } from './sessionNames';
import type { SessionStatus } from '../shared/protocol';
import { SessionError } from './sessionError';
import type { QueueStore } from './queuedPrompts';
import type { RegistryTexts } from './registryTexts';

export { SessionError };
import { errorMessage, isConnectionLost, type Logger, type SharedClient } from '../client/sharedClient';

export interface RegistryOptions {
  client: SharedClient;
  index: SessionIndex;
  log: Logger;
  /** The workspace folder sessions run in (also how the CLI and `listSessions` find them). */
  workingDirectory: string | undefined;
  autoApprove: () => boolean;
  stallTimeoutMs: () => number;
  /** Where each session's queued prompts are kept across reloads (the workspace's state). */
  queues?: QueueStore;
  /** A change the index could not store outside a command (a title from the runtime, the time of a turn). */
  onIndexWriteFailed: (error: unknown) => void;
  texts: RegistryTexts;
}

export interface OutsideSession {
  sessionId: string;
  summary?: string;
  created: number;
  modified: number;
}

export interface CreateOptions {
  model: string;
  sessionId?: string;
  /** The comparison that makes this session (Compare Models). */
  comparison?: string;
}

export class SessionRegistry {
  private readonly live = new Map<string, LiveSession>();
  private readonly opening = new Map<string, Promise<LiveSession>>();
  /** Sessions being disconnected (close()): opening one again waits for it. */
  private readonly closing = new Map<string, Promise<void>>();
  private readonly statusChanges = new Emitter<{ id: string; status: SessionStatus }>();
  readonly onDidChangeStatus = this.statusChanges.event;
  private readonly sessionUpdates = new Emitter<{ id: string; update: LiveSessionUpdate }>();
  /** Every update of every live session (search indexing, usage). */
  readonly onDidUpdateSession = this.sessionUpdates.event;
  private readonly missing = new Set<string>();
  /** How many borrow() calls use each session right now. */
  private readonly borrowers = new Map<string, number>();
  /** Sessions whose events file the runtime could not read (damaged): never resumed, so never written to. */
  private readonly unreadable = new Set<string>();
  private readonly removals = new Emitter<readonly string[]>();
  /** Sessions about to leave the list (deleted, or removed as missing): their panels close first. */
  readonly onWillRemove = this.removals.event;

  private readonly names: SessionNames;

  constructor(private readonly options: RegistryOptions) {
    this.names = new SessionNames(options.index, options.log, options.onIndexWriteFailed);
    options.client.onDidRestart(() => {
      for (const session of this.live.values()) session.detach(options.texts.runtimeGone);
    });
  }

  get(id: string): LiveSession | undefined {
    return this.live.get(id);
  }

  liveSessions(): LiveSession[] {
    return [...this.live.values()];
  }

  status(id: string): SessionStatus {
    if (this.missing.has(id)) return 'missing';
    if (this.unreadable.has(id)) return 'error';
    return this.live.get(id)?.status ?? 'idle';
  }

  busyCount(): number {
    let busy = 0;
    for (const session of this.live.values()) if (session.busy) busy++;
    return busy;
  }

  isMissing(id: string): boolean {
    return this.missing.has(id);
  }

  isUnreadable(id: string): boolean {
    return this.unreadable.has(id);
  }

  /** Replaces the set of ids the store no longer has (found by comparing the index with `listSessions`). */
  setMissing(ids: Iterable<string>): void {
    const next = new Set(ids);
    const changed = [...new Set([...next, ...this.missing])].filter((id) => next.has(id) !== this.missing.has(id));
    this.missing.clear();
    for (const id of next) this.missing.add(id);
    for (const id of changed) this.statusChanges.fire({ id, status: this.status(id) });
  }

  private sessionConfig(live: LiveSession): SessionConfig {
    const provider = this.options.client.provider;
    return {
      model: live.model,
      streaming: true,
      // Restore to here can then put the files back too (the runtime tracks them only from a session's creation).
      enableFileChangeTracking: true,
      workingDirectory: this.options.workingDirectory,
      onEvent: live.handleEvent,
      onPermissionRequest: live.handlePermission,
      ...(provider ? { provider } : {}),
    };
  }

  private newLive(id: string, model: string): LiveSession {
    const live = new LiveSession(id, model, {
      log: this.options.log,
      autoApprove: this.options.autoApprove,
      // Through open(), so a send, an export and a panel that all need the session after a restart resume it once.
      reattach: async (session) => {
        if (this.live.get(session.id) === session) await this.open(session.id);
        else await this.resumeInto(session);
      },
      runtimeAlive: () => this.options.client.alive(),
      onRuntimeLost: (reason) => this.options.client.markLost(reason),
      stoppedText: this.options.texts.stopped,
      removedText: this.options.texts.removedFromQueue,
      queueKeptText: this.options.texts.queueKept,
      savedQueue: this.options.queues?.load(id),
      saveQueue: (prompts) => this.options.queues?.save(id, prompts),
      runtimeGoneText: this.options.texts.runtimeGone,
      stallTimeoutMs: this.options.stallTimeoutMs,
      stalledText: this.options.texts.stalled,
    });
    live.onDidUpdate((update) => {
      this.sessionUpdates.fire({ id, update });
      if (update.kind === 'status') this.statusChanges.fire({ id, status: update.status });
      if (update.kind === 'title') this.names.fromRuntime(live, update.title);
      const prompt = update.kind === 'items' ? update.items.find((item) => item.kind === 'user') : undefined;
      if (prompt?.kind === 'user') {
        this.options.index
          .patch(id, { lastActive: Date.now(), empty: false, ...this.names.untilNamed(id, prompt.text) })
          .catch((error: unknown) => this.options.onIndexWriteFailed(error));
      }
    });
    return live;
  }

  /** The shared client once it runs; a SessionError('client') with the reason when it cannot. */
  async client(): Promise<CopilotClient> {
    try {
      return await this.options.client.ready();
    } catch (error) {
      throw new SessionError('client', errorMessage(error));
    }
  }

  /** True when the id is in the index or in the runtime's store (where the SDK would silently join or append). */
  async exists(id: string): Promise<boolean> {
    if (this.options.index.has(id) || this.live.has(id)) return true;
    const client = await this.client();
    return (await client.getSessionMetadata(id)) !== undefined;
  }

  async create({ model, sessionId, comparison }: CreateOptions): Promise<LiveSession> {
    if (!model) throw new SessionError('noModel', 'No model was chosen.');
    if (sessionId !== undefined) {
      const problem = sessionIdProblem(sessionId);
      if (problem) throw new SessionError('invalidId', this.options.texts.invalidId(problem), problem);
      if (this.opening.has(sessionId) || (await this.exists(sessionId))) {
        throw new SessionError('duplicate', this.options.texts.duplicate(sessionId));
      }
    }
    const client = await this.client();
    // Generated ids are chosen here, so the LiveSession exists before the RPC and receives every event.
    const id = sessionId ?? randomUUID();
    const live = this.newLive(id, model);
    this.opening.set(id, Promise.resolve(live));
    try {
      const sdk = await client.createSession({ ...this.sessionConfig(live), sessionId: id });
      live.attach(sdk);
    } catch (error) {
      live.dispose();
      if (isConnectionLost(error)) this.options.client.markLost(errorMessage(error));
      throw new SessionError('client', errorMessage(error));
    } finally {
      this.opening.delete(id);
    }
    this.live.set(id, live);
    const now = Date.now();
    try {
      // An id the user typed is the name they gave it: it stays in the view, the tab and the header (and the runtime
      // is told, so the CLI shows it too) instead of the title the runtime makes from the first prompt.
      const named = sessionId !== undefined ? { title: sessionId, named: true } : {};
      await this.options.index.upsert({ id, model, created: now, lastActive: now, empty: true, comparison, ...named });
    } catch (error) {
      // Not in the list means not live either: a session nobody can see must not linger in the runtime.
      await this.close(id);
      throw error;
    }
    this.options.log.info(`Created session ${id} (${model}).`);
    return live;
  }

  /** The live session for an id, resuming it from the store if it is not live. One resume at a time per id. */
  open(id: string): Promise<LiveSession> {
    const existing = this.live.get(id);
    if (existing?.attached) return Promise.resolve(existing);
    let pending = this.opening.get(id);
    if (!pending) {
      // A session whose runtime was restarted keeps its LiveSession (and panel) and is resumed into it.
      const start = () => (existing ? this.resumeInto(existing).then(() => existing) : this.resume(id));
      // Closed a moment ago (its panel closed and opened again): one live SDK session per id, so it is resumed once
      // the runtime has let go of it (resumed meanwhile, the runtime then dropped it: "Session not found").
      const closing = this.closing.get(id);
      const opened = closing ? closing.then(start, start) : start();
      pending = opened.finally(() => this.opening.delete(id));
      this.opening.set(id, pending);
    }
    return pending;
  }

  private async resume(id: string): Promise<LiveSession> {
    const entry: IndexEntry | undefined = this.options.index.get(id);
    const live = this.newLive(id, entry?.model ?? '');
    try {
      await this.resumeInto(live);
    } catch (error) {
      live.dispose();
      throw error;
    }
    this.live.set(id, live);
    return live;
  }

  /** Resumes the SDK session of `live` (first open, or after the runtime was restarted) and reloads its history. */
  private async resumeInto(live: LiveSession): Promise<CopilotSession> {
    const client = await this.client();
    const config = this.sessionConfig(live);
    let sdk: CopilotSession;
    try {
      sdk = await client.resumeSession(live.id, { ...config, model: live.model || undefined });
    } catch (error) {
      const message = errorMessage(error);
      if (isConnectionLost(error)) {
        this.options.client.markLost(message);
        throw new SessionError('client', this.options.texts.runtimeGoneWhileOpening);
      }
      // The runtime refuses a session whose events file has a line it cannot parse (only a cut last line is
      // dropped): say so, and leave the file as it is.
      if (/Failed to read JSONL|Invalid event at line/i.test(message)) {
        this.options.log.warn(`Session ${live.id}: ${message}`);
        if (!this.unreadable.has(live.id)) {
          this.unreadable.add(live.id);
          this.statusChanges.fire({ id: live.id, status: this.status(live.id) });
        }
        throw new SessionError('unreadable', this.options.texts.unreadable(live.id));
      }
      if (!/not found/i.test(message)) throw new SessionError('client', message);
      if (!this.options.index.get(live.id)?.empty) {
        this.setMissing([...this.missing, live.id]);
        throw new SessionError('missing', this.options.texts.missing(live.id));
      }
      // Never sent a message, so the runtime never stored it: start it again under the same id.
      sdk = await client.createSession({ ...config, sessionId: live.id }).catch((e: unknown) => {
        throw new SessionError('client', errorMessage(e));
      });
      live.attach(sdk, []);
      return sdk;
    }
    const events = await sdk.getEvents();
    if (this.unreadable.delete(live.id)) this.statusChanges.fire({ id: live.id, status: this.status(live.id) });
    live.attach(sdk, events);
    this.options.log.info(`Resumed session ${live.id} (${events.length} events).`);
    return sdk;
  }

  /** Disconnects a live session; its data stays on disk. */
  async close(id: string): Promise<void> {
    const live = this.live.get(id);
    if (!live) return this.closing.get(id);
    this.live.delete(id);
    const closed = live.disconnect().finally(() => {
      if (this.closing.get(id) === closed) this.closing.delete(id);
      live.dispose();
      this.statusChanges.fire({ id, status: this.status(id) });
    });
    this.closing.set(id, closed);
    await closed;
  }

  /** Takes sessions out of this window before they leave the list: their panels close first, then their runtime. */
  async release(ids: readonly string[]): Promise<void> {
    this.removals.fire(ids);
    for (const id of ids) await this.close(id);
    for (const id of ids) this.options.queues?.save(id, []);
  }

  /** Forgets that these sessions are missing (they left the list). */
  forgetMissing(ids: readonly string[]): void {
    this.setMissing([...this.missing].filter((id) => !ids.includes(id)));
  }

  /** The session's raw events (for JSON export), read through the live session. */
  async events(id: string): Promise<SessionEvent[]> {
    return this.borrow(id, (live) => live.withSdk((sdk) => sdk.getEvents()));
  }

  /**
   * Uses a session for a moment (export, copy, rename, history for the API): it is resumed if needed and let go
   * afterwards unless something else holds it by then (a panel, a turn, another user), so that what was only read
   * does not stay live in the runtime.
   */
  async borrow<T>(id: string, use: (live: LiveSession) => T | Promise<T>): Promise<T> {
    // Held already: live in the runtime, or being opened by someone else (a detached session after a restart is not).
    const heldBefore = !!this.live.get(id)?.attached || this.opening.has(id);
    const live = await this.open(id);
    this.borrowers.set(id, (this.borrowers.get(id) ?? 0) + 1);
    try {
      return await use(live);
    } finally {
      const left = (this.borrowers.get(id) ?? 1) - 1;
      if (left) this.borrowers.set(id, left);
      else this.borrowers.delete(id);
      if (!heldBefore && !left && !live.viewed && !live.busy && this.live.get(id) === live) await this.close(id);
    }
  }

  /** Renames the session: in the runtime first (so the store and the CLI agree), then in the list, as the user's own. */
  async rename(id: string, name: string): Promise<void> {
    const entry = this.options.index.get(id);
    if (!entry?.empty) await this.borrow(id, (live) => this.names.give(live, name));
    // A session never sent a message is not in the store yet: the list is the only place its name can live.
    await this.options.index.patch(id, { title: name, named: true });
  }

  /** Sessions the store has for this workspace folder that the index does not list (made by the CLI, another window). */
  async listOutside(): Promise<OutsideSession[]> {
    if (!this.options.workingDirectory) return [];
    const client = await this.client();
    const stored = await client.listSessions({ workingDirectory: this.options.workingDirectory });
    return stored
      .filter((s) => !this.options.index.has(s.sessionId) && !this.live.has(s.sessionId))
      .map((s) => ({ sessionId: s.sessionId, summary: s.summary, modified: s.modifiedTime.getTime(), created: s.startTime.getTime() }))
      .sort((a, b) => b.modified - a.modified);
  }

  /** Adds a session of the store (made elsewhere) to this workspace's list; it behaves like the rest afterwards. */
  async import(id: string): Promise<LiveSession> {
    if (this.options.index.has(id)) return this.open(id);
    const client = await this.client();
    const metadata = await client.getSessionMetadata(id);
    if (!metadata) throw new SessionError('missing', this.options.texts.missing(id));
    const live = this.newLive(id, '');
    await this.resumeInto(live);
    const model = modelFromEvents(await live.withSdk((sdk) => sdk.getEvents())) ?? 'auto';
    this.live.set(id, live);
    await this.options.index.upsert({
      id,
      model,
      created: metadata.startTime.getTime(),
      lastActive: metadata.modifiedTime.getTime(),
      title: metadata.summary,
    });
    this.options.log.info(`Imported session ${id} (${model}).`);
    return live;
  }

  /** Compares the index with the store; returns the ids the store no longer has. */
  async refreshMissing(): Promise<string[]> {
    const client = await this.client();
    const stored = new Set((await client.listSessions()).map((s) => s.sessionId));
    const missing = this.options.index
      .list()
      .map((entry) => entry.id)
      .filter((id) => !stored.has(id) && !this.live.get(id)?.attached && !this.options.index.get(id)?.empty);
    this.setMissing(missing);
    return missing;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.live.keys()].map((id) => this.close(id)));
  }

  dispose(): void {
    this.statusChanges.dispose();
    this.sessionUpdates.dispose();
    this.removals.dispose();
  }
}
