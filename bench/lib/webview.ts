/** The session panel's webview in the workbench page, and polling for what it shows. */
import type { CDPSession, Frame, FrameLocator, Page } from 'playwright-core';
import { sleep } from './stats';

/** The panel's content frame as a locator (fill, press, wait for), through the workbench's two webview iframes. */
export function webview(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready:visible').first().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** The panel's content frame as a Frame (evaluate with arguments), once it is there. */
export function webviewFrame(page: Page): Promise<Frame> {
  return poll(
    'the webview frame',
    async () => {
      const outer = await page.locator('iframe.webview.ready:visible').first().elementHandle({ timeout: 1000 });
      const inner = await (await outer?.contentFrame())?.locator('iframe#active-frame').elementHandle({ timeout: 1000 });
      return (await inner?.contentFrame()) ?? null;
    },
    60_000,
    100,
  );
}

export async function poll<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * The JS heap the webview lives in, after a full collection (what it holds, not what it has yet to free): its own
 * renderer's when the frame is out of process, otherwise the workbench page's, which it shares.
 */
export async function webviewHeapBytes(page: Page, frame: Frame): Promise<number> {
  let cdp: CDPSession;
  try {
    cdp = await page.context().newCDPSession(frame);
  } catch {
    cdp = await page.context().newCDPSession(page);
  }
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
