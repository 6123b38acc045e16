/**
 * The message list. All items stay in a JS array; the DOM shows a sliding window of at most WINDOW_SIZE of them,
 * so a session with thousands of items costs the same to display as one with two hundred.
 */
import type { HistoryItem, PanelStrings, WebviewMessage } from '../shared/protocol';
import { el, format, Formatters, icon } from './dom';
import { BottomFollower } from './bottomFollower';
import { type AssistantItem, ItemView, type MessageActions } from './itemView';
import { interceptLinks } from './markdown';
import { HistoryPaging } from './historyPaging';
import { StreamFrames, type StreamingRender } from './streamingRender';

export const WINDOW_SIZE = 200;
/** Scrolled this near the top, the items above are rendered (and fetched when not loaded), a step at a time. */
const LOAD_AHEAD_PX = 600;
/** The most a step of rendering older items spends rendering; the whole step, layout included, aims at the target. */
const STEP_MS = 6;
const STEP_TARGET_MS = 12;
const HIGHLIGHT_MS = 2000;
const MAX_ANNOUNCEMENT = 4000;

export interface HistoryCallbacks {
  openLink(href: string): void;
  announce(text: string): void;
  insertCode(code: string, language: string | undefined): void;
  openCode(code: string, language: string | undefined): void;
  /** The focus leaves a button that disappears for the prompt box. */
  focusPrompt(): void;
  /** A user message's Fork from Here and Restore to Here. */
  messageActions: MessageActions;
  /** Asks the host for the history page before this item, or (undefined) for the newest window again. */
  loadHistory(beforeId: string | undefined): void;
  /** Session panels: what items post themselves (open a file, a turn's changed files). */
  post?(message: WebviewMessage): void;
}

export class HistoryView {
  private items: HistoryItem[] = [];
  /** The loaded items are [base, base + items.length) of the whole history; older pages come on request. */
  private base = 0;
  /** The newest items are not loaded (a window around a search hit replaced them). */
  private hasNewer = false;
  private readonly paging = new HistoryPaging();
  private extendFrame = 0;
  /** Rendering time of the next step: STEP_MS unless steps cost more than STEP_TARGET_MS on this machine. */
  private stepBudget = STEP_MS;
  /** Where each loaded item is in the whole history (not in `items`: an older page moves those, not these). */
  private readonly positionById = new Map<string, number>();
  private readonly rendered = new Map<string, HTMLElement>();
  /** Window of rendered items: [start, end). While `following`, end tracks the newest item. */
  private start = 0;
  private end = 0;
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
  private readonly list = el('div', 'message-list');
  private readonly newerBar = el('div', 'window-bar newer-bar');
  private readonly showNewerButton = el('button', 'link-button');
  private readonly showNewerLabel = el('span');
  private readonly bottom: BottomFollower;

  constructor(
    private readonly root: HTMLElement,
    private readonly callbacks: HistoryCallbacks,
  ) {
    this.showOlderButton.id = 'show-older';
    this.showOlderButton.type = 'button';
    this.showOlderButton.addEventListener('click', () => this.showOlder());
    this.olderBar.append(this.showOlderButton, this.olderText);
    this.showNewerButton.id = 'show-newer';
    this.showNewerButton.type = 'button';
    this.showNewerButton.append(icon('arrow-down'), this.showNewerLabel);
    this.showNewerButton.addEventListener('click', () => this.jumpToLatest());
    this.newerBar.append(this.showNewerButton);
    this.olderBar.hidden = true;
    this.newerBar.hidden = true;
    this.bottom = new BottomFollower(root, () => this.jumpToLatest());
    root.append(this.olderBar, this.list, this.newerBar, this.bottom.bar);
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

    interceptLinks(root, (href) => this.callbacks.openLink(href));
    root.addEventListener('scroll', () => this.onScroll(), { passive: true });
    // The composer growing, a permission card or the panel resizing must not lose the "at the newest line" position,
    // nor content that grows without a render of ours (a font that loads late, a tool's output opened).
    const keepBottom = new ResizeObserver(() => this.bottom.contentChanged());
    keepBottom.observe(root);
    keepBottom.observe(this.list);
  }

  private onScroll(): void {
    this.bottom.scrolled();
    this.scheduleExtend();
  }

  /** At most one step of extendUp per frame, while the user is near the top and older items are left. */
  private scheduleExtend(): void {
    if (this.bottom.following || this.root.scrollTop >= LOAD_AHEAD_PX || this.base + this.start === 0) return;
    this.extendFrame ||= requestAnimationFrame(() => {
      this.extendFrame = 0;
      this.extendUp();
    });
  }

