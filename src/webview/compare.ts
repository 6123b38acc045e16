/** Compare webview entry: one column per model, streamed side by side, with timing and token figures. */
import type { CompareColumn, CompareHostMessage, CompareStrings, CompareWebviewMessage } from '../shared/compareProtocol';
import { el, Formatters } from './dom';
import { interceptLinks, renderMarkdown } from './markdown';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscodeApi = acquireVsCodeApi();
const post = (message: CompareWebviewMessage): void => vscodeApi.postMessage(message);

const app = document.getElementById('app') ?? document.body.appendChild(el('div'));
app.classList.add('compare');
interceptLinks(app, (href) => post({ type: 'openLink', href }));

let strings: CompareStrings | undefined;
let formatters = new Formatters('en');
const columns = new Map<
  string,
  { data: CompareColumn; root: HTMLElement; body: HTMLElement; stats: HTMLElement; open: HTMLButtonElement; frame?: number }
>();

function statsText(column: CompareColumn): string {
  if (!strings) return '';
  if (column.state === 'failed') return `${strings.failed}: ${column.error ?? ''}`;
  if (column.state === 'deleted') return strings.deleted;
  if (column.state === 'waiting') return strings.waiting;
  const parts: string[] = [];
  const seconds = (ms: number) => `${formatters.number.format(Math.round(ms) / 1000)} s`;
  if (column.firstTokenMs !== undefined) parts.push(`${strings.firstToken} ${seconds(column.firstTokenMs)}`);
  if (column.totalMs !== undefined) parts.push(`${strings.total} ${seconds(column.totalMs)}`);
  if (column.outputTokens !== undefined) parts.push(`${strings.tokens} ${formatters.number.format(column.outputTokens)}`);
  return parts.join(' · ');
}

function render(sessionId: string): void {
  const column = columns.get(sessionId);
  if (!column || !strings) return;
  column.frame = undefined;
  column.root.dataset.state = column.data.state;
  column.stats.textContent = statsText(column.data);
  // A deleted session cannot be continued: no button that would fail.
  column.open.hidden = column.data.state === 'deleted';
  column.body.replaceChildren(renderMarkdown(column.data.text, { copy: strings.copy, copied: strings.copied }));
}

/** Re-render a column's Markdown at most once per frame while it streams. */
function schedule(sessionId: string): void {
  const column = columns.get(sessionId);
  if (column && column.frame === undefined) column.frame = requestAnimationFrame(() => render(sessionId));
}

function init(message: Extract<CompareHostMessage, { type: 'compareInit' }>): void {
  strings = message.strings;
  formatters = new Formatters(message.locale);
  columns.clear();
  const heading = el('header', 'compare-header');
  heading.append(el('h1', undefined, `${message.strings.title}: `), el('span', 'compare-prompt', message.prompt));
  const grid = el('div', 'compare-grid');
  grid.style.setProperty('--columns', String(message.columns.length));
  for (const data of message.columns) {
    const root = el('section', 'compare-column');
    root.dataset.sessionId = data.sessionId;
    const title = el('h2', 'compare-model', data.model);
    const stats = el('div', 'compare-stats');
    stats.setAttribute('aria-live', 'polite');
    const body = el('div', 'compare-body');
    const open = el('button', 'secondary compare-continue', message.strings.continueSession);
    open.type = 'button';
    open.addEventListener('click', () => post({ type: 'openSession', sessionId: data.sessionId }));
    root.append(title, stats, body, open);
    grid.append(root);
    columns.set(data.sessionId, { data: { ...data }, root, body, stats, open });
    render(data.sessionId);
  }
  app.replaceChildren(heading, grid);
}

window.addEventListener('message', (event: MessageEvent<CompareHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'compareInit':
      init(message);
      break;
    case 'compareColumn': {
      const column = columns.get(message.column.sessionId);
      if (column) {
        column.data = { ...message.column };
        render(message.column.sessionId);
      }
      break;
    }
    case 'compareDeltas':
      for (const delta of message.deltas) {
        const column = columns.get(delta.sessionId);
        if (!column) continue;
        column.data.text += delta.text;
        schedule(delta.sessionId);
      }
      break;
  }
});

post({ type: 'ready' });
