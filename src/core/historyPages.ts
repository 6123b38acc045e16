/**
 * A long history goes to the panel in pages: its first message carries only the newest window (a bounded number of
 * items and of bytes), and the webview asks for older pages as the user scrolls up, or for the page around a search
 * hit, and for newer pages on the way back down (the webview keeps a bounded part of a long history loaded). Pages
 * are addressed by an item id the webview has, not by position, so a page always joins what it holds.
 */
import type { HistoryItem } from '../shared/protocol';

/** Items in the first message: the webview's window (src/webview/historyView.ts WINDOW_SIZE). */
export const INIT_ITEMS = 200;
/** Items in one older or newer page. */
export const PAGE_ITEMS = 100;
/** The JSON a page may carry before it stops adding items (at least one item always goes). */
export const PAGE_BYTES = 150 * 1024;

export interface HistoryPage {
  items: HistoryItem[];
  /** Where items[0] is in the whole history. */
  offset: number;
  /** The whole history's length. */
  total: number;
}

/** Items before `end`, newest first, up to `count` items and PAGE_BYTES of JSON: where the page starts. */
function startWithin(history: readonly HistoryItem[], end: number, count: number): number {
  let bytes = 0;
  let start = end;
  while (start > 0 && end - start < count) {
    bytes += JSON.stringify(history[start - 1]).length;
    if (bytes > PAGE_BYTES && start < end) break;
    start--;
  }
  return start;
}

/** Items from `start` on, oldest first, up to `count` items and PAGE_BYTES of JSON: where the page ends. */
function endWithin(history: readonly HistoryItem[], start: number, count: number): number {
  let bytes = 0;
  let end = start;
  while (end < history.length && end - start < count) {
    bytes += JSON.stringify(history[end]).length;
    if (bytes > PAGE_BYTES && end > start) break;
    end++;
  }
  return end;
}

function page(history: readonly HistoryItem[], start: number, end: number): HistoryPage {
  return { items: history.slice(start, end), offset: start, total: history.length };
}

/** The newest window (the first message, or back to the latest after a search hit far up). */
export function newestPage(history: readonly HistoryItem[], count = INIT_ITEMS): HistoryPage {
  return page(history, startWithin(history, history.length, count), history.length);
}

/** The page just before the item `beforeId`; undefined when the history has no such item. */
export function pageBefore(history: readonly HistoryItem[], beforeId: string, count = PAGE_ITEMS): HistoryPage | undefined {
  const end = indexOf(history, beforeId);
  if (end < 0) return undefined;
  return page(history, startWithin(history, end, count), end);
}

/** The page just after the item `afterId`; undefined when the history has no such item. */
export function pageAfter(history: readonly HistoryItem[], afterId: string, count = PAGE_ITEMS): HistoryPage | undefined {
  const index = indexOf(history, afterId);
  if (index < 0) return undefined;
  return page(history, index + 1, endWithin(history, index + 1, count));
}

/** A window with the item `itemId` in its middle (a search hit); undefined when the history has no such item. */
export function pageAround(history: readonly HistoryItem[], itemId: string, count = INIT_ITEMS): HistoryPage | undefined {
  const index = indexOf(history, itemId);
  if (index < 0) return undefined;
  const end = Math.min(history.length, index + 1 + Math.floor(count / 2));
  const start = startWithin(history, end, count);
  // A window that lost the hit to the byte budget starts at the hit instead.
  return start <= index ? page(history, start, end) : page(history, index, Math.min(history.length, index + 1));
}

function indexOf(history: readonly HistoryItem[], id: string): number {
  // From the end: what the webview asks for is nearly always near what it already has, the newest part.
  for (let i = history.length - 1; i >= 0; i--) if (history[i].id === id) return i;
  return -1;
}