  /** The error shown last in the transcript, after the last prompt, says exactly this. */
  showsLatestError(message: string): boolean {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
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
    this.showNewerButton.title = strings.showNewer;
    this.showNewerLabel.textContent = strings.showNewer;
    this.bottom.setLabel(strings.showNewer);
    this.frames.cancel();
    this.setLoaded(history.slice(), offset, false);
    this.showLatest();
  }

  private setLoaded(items: HistoryItem[], base: number, hasNewer: boolean): void {
    this.items = items;
    this.base = base;
    this.hasNewer = hasNewer;
    this.paging.reset();
    this.reindex();
  }

  private reindex(): void {
    this.positionById.clear();
    this.items.forEach((item, index) => this.positionById.set(item.id, this.base + index));
  }

  /** The item's index in `items`, when it is loaded. */
  private indexOf(id: string): number | undefined {
    const position = this.positionById.get(id);
    return position === undefined ? undefined : position - this.base;
  }

  /** A page from the host: older items before the loaded ones, or a window of its own (replace). */
  addPage(page: { items: HistoryItem[]; offset: number; total: number; replace: boolean }): void {
    if (!this.strings) return;
    const wanted = this.paging.received();
    if (page.replace) {
      this.frames.cancel();
      this.setLoaded(page.items.slice(), page.offset, page.offset + page.items.length < page.total);
      if (!this.hasNewer) return this.showLatest();
      [this.following, this.end, this.start] = [false, this.items.length, Math.max(0, this.items.length - WINDOW_SIZE)];
      return this.renderWindow();
    }
    // Only the page that joins the oldest loaded item (a stale one, after a reset, is dropped).
    if (page.offset + page.items.length !== this.base || page.items.length === 0) return this.updateBars();
    // Only the page's items are indexed: scrolling up through 10,000 turns must not rebuild the index per page.
    this.items.unshift(...page.items);
    this.base = page.offset;
    this.start += page.items.length;
    this.end += page.items.length;
    page.items.forEach((item, index) => this.positionById.set(item.id, page.offset + index));
    if (wanted === 'window') this.showOlder();
    else if (wanted === 'scroll') this.extendUp();
    else this.updateBars();
  }

  /** Renders the newest window and pins the view to the bottom. */
  private showLatest(): void {
    this.following = true;
    this.end = this.items.length;
    this.start = Math.max(0, this.end - WINDOW_SIZE);
    this.renderWindow();
    this.bottom.follow();
  }

