/** What every panel webview shares: its options (scripts on, only the media folder), its page with a strict CSP, and links. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isOpenableLink } from '../shared/protocol';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, enableFindWidget: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

export async function openLink(href: string): Promise<void> {
  if (!isOpenableLink(href)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Only http and https links can be opened from a session.'));
    return;
  }
  const open = vscode.l10n.t('Open Link');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Open this link from the Copilot reply in your browser?'),
    { modal: true, detail: href },
    open,
  );
  if (choice === open) await vscode.env.openExternal(vscode.Uri.parse(href, true));
}

/**
 * The page of a panel webview: strict CSP, scripts by nonce only, everything from the extension's media folder.
 * `loading` is what the page says until its first state arrives (the session may take a while to open).
 */
export function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script = 'webview.js', loading?: string): string {
  const nonce = randomBytes(16).toString('base64');
  const media = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...parts)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${media('dist', 'codicons', 'codicon.css')}" rel="stylesheet">
<link href="${media('panel.css')}" rel="stylesheet">
</head>
<body>
<div id="app"${loading ? ` data-loading="${escapeAttribute(loading)}"` : ''}></div>
<script nonce="${nonce}" src="${media('dist', script)}"></script>
</body>
</html>`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
