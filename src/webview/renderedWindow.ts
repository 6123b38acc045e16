/**
 * The items on screen: at most WINDOW_SIZE consecutive loaded items, [start, end) in the loaded slice
 * (src/shared/loadedHistory.ts), rendered into the message list. It grows at one edge as the user scrolls and lets
 * items go at the other, so the DOM stays the size of one window whatever the history's length.
 */
import type { HistoryItem } from '../shared/protocol';
import type { LoadedHistory } from '../shared/loadedHistory';
import { el } from './dom';

export const WINDOW_SIZE = 200;

export type Edge = 'up' | 'down';

export class RenderedWindow {
  start = 0;
  end = 0;
  readonly list = el('div', 'message-list');
  readonly #elements = new Map<string, HTMLElement>();

  constructor(
    private readonly loaded: LoadedHistory<HistoryItem>,
    private readonly render: (item: HistoryItem) => HTMLElement,
  ) {}

  element(id: string): HTMLElement | undefined {
    return this.#elements.get(id);
  }

  /** An item rendered anew (its element already replaced in the list). */
  replaced(id: string, element: HTMLElement): void {
    if (this.#elements.has(id)) this.#elements.set(id, element);
  }

  /** Renders loaded items [start, end) in place of what was there. */
  show(start: number, end: number): void {
    [this.start, this.end] = [start, end];
    this.#elements.clear();
    const elements: HTMLElement[] = [];
    for (let i = start; i < end; i++) elements.push(this.#rendered(this.loaded.at(i)));
    this.list.replaceChildren(...elements);
  }

  /** The newest loaded item, just pushed, joins at the bottom; the oldest rendered leaves beyond the window. */
  pushNewest(): void {
    this.end = this.loaded.length;
    this.list.append(this.#rendered(this.loaded.at(this.end - 1)));
    this.#keepSize('up');
  }

  /**
   * Renders loaded items beyond one edge, nearest first, until `until` (performance.now(); at least one item, so
   * no step blocks for long), and lets as many go at the other edge beyond the window's size.
   */
  grow(edge: Edge, until: number): void {
    const elements: HTMLElement[] = [];
    while (edge === 'up' ? this.start > 0 : this.end < this.loaded.length) {
      if (elements.length > 0 && performance.now() >= until) break;
      const item = this.loaded.at(edge === 'up' ? --this.start : this.end++);
      if (edge === 'up') elements.unshift(this.#rendered(item));
      else elements.push(this.#rendered(item));
    }
    if (edge === 'up') this.list.prepend(...elements);
    else this.list.append(...elements);
    this.#keepSize(edge === 'up' ? 'down' : 'up');
  }

  /** The loaded slice gained (positive) or lost items in front of the window: the same items, other indexes. */
  moved(by: number): void {
    this.start += by;
    this.end += by;
  }

  #rendered(item: HistoryItem): HTMLElement {
    const element = this.render(item);
    this.#elements.set(item.id, element);
    return element;
  }

  /** Items leave at `edge` while the window is over its size. */
  #keepSize(edge: Edge): void {
    while (this.end - this.start > WINDOW_SIZE) {
      const dropped = this.loaded.at(edge === 'up' ? this.start++ : --this.end);
      this.#elements.get(dropped.id)?.remove();
      this.#elements.delete(dropped.id);
    }
  }
}
