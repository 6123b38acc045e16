/**
 * Functions the driver evaluates inside the browser with `frame.evaluate(fn, arg)` (Playwright serializes them:
 * each must be self-contained, no closures over this module). Times are epoch milliseconds from `performance.timeOrigin + performance.now()`, which
 * the extension host's hooks also use, so both sides of a figure are on the machine's one clock.
 * Only types may be shared between them (they are erased before serialization).
 */

/** One IndexedDB write of the watched key, as idbWriteHook logs it. */
export interface IdbWrite {
  t: number;
  db: string;
  key: string;
  bytes: number;
}

/** One host message the recorder saw: its type, when, and the streamed characters it carried. */
export interface RecordedMessage {
  t: number;
  /** When the message's task began in the webview, before any listener (the event's own time stamp). */
  arrivedAt: number;
  type: string;
  chars: number;
  /** It brought text to a streamed reply (deltas, or a streaming reply's first item with its text). */
  streamed: boolean;
}

/** The recorder's state in a panel's webview (installRecorder, startRecording, stopRecording). */
interface Recorder {
  running: boolean;
  msgs: RecordedMessage[];
  frames: number[];
  deltaText: string;
  stream: Record<string, string>;
  sendAt: number;
  firstAt: number;
  lastAt: number;
  doneAt: number;
  finalText: string;
  /** The newest reply's text on screen the last time it was seen still streaming. */
  streamingText: string;
  baseCount: number;
  firstToken: string;
  finalToken: string;
}

/** What one recording measured (stopRecording): the recorder's figures and the message count in the DOM. */
export type Recording = Pick<
  Recorder,
  'msgs' | 'frames' | 'deltaText' | 'stream' | 'sendAt' | 'firstAt' | 'lastAt' | 'doneAt' | 'finalText' | 'streamingText'
> & { messagesInDom: number };

/** The globals these probes leave on a page's window. */
type BenchWindow = Window & { __benchIdb?: IdbWrite[]; __bench?: Recorder };

/** Init script of every page: records IndexedDB writes of one key (the extension's workspace state). */
export function idbWriteHook(storageKey: string): void {
  if (window.top !== window) return;
  const log: IdbWrite[] = [];
  (window as BenchWindow).__benchIdb = log;
  type Put = (this: IDBObjectStore, ...args: [value: unknown, key?: IDBValidKey]) => IDBRequest<IDBValidKey>;
  const proto = IDBObjectStore.prototype as { put: Put };
  const put = proto.put;
  proto.put = function (this: IDBObjectStore, ...args: [value: unknown, key?: IDBValidKey]) {
    try {
      const [value, key] = args;
      // The workbench's state keys are strings.
      if (key === storageKey) {
        const bytes = typeof value === 'string' ? new Blob([value]).size : -1;
        log.push({ t: Date.now(), db: this.transaction.db.name, key, bytes });
      }
    } catch {
      /* observation only */
    }
    // The arguments as given (rest parameters keep their count), so IndexedDB sees the call unchanged.
    return put.apply(this, args);
  };
}

/** Names of the workbench's per-workspace state databases on this origin. */
export async function stateDatabases(): Promise<string[]> {
  const dbs = await indexedDB.databases();
  return dbs.map((d) => d.name ?? '').filter((name) => name.startsWith('vscode-web-state-db-') && !name.endsWith('-global'));
}

/** Reads (and with `add`, merges into) one JSON value of a workbench state database, while no workbench has it open. */
export async function mergeStateValue(args: {
  dbName: string;
  key: string;
  add?: Record<string, unknown>;
}): Promise<{ bytes: number; keys: number } | null> {
  const request = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
    });
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(args.dbName);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error(`could not open ${args.dbName}`));
    r.onupgradeneeded = () => reject(new Error(`${args.dbName} does not exist yet`));
  });
  try {
    const tx = db.transaction('ItemTable', args.add ? 'readwrite' : 'readonly');
    const store = tx.objectStore('ItemTable');
    const current = await request<unknown>(store.get(args.key));
    if (typeof current !== 'string' && !args.add) return null;
    const value = { ...(typeof current === 'string' ? (JSON.parse(current) as Record<string, unknown>) : {}), ...(args.add ?? {}) };
    const text = JSON.stringify(value);
    if (args.add) store.put(text, args.key);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return { bytes: new Blob([text]).size, keys: Object.keys(value).length };
  } finally {
    db.close();
  }
}

/**
 * The first history render of a panel: the webview's own `history-rendered` mark, the messages in the DOM, and the
 * long task (if any) that contains the mark: the handling of the 'init' message, from its arrival to the render.
 */
