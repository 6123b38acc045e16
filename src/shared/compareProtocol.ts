/**
 * The protocol between the Compare Models panel's webview and the extension host (the session panel has its own in
 * protocol.ts). Both sides import these types; the host checks every incoming message with `parseCompareMessage`.
 */
import { isRecord, isShortString, MAX_HREF_LENGTH, type ParseResult } from './protocol';

export interface CompareColumn {
  sessionId: string;
  model: string;
  text: string;
  /** `deleted`: its session was deleted since (it says so, and offers nothing that would fail). */
  state: 'waiting' | 'streaming' | 'done' | 'failed' | 'deleted';
  error?: string;
  /** Milliseconds from send to the first streamed text. */
  firstTokenMs?: number;
  /** Milliseconds from send to the end of the turn. */
  totalMs?: number;
  /** Output tokens reported by `assistant.usage`. */
  outputTokens?: number;
  inputTokens?: number;
}

export interface CompareStrings {
  title: string;
  firstToken: string;
  total: string;
  tokens: string;
  continueSession: string;
  waiting: string;
  failed: string;
  deleted: string;
  copy: string;
  copied: string;
}

export type CompareHostMessage =
  | { type: 'compareInit'; prompt: string; columns: CompareColumn[]; strings: CompareStrings; locale: string }
  | { type: 'compareColumn'; column: CompareColumn }
  | { type: 'compareDeltas'; deltas: Array<{ sessionId: string; text: string }> };

export type CompareWebviewMessage = { type: 'ready' } | { type: 'openSession'; sessionId: string } | { type: 'openLink'; href: string };

/** Checks a message from the compare webview; `openSession` may only name one of the panel's own sessions. */
export function parseCompareMessage(raw: unknown, ownSessions: readonly string[]): ParseResult<CompareWebviewMessage> {
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not a message object' };
  const keys = Object.keys(raw);
  if (raw.type === 'ready' && keys.length === 1) return { ok: true, value: { type: 'ready' } };
  if (raw.type === 'openSession' && keys.length === 2 && typeof raw.sessionId === 'string') {
    return ownSessions.includes(raw.sessionId)
      ? { ok: true, value: { type: 'openSession', sessionId: raw.sessionId } }
      : { ok: false, reason: 'openSession names a session this panel does not show' };
  }
  if (raw.type === 'openLink' && keys.length === 2 && isShortString(raw.href, MAX_HREF_LENGTH))
    return { ok: true, value: { type: 'openLink', href: raw.href } };
  return { ok: false, reason: `unknown or malformed message ${JSON.stringify(raw.type).slice(0, 40)}` };
}
