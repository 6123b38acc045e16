/** What a live session reports, and what one turn is while it runs. */
import type { PermissionRequest, SessionEvent } from '@github/copilot-sdk';
import type { HistoryItem, PermissionPrompt, SessionStatus } from '../shared/protocol';

export type LiveSessionUpdate =
  | { kind: 'items'; items: HistoryItem[] }
  | { kind: 'delta'; id: string; text: string }
  | { kind: 'reset' }
  | { kind: 'status'; status: SessionStatus }
  | { kind: 'permission'; prompt: PermissionPrompt }
  | { kind: 'permissionResolved'; requestId: string }
  | { kind: 'turnFailed'; message: string; prompt: string }
  | { kind: 'title'; title: string }
  | { kind: 'usage'; tokens: number; cost: number }
  | { kind: 'queue' }
  | { kind: 'context' }
  /** Every runtime event, as it comes (file-change tracking snapshots files as their tools start and finish). */
  | { kind: 'event'; event: SessionEvent }
  /** A permission request, before it is answered (a write's file is snapshotted before the tool may write it). */
  | { kind: 'permissionAsked'; request: PermissionRequest };

export type TurnResult =
  | { ok: true; reply: string | undefined }
  /**
   * `refused`: nothing was sent (a blank prompt, a turn already running, or taken out of the queue); the prompt is
   * still the caller's.
   */
  | { ok: false; message: string; stopped?: boolean; refused?: 'empty' | 'busy' | 'removed' };

/** One prompt's turn in flight, as LiveSession tracks it from send to `session.idle` (or failure, or Stop). */
export interface Turn {
  prompt: string;
  seenUserMessage: boolean;
  reply: string | undefined;
  aborted: boolean;
  /**
   * The prompt was handed to the runtime. Stop reaches the runtime only once it has taken the prompt (its
   * `user.message`): an abort that arrives before that, e.g. right after a resume, leaves the session deaf to every
   * later send (seen in the soak test). Until then Stop is remembered in `stopWhenStarted`.
   */
  dispatched: boolean;
  stopWhenStarted: boolean;
  /** When the runtime last reported anything for this turn: a turn silent for too long is stopped. */
  lastEventAt: number;
  result: Promise<TurnResult>;
  finish(result: TurnResult): void;
}
