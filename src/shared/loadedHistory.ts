/**
 * The part of a session's history the webview holds: a contiguous slice of the whole, which pages from the host
 * extend at either end. It stays bounded (MAX_LOADED items): reading back through 10,000 turns and down again keeps
 * at most a few windows in memory, dropping the items farthest from what is on screen; the host has them all
 * (src/core/historyPages.ts). Pure bookkeeping, no DOM (src/webview/historyView.ts renders it).
 */

/** Five windows of 200 (src/webview/historyView.ts WINDOW_SIZE): ten pages either way before anything is dropped. */
export const MAX_LOADED = 1000;

export interface LoadedPage<T> {
  items: T[];
  /** Where items[0] is in the whole history. */
  offset: number;
  /** The whole history's length. */
  total: number;
}

export class LoadedHistory<T extends { id: string }> {
  #items: T[] = [];
  /** Where #items[0] is in the whole history. */
  #base = 0;
  /** The newest items of the whole history are not loaded. */
  #hasNewer = false;
  /** Where each loaded item is in the whole history (not in #items: a page in front moves those, not these). */
  readonly #positions = new Map<string, number>();

  constructor(private readonly maxLoaded = MAX_LOADED) {}

  get length(): number {
    return this.#items.length;
  }

  /** How many items of the whole history come before the loaded ones. */
  get base(): number {
    return this.#base;
  }

  get hasNewer(): boolean {
    return this.#hasNewer;
  }

  at(index: number): T {
    return this.#items[index];
  }

  first(): T | undefined {
    return this.#items[0];
  }

  last(): T | undefined {
    return this.#items.at(-1);
  }

  /** Everything loaded, oldest first (a search from the end, e.g. the latest error). */
  get items(): readonly T[] {
    return this.#items;
  }

  /** A whole new slice (the first message, or a window of the host's own). */
  reset(items: readonly T[], offset: number, hasNewer: boolean): void {
    this.#items = items.slice();
    this.#base = offset;
    this.#hasNewer = hasNewer;
    this.#positions.clear();
    this.#items.forEach((item, index) => this.#positions.set(item.id, offset + index));
  }

  /** The item's index among the loaded ones, when it is loaded. */
  indexOf(id: string): number | undefined {
    const position = this.#positions.get(id);
    return position === undefined ? undefined : position - this.#base;
  }

  /** A new item after the newest (only when the newest are loaded: otherwise it comes with a newer page). */
  push(item: T): boolean {
    if (this.#hasNewer) return false;
    this.#items.push(item);
    this.#positions.set(item.id, this.#base + this.#items.length - 1);
    return true;
  }

  replace(index: number, item: T): void {
    this.#items[index] = item;
  }

  /**
   * A page from the host, kept when it joins the loaded slice at one end: the older page that ends where it begins,
   * or the newer page that begins where it ends. Returns the end it joined (a stale page, after a reset, does not).
   */
  join(page: LoadedPage<T>): 'older' | 'newer' | undefined {
    if (page.items.length === 0) return undefined;
    if (page.offset + page.items.length === this.#base) {
      this.#items.unshift(...page.items);
      this.#base = page.offset;
      page.items.forEach((item, index) => this.#positions.set(item.id, page.offset + index));
      return 'older';
    }
    if (this.#hasNewer && page.offset === this.#base + this.#items.length) {
      this.#items.push(...page.items);
      page.items.forEach((item, index) => this.#positions.set(item.id, page.offset + index));
      this.#hasNewer = page.offset + page.items.length < page.total;
      return 'newer';
    }
    return undefined;
  }

  /**
   * Keeps at most maxLoaded items, those around [start, end) (the rendered window, which always stays), dropping
   * from the end farther from it. Returns how many were dropped in front, by which the window's indexes move.
   */
  trim(start: number, end: number): number {
    if (this.#items.length <= this.maxLoaded) return 0;
    const keep = Math.max(this.maxLoaded, end - start);
    // Centered on the window; a window near one end keeps the room on the other side.
    const centered = start - Math.floor((keep - (end - start)) / 2);
    const keepStart = Math.min(Math.max(0, centered), this.#items.length - keep);
    const keepEnd = keepStart + keep;
    for (const item of this.#items.slice(keepEnd)) this.#positions.delete(item.id);
    for (const item of this.#items.slice(0, keepStart)) this.#positions.delete(item.id);
    if (keepEnd < this.#items.length) this.#hasNewer = true;
    this.#items = this.#items.slice(keepStart, keepEnd);
    this.#base += keepStart;
    return keepStart;
  }
}
