/**
 * The message list. All items stay in a JS array; the DOM shows a sliding window of at most WINDOW_SIZE of them,
 * so a session with thousands of items costs the same to display as one with two hundred.
 */
import type { HistoryItem, PanelStrings } from '../shared/protocol';
import { el, format, Formatters, hiddenText, icon } from './dom';
import { interceptLinks, renderMarkdown } from './markdown';

export const WINDOW_SIZE = 200;
const NEAR_BOTTOM_PX = 48;
const HIGHLIGHT_MS = 2000;
const MAX_ANNOUNCEMENT = 4000;
// Not in PanelStrings (the contract is fixed); used only for the "back to the latest messages" button.

type AssistantItem = Extract<HistoryItem, { kind: 'assistant' }>;
type ToolItem = Extract<HistoryItem, { kind: 'tool' }>;

export interface HistoryCallbacks {
  openLink(href: string): void;
  announce(text: string): void;
}

export class HistoryView {
  private items: HistoryItem[] = [];
  private readonly indexById = new Map<string, number>();
  private readonly rendered = new Map<string, HTMLElement>();
  /** Window of rendered items: [start, end). While `following`, end tracks the newest item. */
  private start = 0;
  private end = 0;
  private following = true;
  private stickToBottom = true;

  private strings: PanelStrings | undefined;
  private formatters = new Formatters('en');

  private readonly pendingStreams = new Set<string>();
  private frame = 0;
  /** Earliest time of the next streaming render: big replies are re-rendered less often than every frame. */
  private nextRenderAt = 0;
  private highlightTimer: number | undefined;

  private readonly olderBar = el('div', 'window-bar older-bar');
  private readonly showOlderButton = el('button', 'link-button');
  private readonly olderText = el('span', 'muted');
  private readonly list = el('div', 'message-list');
  private readonly newerBar = el('div', 'window-bar newer-bar');
  private readonly showNewerButton = el('button', 'link-button');
  private readonly showNewerLabel = el('span');

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
    root.append(this.olderBar, this.list, this.newerBar);

