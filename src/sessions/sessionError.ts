/** Why a session could not be opened, changed or used; `message` is a sentence for the user. */
import type { SessionIdProblem } from '../core/sessionId';

export class SessionError extends Error {
  constructor(
    readonly reason:
      'invalidId' | 'duplicate' | 'missing' | 'unreadable' | 'noModel' | 'client' | 'archived' | 'busy' | 'empty' | 'invalidArgument',
    message: string,
    readonly idProblem?: SessionIdProblem,
  ) {
    super(message);
  }
}
