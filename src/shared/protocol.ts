/**
 * The one protocol between a session panel's webview and the extension host. Both sides import these types;
 * the host checks every incoming message with `parseWebviewMessage` because the webview is an untrusted surface.
 * No `vscode` import here: the webview bundle and plain-Node unit tests use this file too.
 */
import { isAbsolutePath, parseAttachmentRefs, type AttachmentChip, type AttachmentRef } from './attachments';
import type { ChangedFile } from '../core/fileChanges';

/** What a session is doing, as shown in the view's icon and the panel's header. */
export type SessionStatus = 'idle' | 'busy' | 'waiting' | 'error' | 'missing';

/** One entry of a conversation as the panel shows it, folded from the SDK's session events. */
export type HistoryItem =
  | { kind: 'user'; id: string; text: string; timestamp: string; attachments?: AttachmentRef[] }
  | { kind: 'assistant'; id: string; text: string; timestamp: string; streaming: boolean }
  | {
      kind: 'tool';
      id: string;
      toolName: string;
      summary: string;
      /** `denied`: the user said no to its permission request (not a failure of the tool). */
      status: 'running' | 'succeeded' | 'failed' | 'denied';
      output: string;
      timestamp: string;
      /** The user allowed this kind of request for the rest of the session when this tool asked. */
      allowedForSession?: boolean;
    }
  | { kind: 'error'; id: string; message: string; timestamp: string }
  | { kind: 'notice'; id: string; text: string; timestamp: string }
  /** Something about the session changed from here on (the runtime stores these): the model, or a compaction. */
  | { kind: 'change'; id: string; change: SessionChange; timestamp: string }
  /** The files a turn changed, under its reply. `state` comes from the host's snapshots (see FileChangeState). */
  | { kind: 'changes'; id: string; turnId: string; files: ChangedFile[]; timestamp: string; state?: FileChangeState };

/** pending: listed, Undo and Keep offered; untracked: no snapshot (made elsewhere or before), the list only. */
export type FileChangeState = 'pending' | 'kept' | 'undone' | 'untracked';

export type SessionChange = { type: 'model'; model: string; reasoningEffort?: string } | { type: 'compaction'; messagesRemoved: number };

/** A prompt waiting for the running reply to end (the queue is the host's, so it can be edited and kept in order). */
export interface QueuedPrompt {
  id: string;
  prompt: string;
}

/** How full the model's context is, from the runtime's `session.usage_info`. */
export interface ContextUsage {
  usedTokens: number;
  limitTokens: number;
}

export interface SessionHeader {
  sessionId: string;
  title: string;
  model: string;
  /** Tokens reported so far by `assistant.usage` (input + output). */
  tokens?: number;
  /** Premium requests used so far (user-initiated calls' cost, as the runtime counts them). */
  cost?: number;
  reasoningEffort?: string;
  /** The model the runtime says it uses, when that is not the one the session asked for. */
  actualModel?: string;
  context?: ContextUsage;
  /** The session this one was forked from: its id and what the list calls it. */
  forkedFrom?: { sessionId: string; title: string };
}

export interface PermissionPrompt {
  requestId: string;
  /** The runtime's permission kind: shell, write, read, url, mcp, ... */
  kind: string;
  /** What the tool wants to do, in one line (a command, a path, a URL). */
  detail: string;
  /** The session's working directory, where a command runs and relative paths point. */
  cwd?: string;
  /** The runtime lets the user allow requests like this one for the rest of the session. */
  canAllowForSession?: boolean;
}

