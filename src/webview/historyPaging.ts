/**
 * The one history page the webview waits for, and what it is for: at most one request is in flight (scrolling
 * fires many events), and the page is used the way it was asked for (the "Show older" window, scrolling up, or
 * back to the newest).
 */
export type PageWant = 'window' | 'scroll' | 'latest';

export class HistoryPaging {
  #pending: PageWant | undefined;

  /**
   * True when the request may go out: nothing is in flight, or the user asked for the newest window (a click on
   * Jump to latest must not wait for a scrolling page; that page still joins, and the newest window replaces it).
   */
  request(want: PageWant): boolean {
    if (this.#pending && (want !== 'latest' || this.#pending === 'latest')) return false;
    this.#pending = want;
    return true;
  }

  /** A page came: what it was asked for (undefined: nobody asked, e.g. a search hit's window). */
  received(): PageWant | undefined {
    const want = this.#pending;
    this.#pending = undefined;
    return want;
  }

  reset(): void {
    this.#pending = undefined;
  }
}