export async function historyMark(): Promise<{
  at: number;
  messages: number;
  frameStart: number;
  domReady: number;
  taskStart?: number;
} | null> {
  const mark = performance.getEntriesByName('history-rendered')[0];
  if (!mark) return null;
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const tasks = await new Promise<PerformanceEntry[]>((resolve) => {
    try {
      const observer = new PerformanceObserver((list) => {
        observer.disconnect();
        resolve(list.getEntries());
      });
      observer.observe({ type: 'longtask', buffered: true });
      setTimeout(() => resolve([]), 200);
    } catch {
      resolve([]);
    }
  });
  const task = tasks.find((t) => t.startTime <= mark.startTime && mark.startTime <= t.startTime + t.duration);
  // Read once: the mark is cleared, so nothing accumulates in the webview's timeline.
  performance.clearMarks('history-rendered');
  return {
    at: performance.timeOrigin + mark.startTime,
    messages: document.querySelectorAll('.message').length,
    // The webview document's start, and DOMContentLoaded (its script, at the end of <body>, has run: 'ready' is sent).
    frameStart: performance.timeOrigin,
    domReady: performance.timeOrigin + (nav?.domContentLoadedEventStart ?? 0),
    taskStart: task ? performance.timeOrigin + task.startTime : undefined,
  };
}

/**
 * Installs (once) a recorder in the panel's webview: every host message (type, time, streamed text), animation
 * frames, the Enter that sends a prompt, and when the newest reply first shows `firstToken` and `finalToken`.
 */