/** The panel's own UI text, localized by the host (the webview has no access to vscode.l10n). */
export interface PanelStrings {
  send: string;
  stop: string;
  placeholder: string;
  emptyPrompt: string;
  busyRefused: string;
  archivedRefused: string;
  approve: string;
  deny: string;
  allowForSession: string;
  permissionTitle: string;
  permissionCommand: string;
  permissionFile: string;
  permissionUrl: string;
  permissionDetail: string;
  permissionCwd: string;
  copy: string;
  copied: string;
  insertCode: string;
  openCode: string;
  you: string;
  assistant: string;
  tool: string;
  error: string;
  loading: string;
  retry: string;
  olderHidden: string;
  showOlder: string;
  showNewer: string;
  toolRunning: string;
  toolSucceeded: string;
  toolFailed: string;
  toolDenied: string;
  toolAllowedForSession: string;
  statusIdle: string;
  statusBusy: string;
  statusWaiting: string;
  statusError: string;
  statusMissing: string;
  tokens: string;
  /** `{0} premium request` / `{0} premium requests`: the webview picks by Intl.PluralRules ('one' or not). */
  premiumRequestOne: string;
  premiumRequestOther: string;
  queued: string;
  queuedHeld: string;
  queueEdit: string;
  queueSave: string;
  queueCancel: string;
  queueRemove: string;
  queueSendNow: string;
  sendQueue: string;
  forkHere: string;
  rewindHere: string;
  changeModel: string;
  /** `Model: {0}` from here on, `{0}` a model id (with its reasoning effort). */
  modelChanged: string;
  /** `{0}` the model the session asked for, `{1}` the one the runtime uses. */
  actualModel: string;
  reasoningEffort: string;
  /** `Context {0}% full`. */
  context: string;
  compact: string;
  /** `{0}` messages summarised. */
  compacted: string;
  forkedFrom: string;
  attach: string;
  /** `Remove {0}` */
  removeAttachment: string;
  /** `Files changed: {0}` */
  filesChanged: string;
  undo: string;
  keep: string;
  kept: string;
  undone: string;
  /** `{0}: open the changes` */
  openDiff: string;
  fileCreated: string;
  untracked: string;
}

/** What the user can do about a session that is slow to open or did not open (a button in the panel's notice). */
export const NOTICE_ACTIONS = ['retry', 'restartClient', 'showLog'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];
const isNoticeAction = (value: unknown): value is NoticeAction => NOTICE_ACTIONS.some((action) => action === value);

/** A line above the prompt box about the session itself (not one message): what happened, and buttons. */
export interface PanelNotice {
  message: string;
  actions: Array<{ action: NoticeAction; label: string }>;
}

/** Host → webview. */
export type HostMessage =
  /** The whole state: sent when the webview (re)loads. */
  | {
      type: 'init';
      header: SessionHeader;
      status: SessionStatus;
      history: HistoryItem[];
      permissions: PermissionPrompt[];
      strings: PanelStrings;
      /** BCP 47 language tag for dates (vscode.env.language). */
      locale: string;
      /** Text to put back into the composer (a failed prompt kept for retry). */
      draft?: string;
      /** Mark the first render with `performance.mark('history-rendered')`: only when benchmarking. */
      measure?: boolean;
      /** `history` is the newest window of a longer one: where it starts in the whole (older pages on request). */
      historyOffset?: number;
    }
  /** Items added or replaced (matched by id). */
  | { type: 'upsert'; items: HistoryItem[] }
  /** Streamed text appended to assistant messages, batched (at most one message per frame). */
  | { type: 'deltas'; deltas: Array<{ id: string; text: string }> }
  | { type: 'status'; status: SessionStatus }
  | { type: 'header'; header: SessionHeader }
  | { type: 'permission'; prompt: PermissionPrompt }
  | { type: 'permissionResolved'; requestId: string }
  /** A turn failed: show why and put the prompt back into the composer. */
  | { type: 'turnFailed'; message: string; prompt: string; attachments?: AttachmentChip[] }
  /** Chips to add above the prompt box (from the editor, the Explorer, a drop, the Attach button). */
  | { type: 'attach'; chips: AttachmentChip[] }
  /** Scroll to and highlight one item (from search). */
  | { type: 'reveal'; itemId: string }
  /** The prompts waiting for the running reply; `held`: a turn failed or was stopped, so they wait for the user. */
  | { type: 'queue'; items: QueuedPrompt[]; held: boolean }
  /** Text for the prompt box, replacing what is there only when it is empty (e.g. the prompt of a rewound turn). */
  | { type: 'draft'; text: string }
  /**
   * A page of the history (src/core/historyPages.ts): `replace` false, the page just before the oldest item the
   * webview has or just after its newest; true, a window of its own (around a search hit, or the newest again)
   * replacing what it has.
   */
  | { type: 'historyPage'; items: HistoryItem[]; offset: number; total: number; replace: boolean }
  /** The notice about opening the session (none: take it away); handled before 'init' too. */
  | { type: 'notice'; notice?: PanelNotice }
  /** Everything the host had for one frame, in order: at most one message reaches the webview per frame. */
  | { type: 'batch'; messages: HostMessage[] };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; prompt: string; attachments?: AttachmentRef[] }
  /** The Attach button: the host offers what there is to attach. */
  | { type: 'pickAttachment' }
  /** Files dropped on the panel (`text/uri-list` entries); the host checks each before it becomes a chip. */
  | { type: 'dropFiles'; uris: string[] }
  /** A path from the history (an attachment, a `path:line` in a reply; 0-based line): opened only inside the workspace. */
  | { type: 'openFile'; path: string; line?: number }
  /** The changed files of a turn: a file's diff, Undo, Keep. */
  | { type: 'fileChanges'; action: 'diff' | 'undo' | 'keep'; turnId: string; path?: string }
  | { type: 'stop' }
  /** `forSession`: approved for the rest of the session (only offered when the request allows it). */
  | { type: 'permissionAnswer'; requestId: string; approved: boolean; forSession?: boolean }
  | { type: 'openLink'; href: string }
  /** A reply's code block into the text editor the user last worked in, at its cursor. */
  | { type: 'insertCode'; code: string; language?: string }
  /** A reply's code block in a new untitled editor. */
  | { type: 'openCode'; code: string; language?: string }
  | { type: 'queueRemove'; id: string }
  | { type: 'queueEdit'; id: string; prompt: string }
  /** Steer the running turn with a queued prompt (or, when idle, run it at once). */
  | { type: 'queueSendNow'; id: string }
  /** The header's model: the host shows VS Code's picker. */
  | { type: 'pickModel' }
  | { type: 'compact' }
  /** A user message's actions: a new session with the history up to and including it; back to before it. */
  | { type: 'fork'; itemId: string }
  | { type: 'rewind'; itemId: string }
  | { type: 'openSession'; sessionId: string }
  /**
   * The history page before the item `beforeId` (the oldest the webview has), after `afterId` (its newest, when the
   * newer ones are not loaded), or the newest window again.
   */
  | { type: 'loadHistory'; beforeId: string }
  | { type: 'loadHistory'; afterId: string }
  | { type: 'loadHistory'; latest: true }
  /** A button of the notice. */
  | { type: 'noticeAction'; action: NoticeAction };

