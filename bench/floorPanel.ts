/**
 * The fair floor of "prompt → first delta on screen" (runs in the extension host, loaded by bench/hostAgent.ts only
 * when needed): a minimal webview panel with none of the product's code. Its page posts the prompt to the host on
 * Enter; the host sends it with the bare SDK (a client of its own, like the product's, in the extension host) and
 * posts every delta at once; the page appends each delta's text to the page. What is left is VS Code's webview
 * relay both ways, the SDK and the runtime: what no panel can avoid. The page records, on the machine's one clock,
 * when Enter was pressed and when the first delta was on the page, and the host's times ride along with the delta.
 */
import { CopilotClient, type CopilotSession } from '@github/copilot-sdk';
import * as vscode from 'vscode';
import { epochNow } from './lib/stats';

interface Floor {
  client: CopilotClient;
  session: CopilotSession;
  panel: vscode.WebviewPanel;
}

let floor: Floor | undefined;

const PAGE = `<!doctype html><html><body>
<textarea id="floor-prompt" rows="2" cols="60"></textarea><div id="floor-out"></div>
<script>
const api = acquireVsCodeApi();
const now = () => performance.timeOrigin + performance.now();
const out = document.getElementById('floor-out');
const box = document.getElementById('floor-prompt');
window.__floor = { runs: [] };
let run;
box.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey) return;
  event.preventDefault();
  run = { sendAt: now(), firstAt: 0, idleAt: 0, deltas: 0 };
  window.__floor.runs.push(run);
  out.textContent = '';
  api.postMessage({ type: 'send', prompt: box.value });
  box.value = '';
});
window.addEventListener('message', (event) => {
  const m = event.data;
  if (!run) return;
  if (m.type === 'delta') {
    out.append(m.text);
    run.deltas++;
    if (!run.firstAt) Object.assign(run, { firstAt: now(), arrivedAt: performance.timeOrigin + event.timeStamp, hostReceivedAt: m.receivedAt, hostSendAt: m.sendAt, hostDeltaAt: m.deltaAt });
  } else if (m.type === 'idle') run.idleAt = now();
});
</script></body></html>`;

export async function floorOpen(cwd: string, model: string): Promise<void> {
  if (floor) return;
  const client = new CopilotClient({ workingDirectory: cwd, logLevel: 'warning' });
  await client.start();
  const panel = vscode.window.createWebviewPanel(
    'copilotSessionsBench.floor',
    'Floor',
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { enableScripts: true },
  );
  let turn: { receivedAt: number; sendAt: number; first: boolean } | undefined;
  const session = await client.createSession({
    model,
    streaming: true,
    workingDirectory: cwd,
    onPermissionRequest: () => ({ kind: 'user-not-available' as const }),
    onEvent: (event) => {
      if (event.type === 'assistant.message_delta') {
        const first = turn && !turn.first;
        if (turn) turn.first = true;
        void panel.webview.postMessage({
          type: 'delta',
          text: event.data.deltaContent,
          ...(first && turn ? { receivedAt: turn.receivedAt, sendAt: turn.sendAt, deltaAt: epochNow() } : {}),
        });
      } else if (event.type === 'session.idle') void panel.webview.postMessage({ type: 'idle' });
    },
  });
  panel.webview.onDidReceiveMessage((message: { type?: string; prompt?: unknown }) => {
    if (message?.type !== 'send' || typeof message.prompt !== 'string') return;
    turn = { receivedAt: epochNow(), sendAt: epochNow(), first: false };
    void session.send({ prompt: message.prompt });
  });
  panel.webview.html = PAGE;
  floor = { client, session, panel };
}

export async function floorClose(): Promise<void> {
  const f = floor;
  floor = undefined;
  if (!f) return;
  f.panel.dispose();
  await f.session.disconnect().catch(() => undefined);
  await f.client.stop().catch(() => undefined);
}
