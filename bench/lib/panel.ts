/** A fresh session in a panel with the recorder installed in its webview (bench/probes.ts), and prompts sent from it. */
import type { Page } from 'playwright-core';
import * as probes from '../probes';
import type { Agent } from './agent';
import { webviewMinusHost } from './clocks';
import { MODEL } from './context';
import { poll, webview, webviewFrame } from './webview';

export interface PanelSession {
  sessionId: string;
  /** Types `prompt` in the panel and presses Enter; what the recorder saw until the reply showed `finalToken`. */
  send(prompt: string, firstToken: string, finalToken: string, timeoutMs: number): Promise<probes.Recording>;
  /** Its webview's clock minus the extension host's: host times compared with the webview's are shifted by it. */
  clockOffset(): Promise<{ offsetMs: number; uncertaintyMs: number }>;
}

export async function openPanelSession(agent: Agent, page: Page): Promise<PanelSession> {
  const created = await agent.op<{ sessionId: string }>('create', { model: MODEL, open: true });
  const panel = webview(page);
  await panel.locator('#prompt').waitFor({ state: 'visible', timeout: 60_000 });
  const frame = await webviewFrame(page);
  await frame.evaluate(probes.installRecorder);
  return {
    sessionId: created.sessionId,
    async send(prompt, firstToken, finalToken, timeoutMs) {
      await frame.evaluate(probes.startRecording, { firstToken, finalToken });
      const box = panel.locator('#prompt');
      await box.fill(prompt);
      await box.press('Enter');
      await poll(`the reply to "${prompt}"`, () => frame.evaluate(probes.recordingDone), timeoutMs, 50);
      return frame.evaluate(probes.stopRecording);
    },
    clockOffset: () => webviewMinusHost(agent, frame),
  };
}
