/**
 * What `activate()` returns to other extensions: create, list, open, send, history, delete, and an event when the
 * sessions change. Arguments are checked like the commands' arguments.
 */
import * as vscode from 'vscode';
import { parseNewSessionArgs, parseSessionRef } from './core/commandArgs';
import { displayTitle, type SessionIndex } from './core/sessionIndex';
import type { SessionPanels } from './panels/sessionPanels';
import { SessionError, type SessionRegistry } from './sessions/sessionRegistry';
import type { HistoryItem, SessionStatus } from './shared/protocol';
import type { ClientState, SharedClient } from './client/sharedClient';
import { settings } from './client/backendSettings';
import { pickerModels } from './core/modelChoice';
import { accountProblemMessage, type GitHubSignIn } from './client/signIn';

export interface SessionInfo {
  sessionId: string;
  title: string;
  model: string;
  created: number;
  lastActive: number;
  pinned: boolean;
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
  /** Sends a prompt and resolves with the reply's text; rejects with the reason when the turn fails. */
  send(sessionId: string, prompt: string): Promise<string>;
  /** The conversation as the panel shows it (read from the session store when the session is not live). */
  history(sessionId: string): Promise<HistoryItem[]>;
  delete(sessionId: string): Promise<void>;
  /** The models the signed-in account (or the own endpoint) offers, the default first; rejects when nobody is signed in. */
  models(): Promise<Array<{ id: string; name: string; isDefault: boolean }>>;
  readonly clientState: ClientState;
  readonly onDidChangeSessions: vscode.Event<void>;
}

function requireId(value: unknown): string {
  const parsed = parseSessionRef(value);
  if (!parsed.ok || parsed.value === undefined)
    throw new SessionError('invalidId', parsed.ok ? 'A session id is required.' : parsed.reason);
  return parsed.value;
}

export function createApi(deps: {
  index: SessionIndex;
  registry: SessionRegistry;
  panels: SessionPanels;
  client: SharedClient;
  signIn: GitHubSignIn;
}): CopilotSessionsApi & vscode.Disposable {
  const { index, registry, panels, client, signIn } = deps;
  const changes = new vscode.EventEmitter<void>();
  const subscription = index.onDidChange(() => changes.fire());
  const info = (id: string): SessionInfo => {
    const entry = index.get(id);
    if (!entry) throw new SessionError('missing', `There is no session "${id}" in this workspace.`);
    return {
      sessionId: id,
      title: displayTitle(entry),
      model: entry.model,
      created: entry.created,
      lastActive: entry.lastActive,
      pinned: !!entry.pinned,
      status: registry.status(id),
    };
  };
  // Every call waits for the stored index: before it is loaded, "unknown session" and "no sessions" would be wrong.
  const known = async (value: unknown): Promise<string> => {
    await index.whenLoaded;
    return info(requireId(value)).sessionId;
  };
  // Other extensions get the reason instead of a failing turn: the sign-in flow is for the user's own actions.
  const requireSignedIn = async () => {
    const problem = await signIn.accountProblem();
    if (problem) throw new Error(accountProblemMessage(problem));
  };
  return {
    apiVersion: 1,
    async create(options) {
      const parsed = parseNewSessionArgs(options);
      if (!parsed.ok || !parsed.value?.model) throw new SessionError('invalidId', parsed.ok ? 'A model is required.' : parsed.reason);
      await index.whenLoaded;
      const live = await registry.create({ model: parsed.value.model, sessionId: parsed.value.sessionId });
      if (parsed.value.open) await panels.show(live.id);
      return info(live.id);
    },
    async list() {
      await index.whenLoaded;
      return index.list().map((entry) => info(entry.id));
    },
    async open(sessionId) {
      await panels.show(await known(sessionId));
    },
    async send(sessionId, prompt) {
      const id = await known(sessionId);
      if (typeof prompt !== 'string' || !prompt.trim()) throw new Error('The prompt is empty.');
      await requireSignedIn();
      const live = await registry.open(id);
      const result = await live.send(prompt);
      if (!result.ok) throw new Error(result.message);
      return result.reply ?? '';
    },
    async history(sessionId) {
      const live = await registry.open(await known(sessionId));
      return [...live.history];
    },
    async delete(sessionId) {
      const id = await known(sessionId);
      const failures = await registry.delete([id]);
      if (failures.length) throw new Error(failures[0].message);
    },
    async models() {
      await requireSignedIn();
      return pickerModels(await client.listModels(), settings().defaultModel);
    },
    get clientState() {
      return client.state;
    },
    onDidChangeSessions: changes.event,
    dispose() {
      subscription.dispose();
      changes.dispose();
    },
  };
}