export const MAX_PROMPT_LENGTH = 1_000_000;
export const MAX_CODE_LENGTH = 1_000_000;
const MAX_ID_LENGTH = 256;
export const MAX_HREF_LENGTH = 8_192;
/** A fence's language label as a model writes it: `ts`, `c++`, `objective-c`, `c#`, `shell-session`. */
const LANGUAGE_LABEL = /^[A-Za-z0-9][\w#+.-]{0,63}$/;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const isShortString = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Checks a message from the webview. Anything else than the exact shapes above is refused with a reason. */
export function parseWebviewMessage(raw: unknown): ParseResult<WebviewMessage> {
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not a message object' };
  const keys = Object.keys(raw);
  const only = (...allowed: string[]) => keys.every((k) => k === 'type' || allowed.includes(k));
  switch (raw.type) {
    case 'ready':
    case 'stop':
    case 'pickModel':
    case 'compact':
      return only() ? { ok: true, value: { type: raw.type } } : { ok: false, reason: `unexpected fields in ${raw.type}` };
    case 'queueRemove':
    case 'queueSendNow':
      if (!only('id') || !isShortString(raw.id, MAX_ID_LENGTH)) return { ok: false, reason: `${raw.type} needs an id` };
      return { ok: true, value: { type: raw.type, id: raw.id } };
    case 'queueEdit':
      if (!only('id', 'prompt') || !isShortString(raw.id, MAX_ID_LENGTH) || typeof raw.prompt !== 'string')
        return { ok: false, reason: 'queueEdit needs an id and a prompt' };
      if (raw.prompt.length > MAX_PROMPT_LENGTH) return { ok: false, reason: 'prompt too large' };
      return { ok: true, value: { type: 'queueEdit', id: raw.id, prompt: raw.prompt } };
    case 'fork':
    case 'rewind':
      if (!only('itemId') || !isShortString(raw.itemId, MAX_ID_LENGTH)) return { ok: false, reason: `${raw.type} needs an itemId` };
      return { ok: true, value: { type: raw.type, itemId: raw.itemId } };
    case 'openSession':
      if (!only('sessionId') || !isShortString(raw.sessionId, MAX_ID_LENGTH)) return { ok: false, reason: 'openSession needs a sessionId' };
      return { ok: true, value: { type: 'openSession', sessionId: raw.sessionId } };
    case 'send': {
      if (!only('prompt', 'attachments') || typeof raw.prompt !== 'string') return { ok: false, reason: 'send needs a prompt string' };
      if (raw.prompt.length > MAX_PROMPT_LENGTH) return { ok: false, reason: 'prompt too large' };
      if (raw.attachments === undefined) return { ok: true, value: { type: 'send', prompt: raw.prompt } };
      const attachments = parseAttachmentRefs(raw.attachments);
      if (!attachments) return { ok: false, reason: 'send: malformed attachments' };
      return { ok: true, value: { type: 'send', prompt: raw.prompt, attachments } };
    }
    case 'pickAttachment':
      return only() ? { ok: true, value: { type: raw.type } } : { ok: false, reason: `unexpected fields in ${raw.type}` };
    case 'dropFiles': {
      const uris = raw.uris;
      if (!only('uris') || !Array.isArray(uris) || uris.length === 0 || uris.length > 100)
        return { ok: false, reason: 'dropFiles needs uris' };
      if (!uris.every((u) => isShortString(u, MAX_HREF_LENGTH))) return { ok: false, reason: 'dropFiles: bad uri' };
      return { ok: true, value: { type: 'dropFiles', uris: uris } };
    }
    case 'openFile': {
      // Relative paths come from replies (`src/a.ts:3`): the host resolves them against the workspace.
      if (!only('path', 'line') || !isShortString(raw.path, 4_096) || raw.path.includes('\0'))
        return { ok: false, reason: 'openFile needs a path' };
      if (raw.line === undefined) return { ok: true, value: { type: 'openFile', path: raw.path } };
      if (!Number.isInteger(raw.line) || (raw.line as number) < 0 || (raw.line as number) > 10_000_000)
        return { ok: false, reason: 'openFile: bad line' };
      return { ok: true, value: { type: 'openFile', path: raw.path, line: raw.line as number } };
    }
    case 'fileChanges': {
      const action = raw.action;
      if (
        !only('action', 'turnId', 'path') ||
        (action !== 'diff' && action !== 'undo' && action !== 'keep') ||
        !isShortString(raw.turnId, MAX_ID_LENGTH)
      )
        return { ok: false, reason: 'fileChanges needs an action and a turnId' };
      if (action === 'diff' ? !isAbsolutePath(raw.path) : raw.path !== undefined)
        return { ok: false, reason: 'fileChanges: a diff names one path' };
      const path = action === 'diff' ? { path: raw.path as string } : {};
      return { ok: true, value: { type: 'fileChanges', action, turnId: raw.turnId, ...path } };
    }
    case 'permissionAnswer': {
      if (
        !only('requestId', 'approved', 'forSession') ||
        !isShortString(raw.requestId, MAX_ID_LENGTH) ||
        typeof raw.approved !== 'boolean'
      ) {
        return { ok: false, reason: 'permissionAnswer needs requestId and approved' };
      }
      if (raw.forSession !== undefined && (typeof raw.forSession !== 'boolean' || (raw.forSession && !raw.approved))) {
        return { ok: false, reason: 'permissionAnswer: forSession is a boolean and only approves' };
      }
      const forSession = raw.forSession === true ? { forSession: true } : {};
      return { ok: true, value: { type: 'permissionAnswer', requestId: raw.requestId, approved: raw.approved, ...forSession } };
    }
    case 'openLink':
      if (!only('href') || !isShortString(raw.href, MAX_HREF_LENGTH)) return { ok: false, reason: 'openLink needs an href' };
      return { ok: true, value: { type: 'openLink', href: raw.href } };
    case 'insertCode':
    case 'openCode': {
      if (!only('code', 'language') || !isShortString(raw.code, MAX_CODE_LENGTH))
        return { ok: false, reason: `${raw.type} needs the code` };
      if (raw.language === undefined) return { ok: true, value: { type: raw.type, code: raw.code } };
      if (typeof raw.language !== 'string' || !LANGUAGE_LABEL.test(raw.language))
        return { ok: false, reason: `${raw.type}: bad language label` };
      return { ok: true, value: { type: raw.type, code: raw.code, language: raw.language } };
    }
    case 'loadHistory':
      if (only('beforeId') && isShortString(raw.beforeId, MAX_ID_LENGTH))
        return { ok: true, value: { type: 'loadHistory', beforeId: raw.beforeId } };
      if (only('afterId') && isShortString(raw.afterId, MAX_ID_LENGTH))
        return { ok: true, value: { type: 'loadHistory', afterId: raw.afterId } };
      if (only('latest') && raw.latest === true) return { ok: true, value: { type: 'loadHistory', latest: true } };
      return { ok: false, reason: 'loadHistory needs beforeId, afterId or latest: true' };
    case 'noticeAction':
      if (!only('action') || !isNoticeAction(raw.action)) return { ok: false, reason: 'noticeAction needs a known action' };
      return { ok: true, value: { type: 'noticeAction', action: raw.action } };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(raw.type).slice(0, 40)}` };
  }
}

/** Only web links may leave the panel, and only after the user agrees. */
export function isOpenableLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
