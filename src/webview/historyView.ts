/**
 * The transcript: what comes from the host (the first window, pages, new items, streamed text) goes into a bounded
 * loaded slice of the history (src/shared/loadedHistory.ts), and a window of it is on screen
 * (src/webview/renderedWindow.ts), which scrolling moves up or down a step at a time. A session with thousands of
 * items costs the same to display as one with two hundred.
 */
import type { HistoryItem, PanelStrings, WebviewMessage } from '../shared/protocol';
import { el, format, Formatters } from './dom';
import { BottomFollower } from './bottomFollower';
import { type AssistantItem, ItemView, type MessageActions } from './itemView';
import { interceptLinks } from './markdown';
import { HistoryPaging } from './historyPaging';
import { LoadedHistory, MAX_LOADED } from '../shared/loadedHistory';
import { StreamFrames, type StreamingRender } from './streamingRender';
import { type Edge, RenderedWindow, WINDOW_SIZE } from './renderedWindow';
/** Scrolled this near the top or the bottom, the items beyond are rendered (and fetched when not loaded), a step at a time. */
const LOAD_AHEAD_PX = 600;
/** The most a step of rendering older items spends rendering; the whole step, layout included, aims at the target. */
const STEP_MS = 6;
const STEP_TARGET_MS = 12;
const HIGHLIGHT_MS = 2000;
const MAX_ANNOUNCEMENT = 4000;
/** A conversation that goes on in an open panel drops its oldest loaded items this many at a time. */
const TRIM_SLACK = 100;

export interface HistoryCallbacks {
  openLink(href: string): void;
  announce(text: string): void;
  insertCode(code: string, language: string | undefined): void;
  openCode(code: string, language: string | undefined): void;
  /** The focus leaves a button that disappears for the prompt box. */
  focusPrompt(): void;
  /** A user message's Fork from Here and Restore to Here. */
  messageActions: MessageActions;
  /** Asks the host for the history page before or after an item, or (undefined) for the newest window again. */
  loadHistory(request: { beforeId: string } | { afterId: string } | undefined): void;
  /** Session panels: what items post themselves (open a file, a turn's changed files). */
  post?(message: WebviewMessage): void;
}

export class HistoryView {
  /** What the webview holds of the history; pages either side come on request. */
  private readonly loaded = new LoadedHistory<HistoryItem>();
  private readonly paging = new HistoryPaging();
  private extendFrame = 0;
  /** Rendering time of the next step: STEP_MS unless steps cost more than STEP_TARGET_MS on this machine. */
  private stepBudget = STEP_MS;
  /** The items on screen. While `following`, it ends with the newest item and grows with new ones. */
  private readonly window: RenderedWindow;
  private following = true;

  private strings: PanelStrings | undefined;
  private formatters = new Formatters('en');
  private readonly view: ItemView;
  /** Streaming replies are rendered incrementally: a frame's cost does not grow with the reply. */
  private readonly streaming: StreamingRender;

  private readonly frames = new StreamFrames((ids) => this.renderStreams(ids));
  private highlightTimer: number | undefined;

  private readonly olderBar = el('div', 'window-bar older-bar');
  private readonly showOlderButton = el('button', 'link-button');
  private readonly olderText = el('span', 'muted');
  private readonly bottom: BottomFollower;

  constructor(
    private readonly root: HTMLElement,
    private readonly callbacks: HistoryCallbacks,
  ) {
    this.showOlderButton.id = 'show-older';
    this.showOlderButton.type = 'button';
    this.showOlderButton.addEventListener('click', () => this.showOlder());
    this.olderBar.append(this.showOlderButton, this.olderText);
    this.olderBar.hidden = true;
    // Below the window there is no bar: scrolling down brings the newer items, and Jump to latest floats over it.
    this.bottom = new BottomFollower(
      root,
      () => this.jumpToLatest(),
      () => this.following,
    );
    this.view = new ItemView(
      {
        copy: '',
        copied: '',
        insert: { label: '', run: (code, language) => this.callbacks.insertCode(code, language) },
        open: { label: '', run: (code, language) => this.callbacks.openCode(code, language) },
      },
      callbacks.messageActions,
      this.callbacks.post ? (message) => this.callbacks.post?.(message) : undefined,
    );
    this.streaming = this.view.streamingRender();
    this.window = new RenderedWindow(this.loaded, (item) => this.view.render(item));
    root.append(this.olderBar, this.window.list, this.bottom.bar);

    interceptLinks(root, (href) => this.callbacks.openLink(href));
    root.addEventListener('scroll', () => this.onScroll(), { passive: true });
    // At the very bottom (or top) of the window a wheel turn scrolls nothing, so no scroll event says the user wants more.
    root.addEventListener('wheel', () => this.scheduleExtend(), { passive: true });
    // The composer growing, a permission card or the panel resizing must not lose the "at the newest line" position,
    // nor content that grows without a render of ours (a font that loads late, a tool's output opened).
    const keepBottom = new ResizeObserver(() => this.bottom.contentChanged());
    keepBottom.observe(root);
    keepBottom.observe(this.window.list);
  }

