/**
 * What the panel shows and answers about one permission request of the runtime: its one-line detail, and the rule
 * "Allow for this session" hands back.
 */
import type { PermissionRequest, PermissionRequestResult } from '@github/copilot-sdk';

/** One line that says what a permission request is about. */
export function describePermission(request: PermissionRequest): string {
  switch (request.kind) {
    case 'shell':
      return request.fullCommandText;
    case 'write':
      return request.fileName;
    case 'read':
      return request.path;
    case 'url':
      return request.url;
    case 'mcp':
      return `${request.serverName}: ${request.toolTitle || request.toolName}`;
    default: {
      const intention = (request as { intention?: unknown }).intention;
      return typeof intention === 'string' ? intention : request.kind;
    }
  }
}

/**
 * "Allow for this session" as the runtime wants it: the rule to remember, for the requests whose `canOfferSessionApproval`
 * says it may be offered (a shell command's identifiers, or file writes). Undefined: offer Approve and Deny only.
 */
export function sessionApproval(request: PermissionRequest): PermissionRequestResult | undefined {
  if (request.kind === 'shell' && request.canOfferSessionApproval && request.commands.length > 0) {
    return { kind: 'approve-for-session', approval: { kind: 'commands', commandIdentifiers: request.commands.map((c) => c.identifier) } };
  }
  if (request.kind === 'write' && request.canOfferSessionApproval) return { kind: 'approve-for-session', approval: { kind: 'write' } };
  return undefined;
}