    interceptLinks(root, (href) => this.callbacks.openLink(href));
    root.addEventListener(
      'scroll',
      () => {
        this.stickToBottom = root.scrollHeight - root.scrollTop - root.clientHeight < NEAR_BOTTOM_PX;
      },
      { passive: true },
    );
    // The composer growing or the panel resizing must not lose the "pinned to the latest message" position.
    new ResizeObserver(() => this.autoScroll()).observe(root);
  }

  /** Whole new state (init): drop everything and render the newest window. */
  reset(history: HistoryItem[], strings: PanelStrings, locale: string): void {
    this.strings = strings;
    this.formatters = new Formatters(locale);
    this.showOlderButton.textContent = strings.showOlder;
    this.showNewerButton.title = strings.showNewer;
    this.showNewerLabel.textContent = strings.showNewer;
    this.cancelFrame();
    this.items = history.slice();
    this.indexById.clear();
    this.items.forEach((item, index) => this.indexById.set(item.id, index));
    this.showLatest();
  }

  /** Renders the newest window and pins the view to the bottom. */
  private showLatest(): void {
    this.following = true;
    this.end = this.items.length;
    this.start = Math.max(0, this.end - WINDOW_SIZE);
    this.renderWindow();
    this.stickToBottom = true;
    this.scrollToBottom();
  }

  upsert(items: HistoryItem[]): void {
    if (!this.strings) return;
    for (const item of items) {
      const index = this.indexById.get(item.id);
      const previous = index === undefined ? undefined : this.items[index];
      if (index === undefined) {
        this.append(item);
      } else {
        this.items[index] = item;
        this.rerender(item);
      }
      if (item.kind === 'assistant') {
        if (!item.streaming) this.pendingStreams.delete(item.id);
        const finished = !item.streaming && (previous === undefined || (previous.kind === 'assistant' && previous.streaming));
        if (finished && item.text.trim() !== '') this.announceReply(item);
      }
    }
    this.autoScroll();
  }

  /** Streamed text: kept raw, rendered at most once per animation frame. */
  appendDeltas(deltas: Array<{ id: string; text: string }>): void {
    if (!this.strings) return;
    for (const delta of deltas) {
      let index = this.indexById.get(delta.id);
      if (index === undefined) {
        this.append({ kind: 'assistant', id: delta.id, text: '', timestamp: new Date().toISOString(), streaming: true });
        index = this.items.length - 1;
      }
      const item = this.items[index];
      if (item.kind !== 'assistant') continue;
      item.text += delta.text;
      this.pendingStreams.add(item.id);
    }
    this.scheduleFrame();
  }

  /** Shows the item with this id (moving the window if needed) and flashes it. */
  reveal(itemId: string): void {
    const index = this.indexById.get(itemId);
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
    if (this.following) {
      this.stickToBottom = true;
      this.scrollToBottom();
    } else {
      this.showLatest();
    }
    if (document.activeElement === this.showNewerButton || document.activeElement === document.body) this.root.focus();
  }

  private showOlder(): void {
    if (this.start === 0) return;
    const firstShown = this.items[this.start];
    this.following = false;
    this.end = Math.max(this.start, Math.min(this.items.length, WINDOW_SIZE));
    this.start = Math.max(0, this.end - WINDOW_SIZE);
    this.renderWindow();
    // Continue reading where the user was: the item just above the old top sits at the bottom of the view.
    const anchorIndex = (this.indexById.get(firstShown.id) ?? this.end) - 1;
    const anchor = anchorIndex >= this.start ? this.rendered.get(this.items[anchorIndex].id) : undefined;
    if (anchor) anchor.scrollIntoView({ block: 'end' });
    else this.scrollToBottom();
    if (this.olderBar.hidden) this.root.focus();
  }

  private append(item: HistoryItem): void {
    this.items.push(item);
    this.indexById.set(item.id, this.items.length - 1);
    if (this.following) {
      this.end = this.items.length;
      const element = this.renderItem(item);
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

  private rerender(item: HistoryItem): void {
    const old = this.rendered.get(item.id);
    if (!old) return;
    const fresh = this.renderItem(item);
    // Keep a tool's details open if the user expanded it, and a running highlight.
    const oldDetails = old.querySelector('details');
    const freshDetails = fresh.querySelector('details');
    if (oldDetails?.open && freshDetails) freshDetails.open = true;
    if (old.classList.contains('highlight')) fresh.classList.add('highlight');
    old.replaceWith(fresh);
    this.rendered.set(item.id, fresh);
  }

  private renderWindow(): void {
    this.rendered.clear();
    const elements: HTMLElement[] = [];
    for (let i = this.start; i < this.end; i++) {
      const element = this.renderItem(this.items[i]);
      this.rendered.set(this.items[i].id, element);
      elements.push(element);
    }
    this.list.replaceChildren(...elements);
    this.updateBars();
  }

  private updateBars(): void {
    const strings = this.strings;
    this.olderBar.hidden = this.start === 0;
    if (strings && this.start > 0) this.olderText.textContent = format(strings.olderHidden, this.formatters.number.format(this.start));
    this.newerBar.hidden = this.following || this.end >= this.items.length;
  }

  private scheduleFrame(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame((now) => this.renderFrame(now));
  }

  private cancelFrame(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pendingStreams.clear();
  }

  private renderFrame(now: number): void {
    this.frame = 0;
    if (this.pendingStreams.size === 0) return;
    if (now < this.nextRenderAt) {
      this.scheduleFrame();
      return;
    }
    const began = performance.now();
    for (const id of this.pendingStreams) {
      const index = this.indexById.get(id);
      const element = this.rendered.get(id);
      const item = index === undefined ? undefined : this.items[index];
      if (element && item?.kind === 'assistant') this.fillAssistantBody(element, item);
    }
    this.pendingStreams.clear();
    this.autoScroll();
    const cost = performance.now() - began;
    // Re-parsing a long reply every frame would starve input: spend at most about half the time rendering.
    this.nextRenderAt = cost > 8 ? began + cost * 2 : 0;
  }

  private autoScroll(): void {
    if (this.stickToBottom) this.scrollToBottom();
  }

  private scrollToBottom(): void {
    this.root.scrollTop = this.root.scrollHeight;
  }

  private announceReply(item: AssistantItem): void {
    const body = this.rendered.get(item.id)?.querySelector('.markdown');
    const text = (body?.textContent ?? item.text).trim();
    this.callbacks.announce(text.length > MAX_ANNOUNCEMENT ? `${text.slice(0, MAX_ANNOUNCEMENT)}…` : text);
  }

  // ---- item rendering ----

  private renderItem(item: HistoryItem): HTMLElement {
    const strings = this.strings;
    const article = el('article', `message ${item.kind}`);
    article.dataset.id = item.id;
    const meta = el('div', 'meta');
    const label = strings ? roleLabel(item, strings) : undefined;
    if (label) meta.append(el('span', 'role', label));
    const time = this.renderTime(item.timestamp);
    if (time) meta.append(time);
    article.append(meta);

    switch (item.kind) {
      case 'user':
        article.append(el('div', 'body user-text', item.text));
        break;
      case 'assistant':
        this.fillAssistantBody(article, item);
        break;
      case 'tool':
        article.append(this.renderTool(item));
        break;
      case 'error': {
        const body = el('div', 'body error-text');
        body.append(icon('error'), el('span', undefined, item.message));
        article.append(body);
        break;
      }
      case 'notice':
        article.append(el('div', 'body notice-text', item.text));
        break;
    }
    return article;
  }

  private fillAssistantBody(article: HTMLElement, item: AssistantItem): void {
    const strings = this.strings;
    let body = article.querySelector<HTMLElement>(':scope > .markdown');
    if (!body) {
      body = el('div', 'body markdown');
      article.append(body);
    }
    article.classList.toggle('streaming', item.streaming);
    article.setAttribute('aria-busy', String(item.streaming));
    if (item.streaming && item.text === '') {
      const loading = el('span', 'loading');
      loading.append(icon('loading codicon-modifier-spin'), hiddenText(strings?.loading ?? ''));
      body.replaceChildren(loading);
      return;
    }
    body.replaceChildren(renderMarkdown(item.text, { copy: strings?.copy ?? '', copied: strings?.copied ?? '' }));
  }

  private toolStatusText(status: ToolItem['status']): string {
    const strings = this.strings;
    if (!strings) return status;
    return status === 'running' ? strings.toolRunning : status === 'succeeded' ? strings.toolSucceeded : strings.toolFailed;
  }

  private renderTool(item: ToolItem): HTMLElement {
    const details = el('details', 'body tool-details');
    const summary = el('summary');
    const status = el('span', `tool-status ${item.status}`);
    status.dataset.status = item.status;
    status.append(icon(TOOL_STATUS_ICON[item.status]), hiddenText(this.toolStatusText(item.status)));
    summary.append(icon('tools'), el('span', 'tool-name', item.toolName), el('span', 'tool-summary', item.summary), status);
    details.append(summary);
    // Tool output can be huge; only build it when the user opens the item.
    const fill = (): void => {
      if (!details.open || details.querySelector('pre')) return;
      details.append(el('pre', 'tool-output', item.output));
    };
    details.addEventListener('toggle', fill);
    return details;
  }

  private renderTime(timestamp: string): HTMLTimeElement | undefined {
    const date = new Date(timestamp);
    if (Number.isNaN(date.getTime())) return undefined;
    const time = el('time', undefined, this.formatters.time.format(date));
    time.dateTime = date.toISOString();
    time.title = this.formatters.full.format(date);
    return time;
  }
}

const TOOL_STATUS_ICON: Record<ToolItem['status'], string> = {
  running: 'loading codicon-modifier-spin',
  succeeded: 'check',
  failed: 'error',
};

function roleLabel(item: HistoryItem, strings: PanelStrings): string | undefined {
  switch (item.kind) {
    case 'user':
      return strings.you;
    case 'assistant':
      return strings.assistant;
    case 'tool':
      return strings.tool;
    case 'error':
      return strings.error;
    case 'notice':
      return undefined;
  }
}