export function installRecorder(): void {
  const w = window as BenchWindow;
  if (w.__bench) return;
  const now = () => performance.timeOrigin + performance.now();
  const B: Recorder = {
    running: false,
    msgs: [],
    frames: [],
    deltaText: '',
    stream: {},
    sendAt: 0,
    firstAt: 0,
    lastAt: 0,
    doneAt: 0,
    finalText: '',
    streamingText: '',
    baseCount: 0,
    firstToken: '',
    finalToken: '',
  };
  w.__bench = B;
  window.addEventListener('message', (event) => {
    if (!B.running) return;
    const data = event.data as { type?: unknown; deltas?: Array<{ text: string }> } | null;
    if (!data || typeof data.type !== 'string') return;
    let chars = 0;
    let streamed = false;
    // What the webview builds a streamed reply from: the item as first sent (with the first delta's text), then
    // every delta appended. The final, complete message replaces it on screen later, so it is kept apart here.
    // The panel sends at most one message per frame: a `batch` carries several, in order.
    type Inner = { type?: unknown; deltas?: Array<{ id: string; text: string }>; items?: unknown; messages?: Inner[] };
    type Item = { kind: string; id: string; text: string; streaming?: boolean };
    const flat: Inner[] = [];
    const flatten = (message: Inner): void => {
      if (message.type === 'batch' && Array.isArray(message.messages)) message.messages.forEach(flatten);
      else flat.push(message);
    };
    flatten(data as Inner);
    // This listener runs after the panel's (window listeners run in the order they were added, capture or not),
    // and the panel keeps an upserted item and appends the deltas to its text in place: by now a new streamed
    // item's text also holds the deltas that came after it in this same message. Those are taken off again
    // (checked: they must end its text), else they would be counted twice.
    const laterDeltas = (from: number, id: string): string =>
      flat
        .slice(from + 1)
        .flatMap((m) => (m.type === 'deltas' && Array.isArray(m.deltas) ? m.deltas.filter((d) => d.id === id) : []))
        .map((d) => d.text)
        .join('');
    flat.forEach((message, index) => {
      if (message.type === 'deltas' && Array.isArray(message.deltas)) {
        for (const d of message.deltas) {
          B.deltaText += d.text;
          B.stream[d.id] = (B.stream[d.id] ?? '') + d.text;
          chars += d.text.length;
          streamed ||= d.text !== '';
        }
      }
      if (message.type === 'upsert' && Array.isArray(message.items)) {
        for (const item of message.items as Item[]) {
          if (item.kind !== 'assistant' || !item.streaming || B.stream[item.id] !== undefined) continue;
          streamed ||= item.text !== '';
          const appended = laterDeltas(index, item.id);
          B.stream[item.id] = item.text.endsWith(appended)
            ? item.text.slice(0, item.text.length - appended.length)
            : `${item.text} [recorder: the item's text does not end with the deltas after it]`;
        }
      }
    });
    B.msgs.push({ t: now(), arrivedAt: performance.timeOrigin + event.timeStamp, type: data.type, chars, streamed });
  });
  document.addEventListener(
    'keydown',
    (event) => {
      const target = event.target as HTMLElement | null;
      if (B.running && !B.sendAt && event.key === 'Enter' && !event.shiftKey && target?.id === 'prompt') B.sendAt = now();
    },
    true,
  );
  const check = () => {
    if (!B.running) return;
    const articles = document.querySelectorAll('article.message.assistant');
    if (articles.length <= B.baseCount) return;
    const last = articles[articles.length - 1];
    const text = last.querySelector('.markdown')?.textContent ?? '';
    const t = now();
    if (!B.firstAt && text.includes(B.firstToken)) B.firstAt = t;
    if (!B.lastAt && text.includes(B.finalToken)) B.lastAt = t;
    if (last.classList.contains('streaming')) B.streamingText = text;
    if (B.lastAt && !B.doneAt && !last.classList.contains('streaming')) {
      B.doneAt = t;
      B.finalText = text;
    }
  };
  new MutationObserver(check).observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['class'],
  });
  const loop = () => {
    if (B.running) B.frames.push(now());
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

export function startRecording(args: { firstToken: string; finalToken: string }): void {
  const B = (window as BenchWindow).__bench;
  if (!B) throw new Error('installRecorder first');
  Object.assign(B, {
    msgs: [],
    frames: [],
    deltaText: '',
    stream: {},
    sendAt: 0,
    firstAt: 0,
    lastAt: 0,
    doneAt: 0,
    finalText: '',
    streamingText: '',
    ...args,
  });
  B.baseCount = document.querySelectorAll('article.message.assistant').length;
  B.running = true;
}

export function recordingDone(): boolean {
  const B = (window as BenchWindow).__bench;
  return !!B && B.doneAt > 0;
}

export function stopRecording(): Recording {
  const B = (window as BenchWindow).__bench;
  if (!B) throw new Error('installRecorder first');
  B.running = false;
  const { msgs, frames, deltaText, stream, sendAt, firstAt, lastAt, doneAt, finalText, streamingText } = B;
  return {
    msgs,
    frames,
    deltaText,
    stream,
    sendAt,
    firstAt,
    lastAt,
    doneAt,
    finalText,
    streamingText,
    messagesInDom: document.querySelectorAll('.message').length,
  };
}

/**
 * Scrolls the transcript to one end the way a long read does, one scroll to that edge per animation frame (each
 * renders the items beyond it, or waits for the host's page), until nothing is left that way: up to the first item
 * (the "older messages" bar gone), or down to the newest (Jump to latest gone at the bottom). Reports the longest
 * task of the webview meanwhile (long-task observer: tasks over 50 ms) and the longest gap between two animation
 * frames.
 */
export async function scrollToEnd({ edge, timeoutMs }: { edge: 'top' | 'newest'; timeoutMs: number }): Promise<{
  totalMs: number;
  longestTaskMs: number;
  longTasks: number;
  longestOwnTaskMs: number;
  ownLongTasks: number;
  longestFrameGapMs: number;
  frames: number;
  messagesInDom: number;
  reached: boolean;
  olderLeft: number;
  /** Where the transcript was when the scroll stopped: what a scroll that did not reach its end was left at. */
  stoppedAt: { scrollTop: number; scrollHeight: number; clientHeight: number; jumpHidden: boolean };
}> {
  const messages = document.getElementById('messages');
  const olderBar = document.querySelector<HTMLElement>('.older-bar');
  const jumpBar = document.querySelector<HTMLElement>('.jump-bar');
  if (!messages || !olderBar || !jumpBar) throw new Error('no transcript in this webview');
  const atEnd =
    edge === 'top'
      ? () => olderBar.hidden && messages.scrollTop <= 0
      : () => jumpBar.hidden && messages.scrollHeight - messages.scrollTop - messages.clientHeight <= 1;
  const tasks: number[] = [];
  const own: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      tasks.push(entry.duration);
      // 'self': this frame's own work; otherwise another frame on the same thread (the workbench, VS Code's host frame).
      if (entry.name === 'self') own.push(entry.duration);
    }
  });
  observer.observe({ type: 'longtask' });
  const started = performance.now();
  let last = started;
  let longestGap = 0;
  let frames = 0;
  const reached = await new Promise<boolean>((resolve) => {
    const step = (now: number) => {
      frames++;
      longestGap = Math.max(longestGap, now - last);
      last = now;
      if (atEnd()) return resolve(true);
      if (now - started > timeoutMs) return resolve(false);
      messages.scrollTop = edge === 'top' ? 0 : messages.scrollHeight;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  const totalMs = performance.now() - started;
  // Long tasks are reported after they end: give the last one a moment.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return {
    totalMs,
    longestTaskMs: Math.max(0, ...tasks),
    longTasks: tasks.length,
    longestOwnTaskMs: Math.max(0, ...own),
    ownLongTasks: own.length,
    longestFrameGapMs: longestGap,
    frames,
    messagesInDom: document.querySelectorAll('.message').length,
    reached,
    stoppedAt: {
      scrollTop: messages.scrollTop,
      scrollHeight: messages.scrollHeight,
      clientHeight: messages.clientHeight,
      jumpHidden: jumpBar.hidden,
    },
    // What the "older messages are hidden" bar still counts (0 at the top).
    olderLeft: olderBar.hidden ? 0 : Number((olderBar.textContent ?? '').replace(/\D/g, '')) || -1,
  };
}
