/**
 * What `activate()` returns to other extensions: create, list, open, send, history, delete, and an event when the
 * sessions change. Arguments are checked like the commands' arguments; every rejection is a `SessionsApiError`
 * whose `code` says why (see below) and whose message says what to do.
 */
import * as vscode from 'vscode';
import { parseNewSessionArgs, parseSessionRef } from './core/commandArgs';
import { displayTitle, IndexWriteError, type SessionIndex } from './core/sessionIndex';
import { indexWriteFailedMessage } from './sessions/registryTexts';
import type { SessionTrash } from './sessions/sessionTrash';
import type { SessionForks } from './sessions/sessionForks';
import { isReasoningEffort, REASONING_EFFORTS, type SessionControls } from './sessions/sessionControls';
import type { NeedsYouTracker } from './sessions/needsYou';
import type { SessionPanels } from './panels/sessionPanels';
import { SessionError, type SessionRegistry } from './sessions/sessionRegistry';
import type { HistoryItem, SessionStatus } from './shared/protocol';
import type { ClientState, SharedClient } from './client/sharedClient';
import { settings } from './client/backendSettings';
import { pickerModels } from './core/modelChoice';
import { accountProblemMessage, type GitHubSignIn } from './client/signIn';
import { insideWorkspace, refsFromApi, type ApiAttachment } from './panels/attachments';

export interface SessionInfo {
  sessionId: string;
  title: string;
  model: string;
  created: number;
  lastActive: number;
  pinned: boolean;
  /** Put away into Archived: still listed here and searchable, out of the view's main list, read-only. */
  archived: boolean;
  /** Waiting for a permission, or a reply finished while its panel was not in view (until it is opened). */
  needsYou: 'permission' | 'unread' | undefined;
  status: SessionStatus;
}

