/**
 * What the benchmarks measured: the `raw` record the sections fill in, written to bench/results.json as is and
 * turned into figures by bench/figures.ts.
 */
import type * as IndexBench from '../indexBench';
import type * as SearchBench from '../searchBench';

export interface Raw {
  /** Panels that showed no history in time: the 10,000-turn session's resume did not answer (sections/history.ts). */
  openTimeouts?: Array<{ id: string; tabs: string[]; screenshot: string }>;
  versions: Record<string, string>;
  bundles?: {
    extensionBytes: number;
    webviewBytes: number;
    otherWebviews: Record<string, number>;
    vsixBytes?: number;
    vsixNote?: string;
    vsixBuiltInRun?: boolean;
  };
  activation?: {
    sessions: number;
    empty: number[];
    index: number[];
    emptyCpu: number[];
    indexCpu: number[];
    warmup: { empty: number; index: number };
    client: Array<{ stateAtEnd: string; runtimesAtEnd: number; runtimeSpawnAfterMs?: number; readyAfterMs?: number }>;
  };
  tree?: {
    big: TreeResult;
    small: TreeResult;
    /** Medians of the alternating samples (first row on screen after the view was focused). */
    viewShownMs?: number;
    smallViewShownMs?: number;
    viewShownSamples?: { small: number[]; index: number[] };
  };
  storage?: {
    sessions: number;
    /** All per-session files together, and the snapshot. */
    indexBytes: number;
    bytesPerSession: number;
    snapshotBytes: number;
    /** The snapshot after the 10,000-session windows closed: rewritten at close only when something changed. */
    snapshotAtClose?: { bytes: number; rewritten: boolean };
    writeBig?: Writes;
    writeEmpty?: Writes;
  };
  indexStorage?: Awaited<ReturnType<typeof IndexBench.indexBench>>;
  search?: Awaited<ReturnType<typeof SearchBench.searchBench>>;
  seed?: unknown[];
  history?: { turns: number; shortTurns: number; long: HistoryRun[]; short: HistoryRun[] };
  overhead?: OverheadRun[];
  /** The minimal webview panel on the bare SDK (the fair floor of the overhead figure). */
  floor?: FloorRun[];
  /** Scrolling the long history's transcript up to its first turn. */
  scroll?: ScrollRun;
  stream?: StreamRun;
  concurrency?: ConcurrencyResult;
  /** A window reload with one restored panel and with `panels` (bench/sections/reload.ts). */
  reload?: { panels: number; turns: number; one: ReloadRun[]; many: ReloadRun[] };
}
/** One window reload: from the reload asked to each restored panel's history on screen. */
export interface ReloadRun {
  panels: number;
  /** Reload → the last panel's history-rendered mark. */
  lastMs: number;
  firstMs: number;
  /** Reload → the new extension host's agent called in (the workbench and the host started). */
  helloMs: number;
  activationMs: number;
  /** The extension's activate() started → the last panel's history on screen. */
  afterActivateMs: number;
  /** Message elements in each restored panel. */
  messages: number[];
}
export interface TreeResult {
  n: number;
  loadMs: number;
  childrenMs: number;
  childrenWithItemsMs: number;
  warmChildrenMs: number;
}
/** What one index change wrote: files in the extension's workspace storage, and its workspace state (IndexedDB). */
export interface Writes {
  files: number;
  bytes: number;
  maxBytes: number;
  snapshotWritten: boolean;
  statePuts: number;
  stateBytes: number;
}
export interface HistoryRun {
  /** history-rendered mark − getEvents() returned. */
  ms: number;
  messages: number;
  getEventsMs: number;
  events: number;
  /** open() called → history-rendered mark. */
  openMs: number;
  /** getEvents() returned → the host posted 'init' (waits for the webview's 'ready'). */
  toInitPostMs: number;
  /** 'init' posted → history-rendered mark (transfer, parse, render). */
  initToRenderedMs: number;
  /** getEvents() returned → the webview's DOMContentLoaded (negative: the webview was ready first). */
  webviewReadyMs: number;
  /** 'init' posted → its handling began in the webview (the long task that rendered it), when there was one. */
  initToWebviewMs?: number;
  /** Handling of 'init' in the webview → history-rendered mark. */
  webviewRenderMs?: number;
  /** The 'init' message: JSON size and history items. */
  initBytes?: number;
  initItems?: number;
}
export interface OverheadRun {
  panelMs: number;
  bareMs: number;
  /** The bare SDK's send() → first delta in a session with file change tracking (the product's sessions have it). */
  bareTrackedMs: number;
  /** Enter in the webview → the extension called CopilotSession.send(). */
  webviewToSendMs: number;
  /** CopilotSession.send() → first delta at the host (the bare SDK's span). */
  sendToDeltaMs: number;
  /** First delta at the host → first message posted to the webview. */
  deltaToPostMs: number;
  /** That message posted → the delta in the DOM. */
  postToScreenMs: number;
  /** Of which: posted → its message task began in the webview (VS Code's relay, and the renderer's queue). */
  postToWebviewMs: number;
  /** And: that task began → the delta in the DOM (the panel's own handling). */
  webviewToScreenMs: number;
  /** Last delta at the host → last text in the DOM (20 deltas). */
  lastTextMs: number;
}
export interface FloorRun {
  /** Enter in the minimal webview → first delta on its screen. */
  ms: number;
  toHostMs: number;
  sendToDeltaMs: number;
  deltaToScreenMs: number;
  /** Of which: the host posted the delta → its message task began in the page. */
  deltaToWebviewMs: number;
  /** And: that task began → the delta on the page. */
  webviewToScreenMs: number;
}
export interface ScrollRun {
  turns: number;
  /** CPU each kind of process used while scrolling. */
  cpu?: CpuUse;
  /** Scrolling began → the first turn on screen. */
  totalMs: number;
  /** The longest task in the webview while scrolling up (long-task observer). */
  longestTaskMs: number;
  pages: number;
  messagesInDom: number;
  longTasks: number;
  /** Long tasks the long-task observer attributed to the panel's own frame ('self'). */
  longestOwnTaskMs: number;
  ownLongTasks: number;
  longestFrameGapMs: number;
  frames: number;
  /** The scroll reached its end: the first turn (for `down`, the newest). */
  reachedTop: boolean;
  /** Older messages still hidden when the scroll stopped (0 at the top). */
  olderLeft: number;
  stoppedAt?: { scrollTop: number; scrollHeight: number; clientHeight: number; jumpHidden: boolean };
  /** The webview's JS heap after a full collection: opened on the newest turns, at the first turn, back at the newest. */
  heap?: { openedBytes: number; topBytes: number; newestBytes?: number };
  /** The same transcript scrolled back down from the first turn to the newest. */
  down?: Omit<ScrollRun, 'down' | 'heap' | 'turns'>;
}
export interface StreamRun {
  lastDeltaToPostMs: number;
  postToWebviewMs: number;
  webviewToDomMs: number;
  hostDeltaSpanMs: number;
  bareDeltaSpanMs: number;
  minDeltaPostGapMs: number;
  longestFrameGapMs: number;
  deltas: number;
  hostDeltas: number;
  receivedTokens: number;
  /** Compared by content with what the model sent (a multiset of tokens): sent but not received, received but not sent. */
  missingTokens: number;
  extraTokens: number;
  /** The streamed text equals, character for character, what the model sent. */
  inOrder: boolean;
  /** Where the streamed text first differs from what the model sent (a token index), for diagnosis. */
  firstDifferenceAt?: number;
  /** The SDK handed the extension exactly what the model sent (its deltas, joined). */
  sdkTextExact: boolean;
  /** The reply's text on screen the last time it was seen streaming: tokens, and whether they start what was sent. */
  shownWhileStreamingTokens: number;
  shownWhileStreamingIsPrefix: boolean;
  finalComplete: boolean;
  hostPosts: number;
  hostDeltaPosts: number;
  maxHostPostsPerFrame: number;
  maxHostDeltaPostsPerFrame: number;
  /** The webview's clock minus the host's (host times were shifted by it), and how sure that is. */
  clock?: { offsetMs: number; uncertaintyMs: number };
  /** The post with the reply's last text after the post before it (it goes at once, not at the next frame). */
  lastTextPostGapMs: number;
  worstFrameTypes: string[];
  webviewMessages: number;
  webviewFrames: number;
  maxWebviewMessagesPerFrame: number;
  lastTextMs: number;
  lastTextFromWebviewMs: number;
  streamMs: number;
  /** CPU each kind of process used from the send to the end of the reply: who the frames wait for. */
  cpu?: CpuUse;
}
/** CPU each kind of process used over a span (ms, most first), and the span's wall time (ms). */
export interface CpuUse {
  byKind: Array<{ kind: string; ms: number }>;
  spanMs: number;
}
export interface Memory {
  extensionHostRssKiB: number;
  runtimeRssKiB: number;
  runtimeCount: number;
}
export interface ConcurrencyResult {
  n: number;
  latency: number;
  aloneMs: number;
  togetherMs: number;
  maxRuntimes: number;
  memoryBefore: Memory;
  memoryLive: Memory;
  memoryAfter: Memory;
  bare?: { n: number; aloneMs: number; togetherMs: number };
}
