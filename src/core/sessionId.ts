/**
 * Custom session ids become directory names in the runtime's session store, so they are validated before any SDK call.
 */
export const MAX_SESSION_ID_LENGTH = 128;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export type SessionIdProblem = 'empty' | 'tooLong' | 'leadingDot' | 'invalidCharacters';

/** Returns what is wrong with a custom id, or undefined when it is acceptable. */
export function sessionIdProblem(id: string): SessionIdProblem | undefined {
  if (id.length === 0) return 'empty';
  if (id.length > MAX_SESSION_ID_LENGTH) return 'tooLong';
  if (id.startsWith('.')) return 'leadingDot';
  if (!SESSION_ID_PATTERN.test(id)) return 'invalidCharacters';
  return undefined;
}

export function isValidSessionId(id: unknown): id is string {
  return typeof id === 'string' && sessionIdProblem(id) === undefined;
}