export interface CopilotSessionsApi {
  readonly apiVersion: 1;
  /** Creates a session (validated id; refused when it exists) without opening a panel unless `open` is true. */
  create(options: { model: string; sessionId?: string; open?: boolean }): Promise<SessionInfo>;
  /** This workspace's sessions, in the order of the Sessions view (once the stored index is loaded). */
  list(): Promise<SessionInfo[]>;
  /** Opens (or focuses) the session's panel. */
  open(sessionId: string): Promise<void>;
  /**
   * Sends a prompt and resolves with its reply's text; while the session replies, the prompt is queued and runs after
   * the ones before it (as in the panel). Rejects with the reason when the turn fails or the prompt leaves the queue.
   * Attachments (files, folders, selections, Problems inside the workspace) go to the runtime as the SDK's
   * attachments; a bad one sends nothing.
   */
  send(sessionId: string, prompt: string, options?: { attachments?: ApiAttachment[] }): Promise<string>;
  /** The conversation as the panel shows it (read from the session store when the session is not live). */
  history(sessionId: string): Promise<HistoryItem[]>;
  /** Moves the session to Recently deleted (kept for `copilotSessions.recentlyDeletedDays`, then deleted for good). */
  delete(sessionId: string): Promise<void>;
  /** Brings a session back from Recently deleted, resumable with its whole history. */
  restore(sessionId: string): Promise<SessionInfo>;
  /** A new session with the history up to and including the user message `atItemId` (a history item's id), or all of it. */
  fork(sessionId: string, options?: { atItemId?: string }): Promise<SessionInfo>;
  /** Archives the session (or, with `false`, takes it back out). */
  archive(sessionId: string, archived?: boolean): Promise<SessionInfo>;
  /** Switches the model (and reasoning effort) from the next turn on; a reply that runs finishes on the old one. */
  setModel(
    sessionId: string,
    model: string,
    options?: { reasoningEffort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max' },
  ): Promise<SessionInfo>;
  /**
   * Takes the conversation back to before the user message `itemId` (it and everything after it leave the history)
   * and, unless `files` is false, puts back the files the turns since changed (files you changed yourself since are
   * left as they are and listed in `skippedFiles`). Resolves with that message's prompt. Refused (`busy`) while a
   * reply runs.
   */
  rewind(
    sessionId: string,
    itemId: string,
    options?: { files?: boolean },
  ): Promise<{ prompt: string; restoredFiles: string[]; skippedFiles: Array<{ path: string; reason: string }> }>;
  /** Summarises the history so far to free the model's context; resolves with the number of messages summarised. */
  compact(sessionId: string): Promise<number>;
  /** The models the signed-in account (or the own endpoint) offers, the default first; rejects when nobody is signed in. */
  models(): Promise<Array<{ id: string; name: string; isDefault: boolean }>>;
  readonly clientState: ClientState;
  readonly onDidChangeSessions: vscode.Event<void>;
}

/**
 * Why a call was refused or failed, for code to act on; `message` is a sentence for people.
 * - `invalidArgument`: an argument of the wrong shape (no model, unknown fields, …)
 * - `invalidId`: not a valid session id (letters, digits, `.`, `_`, `-`; at most 128; no leading dot)
 * - `duplicate`: a session with that id exists already (in this workspace or in the session store)
 * - `missing`: no such session in this workspace, or its history is gone from the session store (or can no longer
 *   be read there: a damaged events file)
 * - `empty`: the prompt is blank
 * - `busy`: the session is still replying (rewind, compact)
 * - `archived`: the session is archived, so read-only (unarchive it first)
 * - `notSignedIn`: nobody is signed in, GitHub refused the sign-in, or the account has no Copilot
 * - `unavailable`: the Copilot client or runtime could not be reached
 * - `notStored`: this workspace's session list could not be saved (a full disk, a folder that cannot be written);
 *   nothing was changed
 * - `stopped`: the turn was stopped (by the user, or a Stop from code)
 * - `turnFailed`: the turn failed (the model endpoint's error, a stall, the runtime stopping)
 */
export type SessionsApiErrorCode =
  | 'invalidArgument'
  | 'invalidId'
  | 'duplicate'
  | 'missing'
  | 'empty'
  | 'busy'
  | 'archived'
  | 'notSignedIn'
  | 'unavailable'
  | 'notStored'
  | 'stopped'
  | 'turnFailed';

export class SessionsApiError extends Error {
  constructor(
    readonly code: SessionsApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SessionsApiError';
  }
}

const REGISTRY_CODES: Record<SessionError['reason'], SessionsApiErrorCode> = {
  invalidId: 'invalidId',
  duplicate: 'duplicate',
  missing: 'missing',
  unreadable: 'missing',
  noModel: 'invalidArgument',
  client: 'unavailable',
  archived: 'archived',
  busy: 'busy',
  empty: 'empty',
  invalidArgument: 'invalidArgument',
};

/** Every rejection of the API is a SessionsApiError with a code; the registry's own errors are translated. */
async function coded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SessionsApiError) throw error;
    if (error instanceof SessionError) throw new SessionsApiError(REGISTRY_CODES[error.reason], error.message);
    if (error instanceof IndexWriteError) throw new SessionsApiError('notStored', indexWriteFailedMessage(error));
    throw new SessionsApiError(
      'unavailable',
      `Copilot Sessions could not do this: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function requireId(value: unknown): string {
  const parsed = parseSessionRef(value);
  if (!parsed.ok || parsed.value === undefined) {
    throw new SessionsApiError('invalidId', parsed.ok ? 'A session id is required.' : `That is ${parsed.reason}.`);
  }
  return parsed.value;
}

export function createApi(deps: {
  index: SessionIndex;
  registry: SessionRegistry;
  panels: SessionPanels;
  client: SharedClient;
  signIn: GitHubSignIn;
  trash: SessionTrash;
  forks: SessionForks;
  needsYou: NeedsYouTracker;
  controls: SessionControls;
}): CopilotSessionsApi & vscode.Disposable {
  const { index, registry, panels, client, signIn, trash, forks, needsYou, controls } = deps;
  const changes = new vscode.EventEmitter<void>();
  const subscriptions = [index.onDidChange(() => changes.fire()), needsYou.onDidChange(() => changes.fire())];
  const info = (id: string): SessionInfo => {
    const entry = index.get(id);
    if (!entry) throw new SessionsApiError('missing', `There is no session "${id}" in this workspace.`);
    if (entry.deletedAt !== undefined) {
      throw new SessionsApiError('missing', `The session "${id}" is in Recently deleted: restore(id) brings it back.`);
    }
    return {
      sessionId: id,
      title: displayTitle(entry),
      model: entry.model,
      created: entry.created,
      lastActive: entry.lastActive,
      pinned: !!entry.pinned,
      archived: !!entry.archived,
      needsYou: needsYou.get(id),
      status: registry.status(id),
    };
  };
  // Every call waits for the stored index: before it is loaded, "unknown session" and "no sessions" would be wrong.
  const known = async (value: unknown): Promise<string> => {
    await index.whenLoaded;
    return info(requireId(value)).sessionId;
  };
  // send()'s options: only `attachments`, each checked on disk now (outside the workspace is refused: nobody to ask).
  const apiAttachments = async (options: unknown) => {
    if (options === undefined) return undefined;
    const record = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : undefined;
    if (!record || Object.keys(record).some((key) => key !== 'attachments')) {
      throw new SessionsApiError('invalidArgument', 'The options of send() are not valid: only { attachments } is taken.');
    }
    if (record.attachments === undefined) return undefined;
    const refs = refsFromApi(record.attachments);
    if (!refs.ok) throw new SessionsApiError('invalidArgument', `The attachments of send() are not valid: ${refs.message}.`);
    const outside = refs.value.find((ref) => !insideWorkspace(ref.path));
    if (outside)
      throw new SessionsApiError('invalidArgument', `"${outside.path}" is outside this workspace: only workspace files can be attached.`);
    const resolved = await panels.attachments.resolve(refs.value);
    if (!resolved.ok) throw new SessionsApiError('invalidArgument', resolved.message);
    return resolved.value;
  };
  // Other extensions get the reason instead of a failing turn: the sign-in flow is for the user's own actions.
  const requireSignedIn = async () => {
    const problem = await signIn.accountProblem();
    if (problem) throw new SessionsApiError('notSignedIn', accountProblemMessage(problem));
  };
  return {
    apiVersion: 1,
    create: (options) =>
      coded(async () => {
        const parsed = parseNewSessionArgs(options);
        if (!parsed.ok || !parsed.value?.model) {
          throw new SessionsApiError(
            'invalidArgument',
            parsed.ok ? 'A model is required: create({ model }).' : `The options of create() are not valid: ${parsed.reason}.`,
          );
        }
        await index.whenLoaded;
        const live = await registry.create({ model: parsed.value.model, sessionId: parsed.value.sessionId });
        if (parsed.value.open) await panels.show(live.id);
        return info(live.id);
      }),
    list: () =>
      coded(async () => {
        await index.whenLoaded;
        return index.list().map((entry) => info(entry.id));
      }),
    open: (sessionId) => coded(async () => panels.show(await known(sessionId))),
    send: (sessionId, prompt, options) =>
      coded(async () => {
        const id = await known(sessionId);
        if (typeof prompt !== 'string' || !prompt.trim()) throw new SessionsApiError('empty', 'The prompt is empty: send some text.');
        const attachments = await apiAttachments(options);
        await requireSignedIn();
        // A session still live in this window (detached by a client restart) resumes inside its turn, so Stop
        // reaches the turn even while the resume has not come back.
        const live = registry.get(id) ?? (await registry.open(id));
        const result = await live.send(prompt, attachments);
        if (result.ok) return result.reply ?? '';
        if (result.refused === 'busy') {
          throw new SessionsApiError('busy', `The session "${id}" is still replying: wait for its reply (or stop it), then send again.`);
        }
        if (result.refused === 'empty') throw new SessionsApiError('empty', 'The prompt is empty: send some text.');
        if (result.refused === 'removed') throw new SessionsApiError('stopped', result.message);
        if (result.stopped) throw new SessionsApiError('stopped', 'The turn was stopped before it finished.');
        if (registry.isUnreadable(id)) throw new SessionsApiError('missing', result.message);
        throw new SessionsApiError('turnFailed', result.message);
      }),
    history: (sessionId) =>
      coded(async () => {
        return registry.borrow(await known(sessionId), (live) => [...live.history]);
      }),
    delete: (sessionId) =>
      coded(async () => {
        await trash.moveToTrash([await known(sessionId)]);
      }),
    restore: (sessionId) =>
      coded(async () => {
        await index.whenLoaded;
        const id = requireId(sessionId);
        if (index.get(id)?.deletedAt === undefined) {
          throw new SessionsApiError('missing', `There is no session "${id}" in Recently deleted.`);
        }
        await trash.restore([id]);
        return info(id);
      }),
    fork: (sessionId, options = {}) =>
      coded(async () => {
        const id = await known(sessionId);
        const at = (options as { atItemId?: unknown } | undefined)?.atItemId;
        if (at !== undefined && typeof at !== 'string')
          throw new SessionsApiError('invalidArgument', 'fork(id, { atItemId }): atItemId must be a history item id.');
        return info((await forks.fork(id, at)).id);
      }),
    archive: (sessionId, archived = true) =>
      coded(async () => {
        if (typeof archived !== 'boolean')
          throw new SessionsApiError('invalidArgument', 'archive(id, archived): archived must be true or false.');
        const id = await known(sessionId);
        await index.patch(id, { archived });
        return info(id);
      }),
    setModel: (sessionId, model, options = {}) =>
      coded(async () => {
        const id = await known(sessionId);
        if (typeof model !== 'string' || !model.trim())
          throw new SessionsApiError('invalidArgument', 'The model must be a model id, as models() lists them: setModel(id, model).');
        const effort = (options as { reasoningEffort?: unknown } | undefined)?.reasoningEffort;
        if (effort !== undefined && !isReasoningEffort(effort))
          throw new SessionsApiError(
            'invalidArgument',
            `The reasoning effort must be one of ${REASONING_EFFORTS.join(', ')}: setModel(id, model, { reasoningEffort }).`,
          );
        await controls.setModel(id, model.trim(), effort);
        return info(id);
      }),
    rewind: (sessionId, itemId, options = {}) =>
      coded(async () => {
        const id = await known(sessionId);
        if (typeof itemId !== 'string' || !itemId)
          throw new SessionsApiError(
            'invalidArgument',
            "The message to go back to must be a user message's history item id: rewind(id, itemId).",
          );
        const files = (options as { files?: unknown } | undefined)?.files;
        if (files !== undefined && typeof files !== 'boolean')
          throw new SessionsApiError('invalidArgument', 'The files option must be true or false: rewind(id, itemId, { files }).');
        const plan = await controls.planRewind(id, itemId);
        return controls.rewind(id, itemId, files !== false && plan.canRestoreFiles);
      }),
    compact: (sessionId) => coded(async () => controls.compact(await known(sessionId))),
    models: () =>
      coded(async () => {
        await requireSignedIn();
        return pickerModels(await client.listModels(), settings().defaultModel);
      }),
    get clientState() {
      return client.state;
    },
    onDidChangeSessions: changes.event,
    dispose() {
      for (const subscription of subscriptions) subscription.dispose();
      changes.dispose();
    },
  };
}
