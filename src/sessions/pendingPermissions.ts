/**
 * The permission requests of one session that wait for the user: each has a prompt for the panel and resolves the
 * runtime's handler with the user's answer (or with "not available" when nobody can be asked any more).
 */
import type { PermissionRequest, PermissionRequestResult } from '@github/copilot-sdk';
import type { PermissionPrompt } from '../shared/protocol';
import { describePermission, sessionApproval } from './permissionRequests';

interface Pending {
  prompt: PermissionPrompt;
  request: PermissionRequest;
  resolve(result: PermissionRequestResult): void;
}

export interface PermissionEvents {
  asked(prompt: PermissionPrompt): void;
  resolved(requestId: string): void;
}

export class PendingPermissions {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly events: PermissionEvents) {}

  get prompts(): PermissionPrompt[] {
    return [...this.pending.values()].map((p) => p.prompt);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Waits for the user's answer; `cwd` is where a command would run and relative paths point. */
  ask(request: PermissionRequest, cwd: string | undefined): Promise<PermissionRequestResult> {
    const requestId = `perm-${this.nextId++}`;
    const prompt: PermissionPrompt = {
      requestId,
      kind: request.kind,
      detail: describePermission(request),
      ...(cwd ? { cwd } : {}),
      ...(sessionApproval(request) ? { canAllowForSession: true } : {}),
    };
    return new Promise<PermissionRequestResult>((resolve) => {
      this.pending.set(requestId, { prompt, request, resolve });
      this.events.asked(prompt);
    });
  }

  /** `forSession` approves requests like this one for the rest of the session, when the request allows it. */
  answer(requestId: string, approved: boolean, forSession: boolean): boolean {
    const pending = this.pending.get(requestId);
    if (!pending) return false;
    this.pending.delete(requestId);
    const forTheSession = approved && forSession ? sessionApproval(pending.request) : undefined;
    pending.resolve(forTheSession ?? (approved ? { kind: 'approve-once' } : { kind: 'reject', feedback: 'The user denied this request.' }));
    this.events.resolved(requestId);
    return true;
  }

  answerAll(result: PermissionRequestResult): void {
    for (const [requestId, pending] of this.pending) {
      pending.resolve(result);
      this.events.resolved(requestId);
    }
    this.pending.clear();
  }
}
