/** The panel's history figures: a long history on screen, its first message, its DOM, scrolling it to both ends (bench/sections/history.ts). */
import { cpuNote, type Figure, type Scope } from './figures';
import { kib, median, mib, ms } from './lib/stats';
/** The panel on the long session vs the short one: history on screen, message elements in the DOM. */
export function historyFigures({ raw, missing, failedSection, fig }: Scope): Figure[] {
  const out: Figure[] = [];
  const h = raw.history;
  if (h && h.long.length && h.short.length) {
    const m = median(h.long.map((r) => r.ms));
    const b = median(h.short.map((r) => r.ms));
    out.push(
      fig({
        id: 'panel.historyOnScreen',
        figure: `Panel on ${h.turns.toLocaleString('en-US')} turns: history on screen after getEvents() vs ${h.shortTurns} turns`,
        measured: ms(m),
        baseline: ms(b),
        ratio: m / b,
        values: { long: h.long, short: h.short },
        note: `getEvents() ${ms(median(h.long.map((r) => r.getEventsMs)))} for ${h.long[0].events} events; then 'init' posted after ${ms(median(h.long.map((r) => r.toInitPostMs)))} (webview DOM ready ${ms(median(h.long.map((r) => r.webviewReadyMs)))} after getEvents()), rendered ${ms(median(h.long.map((r) => r.initToRenderedMs)))} after the post${h.long.every((r) => r.webviewRenderMs !== undefined) ? ` (${ms(median(h.long.map((r) => r.initToWebviewMs!)))} to reach the webview, ${ms(median(h.long.map((r) => r.webviewRenderMs!)))} to render)` : ''} (the 'init' message carries all ${h.long[0].initItems ?? '?'} items, ${kib(h.long[0].initBytes ?? 0)} of JSON, for ${h.long[0].messages} shown); open → on screen ${ms(median(h.long.map((r) => r.openMs)))}`,
      }),
    );
    const initBytes = Math.max(...h.long.map((r) => r.initBytes ?? Number.NaN));
    out.push(
      fig({
        id: 'panel.initBytes',
        figure: `The panel's first message ('init'), ${h.turns.toLocaleString('en-US')} turns vs ${h.shortTurns}`,
        measured: kib(initBytes),
        baseline: kib(Math.max(...h.short.map((r) => r.initBytes ?? Number.NaN))),
        ratio: null,
        judged: { bytes: initBytes },
        values: { long: h.long.map((r) => r.initBytes), short: h.short.map((r) => r.initBytes), items: h.long[0].initItems },
        note: `${h.long[0].initItems ?? '?'} history items in it`,
      }),
    );
    const dom = Math.max(...h.long.map((r) => r.messages));
    const domShort = Math.max(...h.short.map((r) => r.messages));
    out.push(
      fig({
        id: 'panel.domMessages',
        figure: 'Message elements in the DOM, long vs short history',
        measured: String(dom),
        baseline: String(domShort),
        ratio: dom / domShort,
        judged: { messages: dom },
        values: { long: dom, short: domShort },
      }),
    );
  } else out.push(missing('panel.historyOnScreen', 'Panel history on screen after getEvents()', failedSection('panels')));
  const sc = raw.scroll;
  if (sc) {
    out.push(
      fig({
        id: 'panel.scrollToTop',
        figure: `Scrolling to the top of ${sc.turns.toLocaleString('en-US')} turns: longest block of the webview`,
        measured: ms(sc.longestTaskMs),
        baseline: '—',
        ratio: null,
        judged: { longestTaskMs: sc.longestTaskMs, olderLeft: sc.reachedTop ? 0 : Math.max(1, sc.olderLeft) },
        values: { ...sc },
        note: `${sc.longTasks} task(s) over 50 ms (the long-task observer's threshold), ${sc.ownLongTasks} of them the panel's own (longest ${ms(sc.longestOwnTaskMs)}; the others: another frame on the webview's thread); longest gap between two animation frames ${ms(sc.longestFrameGapMs)} over ${sc.frames} frames; ${sc.pages} older pages fetched, ${sc.reachedTop ? `top reached after ${ms(sc.totalMs)}` : `top NOT reached in ${ms(sc.totalMs)} (${sc.olderLeft.toLocaleString('en-US')} older messages left)`}; ${sc.messagesInDom} message elements in the DOM at the top${cpuNote(sc.cpu, 'while scrolling')}`,
      }),
    );
    if (sc.down) {
      const d = sc.down;
      out.push(
        fig({
          id: 'panel.scrollToNewest',
          figure: `Scrolling back down from the first turn to the newest of ${sc.turns.toLocaleString('en-US')}: longest block of the webview`,
          measured: ms(d.longestTaskMs),
          baseline: '—',
          ratio: null,
          judged: { longestTaskMs: d.longestTaskMs, notReached: d.reachedTop ? 0 : 1 },
          values: { ...d },
          note: `${d.longTasks} task(s) over 50 ms, ${d.ownLongTasks} of them the panel's own (longest ${ms(d.longestOwnTaskMs)}); longest gap between two animation frames ${ms(d.longestFrameGapMs)} over ${d.frames} frames; ${d.pages} newer pages fetched, ${d.reachedTop ? `the newest reached after ${ms(d.totalMs)}` : `the newest NOT reached in ${ms(d.totalMs)} (stopped at ${JSON.stringify(d.stoppedAt)})`}; ${d.messagesInDom} message elements in the DOM at the newest${cpuNote(d.cpu, 'while scrolling')}`,
        }),
      );
    } else
      out.push(
        missing('panel.scrollToNewest', 'Scrolling back down to the newest turn: longest block', 'the scroll up did not reach the top'),
      );
    const heap = sc.heap;
    if (heap) {
      out.push(
        fig({
          id: 'panel.scrollHeap',
          figure: `The webview's JS heap at the first of ${sc.turns.toLocaleString('en-US')} turns vs on opening (after a full collection)`,
          measured: mib(heap.topBytes / 1024),
          baseline: mib(heap.openedBytes / 1024),
          ratio: heap.topBytes / heap.openedBytes,
          values: { ...heap },
          note: `${heap.newestBytes === undefined ? 'not measured back at the newest' : `${mib(heap.newestBytes / 1024)} back at the newest`}; the heap is the renderer's the webview shares with the workbench page`,
        }),
      );
    }
  } else out.push(missing('panel.scrollToTop', 'Scrolling to the top of a long history: longest block', failedSection('panels')));
  return out;
}
