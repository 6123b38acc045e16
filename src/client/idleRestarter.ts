/**
 * Restarts the shared client when its settings change (or the account does), once, after the last of several
 * changes, and not in the middle of a reply: it waits up to a minute for running turns to end.
 */
import * as vscode from 'vscode';
import { affectsClient } from './backendSettings';
import type { SharedClient } from './sharedClient';

const SETTLE_MS = 300;
const POLL_MS = 500;
const MAX_WAIT_MS = 60_000;

export class IdleRestarter implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly client: SharedClient,
    private readonly isBusy: () => boolean,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsClient(event)) this.request();
    });
  }

  request(): void {
    clearTimeout(this.timer);
    const deadline = Date.now() + MAX_WAIT_MS;
    const attempt = () => {
      if (this.isBusy() && Date.now() < deadline) this.timer = setTimeout(attempt, POLL_MS);
      else void this.client.restart().catch(() => undefined);
    };
    this.timer = setTimeout(attempt, SETTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