  upsert(items: HistoryItem[]): void {
    if (!this.strings) return;
    for (const item of items) {
      const index = this.indexOf(item.id);
      const previous = index === undefined ? undefined : this.items[index];
      if (index === undefined) {
        // The newest items are not loaded: going back to the latest brings them.
        if (this.hasNewer) continue;
        this.append(item);
      } else {
        this.items[index] = item;
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
        if (this.hasNewer) continue;
        this.append({ kind: 'assistant', id: delta.id, text: '', timestamp: new Date().toISOString(), streaming: true });
        index = this.items.length - 1;
      }
      const item = this.items[index];
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
    if (index < this.start || index >= this.end) {
      this.end = Math.min(this.items.length, Math.max(index + 1, index + WINDOW_SIZE / 2));
      this.start = Math.max(0, this.end - WINDOW_SIZE);
      this.following = this.end === this.items.length;
      this.renderWindow();
    }
    const element = this.rendered.get(itemId);
    if (!element) return;
    element.scrollIntoView({ block: 'center' });
    for (const other of this.list.querySelectorAll('.message.highlight')) other.classList.remove('highlight');
    element.classList.add('highlight');
    window.clearTimeout(this.highlightTimer);
    this.highlightTimer = window.setTimeout(() => element.classList.remove('highlight'), HIGHLIGHT_MS);
  }

  /** Back to the newest items (e.g. after the user sends a prompt while reading old ones). */
  jumpToLatest(): void {
    const fromJump = document.activeElement === this.bottom.button;
    const fromBar = document.activeElement === this.showNewerButton;
    if (this.hasNewer) {
      // The newest window comes from the host (addPage shows it).
      if (this.paging.request('latest')) this.callbacks.loadHistory(undefined);
      return;
    }
    if (this.following) this.bottom.follow();
    else this.showLatest();
    // Back at the newest message, the user goes on with the conversation; the paging bar keeps them reading.
    if (fromJump) this.callbacks.focusPrompt();
    else if (fromBar || document.activeElement === document.body) this.root.focus();
  }

  private showOlder(): void {
    if (this.start === 0) return this.requestOlder('window');
    const firstShown = this.items[this.start];
    this.following = false;
    this.end = Math.max(this.start, Math.min(this.items.length, WINDOW_SIZE));
    this.start = Math.max(0, this.end - WINDOW_SIZE);
    this.renderWindow();
    // Continue reading where the user was: the item just above the old top sits at the bottom of the view.
    const anchorIndex = (this.indexOf(firstShown.id) ?? this.end) - 1;
    const anchor = anchorIndex >= this.start ? this.rendered.get(this.items[anchorIndex].id) : undefined;
    if (anchor) anchor.scrollIntoView({ block: 'end' });
    else this.bottom.scrollToBottom();
    if (this.olderBar.hidden) this.root.focus();
  }

  private append(item: HistoryItem): void {
    this.items.push(item);
    this.positionById.set(item.id, this.base + this.items.length - 1);
    if (this.following) {
      this.end = this.items.length;
      const element = this.view.render(item);
      this.rendered.set(item.id, element);
      this.list.append(element);
      // Keep the DOM bounded: the oldest rendered item leaves as a new one arrives.
      while (this.end - this.start > WINDOW_SIZE) {
        const dropped = this.items[this.start];
        this.rendered.get(dropped.id)?.remove();
        this.rendered.delete(dropped.id);
        this.start++;
      }
    }
    this.updateBars();
  }

  private rerender(item: HistoryItem, previous?: HistoryItem): void {
    const old = this.rendered.get(item.id);
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
    this.rendered.set(item.id, fresh);
  }

  private renderWindow(): void {
    this.rendered.clear();
    const elements: HTMLElement[] = [];
    for (let i = this.start; i < this.end; i++) {
      const element = this.view.render(this.items[i]);
      this.rendered.set(this.items[i].id, element);
      elements.push(element);
    }
    this.list.replaceChildren(...elements);
    this.updateBars();
  }

  private updateBars(): void {
    const strings = this.strings;
    const older = this.base + this.start;
    this.olderBar.hidden = older === 0;
    if (strings && older > 0) this.olderText.textContent = format(strings.olderHidden, this.formatters.number.format(older));
    this.newerBar.hidden = !this.hasNewer && (this.following || this.end >= this.items.length);
  }

  /** Older items than the loaded ones, from the host; `then`: what to do with them when they come. */
  private requestOlder(then: 'window' | 'scroll'): void {
    const oldest = this.items[0];
    if (this.base === 0 || !oldest || !this.paging.request(then)) return;
    this.callbacks.loadHistory(oldest.id);
  }

  /**
   * The user scrolled near the top: the items above the window are rendered (a step at a time, so no frame blocks
   * long) and the newest rendered ones leave, keeping the DOM bounded; what the user reads stays where it is.
   */
  private extendUp(): void {
    if (this.start === 0) return this.requestOlder('scroll');
    const began = performance.now();
    const anchor = this.list.firstElementChild;
    const before = anchor?.getBoundingClientRect().top ?? 0;
    // Items are rendered newest first until the step's time is spent (at least one): no step blocks for long.
    const elements: HTMLElement[] = [];
    const until = began + this.stepBudget;
    while (this.start > 0 && (elements.length === 0 || performance.now() < until)) {
      const item = this.items[--this.start];
      const element = this.view.render(item);
      this.rendered.set(item.id, element);
      elements.unshift(element);
    }
    this.list.prepend(...elements);
    while (this.end - this.start > WINDOW_SIZE) {
      this.end--;
      const dropped = this.items[this.end];
      this.rendered.get(dropped.id)?.remove();
      this.rendered.delete(dropped.id);
      this.following = false;
    }
    this.updateBars();
    if (anchor) this.root.scrollTop += anchor.getBoundingClientRect().top - before;
    // Reading the anchor's place laid out what the step rendered, which the budget does not cover: fit the next step.
    const cost = performance.now() - began;
    this.stepBudget = Math.min(STEP_MS, Math.max(1, (this.stepBudget * STEP_TARGET_MS) / Math.max(cost, 1)));
    this.bottom.keepPosition();
    // Still near the top (a short step): the next step on the next frame, without waiting for another scroll.
    this.scheduleExtend();
  }

  private renderStreams(ids: ReadonlySet<string>): void {
    for (const id of ids) {
      const index = this.indexOf(id);
      const element = this.rendered.get(id);
      const item = index === undefined ? undefined : this.items[index];
      if (element && item?.kind === 'assistant') this.view.fillAssistantBody(element, item, this.streaming);
    }
    this.bottom.contentChanged();
  }

  private announceReply(item: AssistantItem): void {
    const body = this.rendered.get(item.id)?.querySelector('.markdown');
    const text = (body?.textContent ?? item.text).trim();
    this.callbacks.announce(text.length > MAX_ANNOUNCEMENT ? `${text.slice(0, MAX_ANNOUNCEMENT)}…` : text);
  }
}