  private onScroll(): void {
    this.bottom.scrolled();
    this.scheduleExtend();
  }

  /**
   * At most one step of extending the window per frame, while the user is near its top or bottom and items are left.
   * `now`: only when near an edge already; otherwise whether to step is decided on the next frame.
   */
  private scheduleExtend(now = true): void {
    if (now && !this.extendDirection()) return;
    this.extendFrame ||= requestAnimationFrame(() => {
      this.extendFrame = 0;
      const edge = this.extendDirection();
      if (edge) this.extend(edge);
    });
  }

  private extendDirection(): Edge | undefined {
    if (this.bottom.following) return undefined;
    const root = this.root;
    if (root.scrollTop < LOAD_AHEAD_PX && this.loaded.base + this.window.start > 0) return 'up';
    const below = root.scrollHeight - root.scrollTop - root.clientHeight;
    if (!this.following && below < LOAD_AHEAD_PX && (this.window.end < this.loaded.length || this.loaded.hasNewer)) return 'down';
    return undefined;
  }

  /** The error shown last in the transcript, after the last prompt, says exactly this. */
  showsLatestError(message: string): boolean {
    const items = this.loaded.items;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (item.kind === 'user') return false;
      if (item.kind === 'error') return item.message === message && this.following;
    }
    return false;
  }

  /** Whole new state (init): drop everything and render the newest window. */
  reset(history: HistoryItem[], strings: PanelStrings, locale: string, offset = 0): void {
    this.strings = strings;
    this.formatters = new Formatters(locale);
    this.view.strings = strings;
    this.view.formatters = this.formatters;
    this.view.setCodeLabels(strings);
    this.showOlderButton.textContent = strings.showOlder;
    this.bottom.setLabel(strings.showNewer);
    this.frames.cancel();
    this.setLoaded(history.slice(), offset, false);
    this.showLatest();
  }

  private setLoaded(items: HistoryItem[], base: number, hasNewer: boolean): void {
    this.loaded.reset(items, base, hasNewer);
    this.paging.reset();
  }

  /** The item's index in `loaded`, when it is loaded. */
  private indexOf(id: string): number | undefined {
    return this.loaded.indexOf(id);
  }

  /** A page from the host: older items before the loaded ones, newer ones after them, or a window of its own (replace). */
  addPage(page: { items: HistoryItem[]; offset: number; total: number; replace: boolean }): void {
    if (!this.strings) return;
    const wanted = this.paging.received();
    if (page.replace) {
      this.frames.cancel();
      this.setLoaded(page.items, page.offset, page.offset + page.items.length < page.total);
      if (!this.loaded.hasNewer) return this.showLatest();
      this.following = false;
      return this.renderWindow(Math.max(0, this.loaded.length - WINDOW_SIZE), this.loaded.length);
    }
    // Only a page that joins the loaded items at one end (a stale one, after a reset, is dropped).
    const joined = this.loaded.join(page);
    if (joined === 'older') this.window.moved(page.items.length);
    this.trimLoaded();
    if (joined === 'older' && wanted === 'window') this.showOlder();
    else if (joined && wanted === 'scroll') this.extend(joined === 'older' ? 'up' : 'down');
    else this.updateBars();
  }

  /** Drops the loaded items farthest from the window, beyond MAX_LOADED: they are not on screen, the host has them. */
  private trimLoaded(): void {
    this.window.moved(-this.loaded.trim(this.window.start, this.window.end));
  }

  /** Renders the newest window and pins the view to the bottom. */
  private showLatest(): void {
    this.following = true;
    this.renderWindow(Math.max(0, this.loaded.length - WINDOW_SIZE), this.loaded.length);
    this.bottom.follow();
  }

  upsert(items: HistoryItem[]): void {
    if (!this.strings) return;
    for (const item of items) {
      const index = this.indexOf(item.id);
      const previous = index === undefined ? undefined : this.loaded.at(index);
      if (index === undefined) {
        // The newest items are not loaded: a newer page, or going back to the latest, brings them.
        if (this.loaded.hasNewer) continue;
        this.append(item);
      } else {
        this.loaded.replace(index, item);
        this.rerender(item, previous);
      }
      if (item.kind === 'assistant') {
        if (!item.streaming) this.frames.delete(item.id);
        const finished = !item.streaming && (previous === undefined || (previous.kind === 'assistant' && previous.streaming));
        if (finished && item.text.trim() !== '') this.announceReply(item);
      }
    }
    this.bottom.contentChanged();
  }

  /** Streamed text: kept raw, rendered at most once per animation frame. */
  appendDeltas(deltas: Array<{ id: string; text: string }>): void {
    if (!this.strings) return;
    for (const delta of deltas) {
      let index = this.indexOf(delta.id);
      if (index === undefined) {
        if (this.loaded.hasNewer) continue;
        this.append({ kind: 'assistant', id: delta.id, text: '', timestamp: new Date().toISOString(), streaming: true });
        index = this.loaded.length - 1;
      }
      const item = this.loaded.at(index);
      if (item.kind !== 'assistant') continue;
      const first = item.text === '';
      item.text += delta.text;
      // A reply's first words are what the user waits for: on screen with this message, not a frame later.
      if (first) this.renderStreams(new Set([item.id]));
      else this.frames.add(item.id);
    }
  }

  /** Shows the item with this id (moving the window if needed) and flashes it. */
  reveal(itemId: string): void {
    const index = this.indexOf(itemId);
    if (index === undefined) return;
    if (index < this.window.start || index >= this.window.end) {
      const end = Math.min(this.loaded.length, Math.max(index + 1, index + WINDOW_SIZE / 2));
      this.following = end === this.loaded.length && !this.loaded.hasNewer;
      this.renderWindow(Math.max(0, end - WINDOW_SIZE), end);
    }
    const element = this.window.element(itemId);
    if (!element) return;
    element.scrollIntoView({ block: 'center' });
    for (const other of this.window.list.querySelectorAll('.message.highlight')) other.classList.remove('highlight');
    element.classList.add('highlight');
    window.clearTimeout(this.highlightTimer);
    this.highlightTimer = window.setTimeout(() => element.classList.remove('highlight'), HIGHLIGHT_MS);
  }

  /** Back to the newest items (e.g. after the user sends a prompt while reading old ones). */
  jumpToLatest(): void {
    const fromJump = document.activeElement === this.bottom.button;
    if (this.loaded.hasNewer) {
      // The newest window comes from the host (addPage shows it).
      if (this.paging.request('latest')) this.callbacks.loadHistory(undefined);
      return;
    }
    if (this.following) this.bottom.follow();
    else this.showLatest();
    // Back at the newest message, the user goes on with the conversation.
    if (fromJump) this.callbacks.focusPrompt();
    else if (document.activeElement === document.body) this.root.focus();
  }

  private showOlder(): void {
    if (this.window.start === 0) return this.requestOlder('window');
    const firstShown = this.loaded.at(this.window.start);
    this.following = false;
    const end = Math.max(this.window.start, Math.min(this.loaded.length, WINDOW_SIZE));
    this.renderWindow(Math.max(0, end - WINDOW_SIZE), end);
    // Continue reading where the user was: the item just above the old top sits at the bottom of the view.
    const anchorIndex = (this.indexOf(firstShown.id) ?? this.window.end) - 1;
    const anchor = anchorIndex >= this.window.start ? this.window.element(this.loaded.at(anchorIndex).id) : undefined;
    if (anchor) anchor.scrollIntoView({ block: 'end' });
    else this.bottom.scrollToBottom();
    if (this.olderBar.hidden) this.root.focus();
  }

  private append(item: HistoryItem): void {
    if (!this.loaded.push(item)) return;
    if (this.following) {
      this.window.pushNewest();
      if (this.loaded.length > MAX_LOADED + TRIM_SLACK) this.trimLoaded();
    }
    this.updateBars();
  }

  private rerender(item: HistoryItem, previous?: HistoryItem): void {
    const old = this.window.element(item.id);
    if (!old) return;
    // A reply that just finished keeps what streaming put on screen, when that reads the same as the whole.
    const finished = item.kind === 'assistant' && previous?.kind === 'assistant' && previous.streaming && !item.streaming;
    const fresh = (finished && this.view.renderFinished(old, item, this.streaming)) || this.view.render(item);
    // Keep a tool's details open if the user expanded it, and a running highlight.
    const oldDetails = old.querySelector('details');
    const freshDetails = fresh.querySelector('details');
    if (oldDetails?.open && freshDetails) freshDetails.open = true;
    if (old.classList.contains('highlight')) fresh.classList.add('highlight');
    if (fresh !== old) old.replaceWith(fresh);
    this.window.replaced(item.id, fresh);
  }

  private renderWindow(start: number, end: number): void {
    this.window.show(start, end);
    this.updateBars();
  }

  private updateBars(): void {
    const strings = this.strings;
    const older = this.loaded.base + this.window.start;
    this.olderBar.hidden = older === 0;
    if (strings && older > 0) this.olderText.textContent = format(strings.olderHidden, this.formatters.number.format(older));
    this.bottom.updateJump();
  }

  /** Older items than the loaded ones, from the host; `then`: what to do with them when they come. */
  private requestOlder(then: 'window' | 'scroll'): void {
    const oldest = this.loaded.first();
    if (this.loaded.base === 0 || !oldest || !this.paging.request(then)) return;
    this.callbacks.loadHistory({ beforeId: oldest.id });
  }

  /** Newer items than the loaded ones (the user scrolls down towards them), from the host. */
  private requestNewer(): void {
    const newest = this.loaded.last();
    if (!this.loaded.hasNewer || !newest || !this.paging.request('scroll')) return;
    this.callbacks.loadHistory({ afterId: newest.id });
  }

  /**
   * The user scrolled near the top or the bottom: the items beyond that edge are rendered (a step at a time, so no
   * frame blocks long) and as many leave at the other edge, keeping the DOM bounded; what the user reads stays where
   * it is. Items not loaded yet are asked for; at the newest, the window follows the conversation again.
   */
  private extend(edge: Edge): void {
    const shown = this.window;
    if (edge === 'up' ? shown.start === 0 : shown.end === this.loaded.length) {
      return edge === 'up' ? this.requestOlder('scroll') : this.requestNewer();
    }
    const began = performance.now();
    const anchor = edge === 'up' ? shown.list.firstElementChild : shown.list.lastElementChild;
    const before = anchor?.getBoundingClientRect().top ?? 0;
    shown.grow(edge, began + this.stepBudget);
    this.following = shown.end === this.loaded.length && !this.loaded.hasNewer;
    this.updateBars();
    if (anchor) this.root.scrollTop += anchor.getBoundingClientRect().top - before;
    // Reading the anchor's place laid out what the step rendered, which the budget does not cover: fit the next step.
    const cost = performance.now() - began;
    this.stepBudget = Math.min(STEP_MS, Math.max(1, (this.stepBudget * STEP_TARGET_MS) / Math.max(cost, 1)));
    this.bottom.keepPosition();
    // The next step on the next frame if the user is still near the edge then, without waiting for a scroll event:
    // the browser's scroll anchoring moves the view for the items that left, and when that and the user's own scroll
    // back to the edge fall in one frame, no scroll event comes at all (the view stayed at the bottom, nothing more).
    this.scheduleExtend(false);
  }

  private renderStreams(ids: ReadonlySet<string>): void {
    for (const id of ids) {
      const index = this.indexOf(id);
      const element = this.window.element(id);
      const item = index === undefined ? undefined : this.loaded.at(index);
      if (element && item?.kind === 'assistant') this.view.fillAssistantBody(element, item, this.streaming);
    }
    this.bottom.contentChanged();
  }

  private announceReply(item: AssistantItem): void {
    const body = this.window.element(item.id)?.querySelector('.markdown');
    const text = (body?.textContent ?? item.text).trim();
    this.callbacks.announce(text.length > MAX_ANNOUNCEMENT ? `${text.slice(0, MAX_ANNOUNCEMENT)}…` : text);
  }
}
