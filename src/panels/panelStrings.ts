/** The panel's words, in the user's language: the webview cannot call vscode.l10n, so the host sends them in `init`. */
import * as vscode from 'vscode';
import type { PanelStrings } from '../shared/protocol';

export function panelStrings(): PanelStrings {
  const t = vscode.l10n.t;
  return {
    send: t('Send'),
    stop: t('Stop'),
    placeholder: t('Ask Copilot (Enter to send, Shift+Enter for a new line)'),
    emptyPrompt: t('Type a message first: empty prompts are not sent.'),
    busyRefused: t('Copilot is still replying. Wait for the reply or press Stop, then send again.'),
    approve: t('Approve'),
    deny: t('Deny'),
    allowForSession: t('Allow for this session'),
    permissionTitle: t('Copilot asks for permission'),
    permissionCommand: t('Command'),
    permissionFile: t('File'),
    permissionUrl: t('URL'),
    permissionDetail: t('Request'),
    permissionCwd: t('Working directory'),
    copy: t('Copy'),
    copied: t('Copied'),
    insertCode: t('Insert at Cursor'),
    openCode: t('Open in New Editor'),
    you: t('You'),
    assistant: t('Copilot'),
    tool: t('Tool'),
    error: t('Error'),
    loading: t('Loading the session…'),
    retry: t('Retry'),
    olderHidden: t('{0} older messages are hidden.'),
    showOlder: t('Show older messages'),
    showNewer: t('Jump to latest'),
    toolRunning: t('running'),
    toolSucceeded: t('succeeded'),
    toolFailed: t('failed'),
    toolDenied: t('Denied'),
    toolAllowedForSession: t('Allowed for this session'),
    statusIdle: t('Ready'),
    statusBusy: t('Replying…'),
    statusWaiting: t('Waiting for your permission'),
    statusError: t('Last turn failed'),
    statusMissing: t('Missing'),
    tokens: t('Tokens'),
    premiumRequestOne: t('{0} premium request'),
    premiumRequestOther: t('{0} premium requests'),
  };
}
