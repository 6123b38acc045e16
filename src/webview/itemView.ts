/** One history item as the transcript shows it: a user turn, a reply (Markdown), a tool run, an error, a notice. */
import type { HistoryItem, PanelStrings, SessionChange, WebviewMessage } from '../shared/protocol';
import { renderSentAttachments } from './attachments';
import { renderChanges } from './fileChanges';
import { linkifyPaths } from './fileLinks';
import type { CodeBlockOptions } from './codeBlocks';
import { el, format, Formatters, hiddenText, icon, iconButton } from './dom';
import { renderMarkdown } from './markdown';
import { StreamingRender } from './streamingRender';

export type AssistantItem = Extract<HistoryItem, { kind: 'assistant' }>;
type ToolItem = Extract<HistoryItem, { kind: 'tool' }>;

const TOOL_STATUS_ICON: Record<ToolItem['status'], string> = {
  running: 'loading codicon-modifier-spin',
  succeeded: 'check',
  failed: 'error',
  // A choice, not a failure: a neutral sign, not the red error mark.
  denied: 'circle-slash',
};

/** What the user can do from one of their own messages. */
export interface MessageActions {
  fork(itemId: string): void;
  rewind(itemId: string): void;
}

export class ItemView {
  strings: PanelStrings | undefined;
  formatters = new Formatters('en');

  constructor(
    private readonly code: CodeBlockOptions,
    private readonly actions?: MessageActions,
    /** Session panels: attachments and file paths open, changed files get their diff, Undo, Keep. */
    private readonly post?: (message: WebviewMessage) => void,
  ) {}

  private openFile = (path: string, line?: number): void =>
    this.post?.({ type: 'openFile', path, ...(line === undefined ? {} : { line }) });

  setCodeLabels(strings: PanelStrings): void {
    this.code.copy = strings.copy;
    this.code.copied = strings.copied;
    if (this.code.insert) this.code.insert.label = strings.insertCode;
    if (this.code.open) this.code.open.label = strings.openCode;
  }

  render(item: HistoryItem): HTMLElement {
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
        if (this.actions && strings) meta.append(this.userActions(item.id, strings, this.actions));
        article.append(el('div', 'body user-text', item.text));
        if (item.attachments?.length) article.append(renderSentAttachments(item.attachments, this.openFile));
        break;
      case 'changes':
        if (this.post) article.append(renderChanges(item, strings, this.post));
        break;
      case 'change':
        article.append(el('div', 'body notice-text', strings ? changeText(item.change, strings) : ''));
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

  /** With `stream`, a reply still streaming is rendered incrementally (only its open tail again). */
  fillAssistantBody(article: HTMLElement, item: AssistantItem, stream?: StreamingRender): void {
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
    if (stream && item.streaming) return stream.update(body, item.text);
    stream?.forget(body);
    body.replaceChildren(renderMarkdown(item.text, this.code));
    if (this.post && !item.streaming) linkifyPaths(body, this.openFile);
  }

  /**
   * A reply that finished streaming, keeping the body already on screen (only its open tail completed), when that
   * reads the same as rendering it whole; undefined when it must be rendered whole.
   */
  renderFinished(old: HTMLElement, item: AssistantItem, stream: StreamingRender): HTMLElement | undefined {
    const body = old.querySelector<HTMLElement>(':scope > .markdown');
    if (!body || item.streaming || !stream.finish(body, item.text)) return undefined;
    // The same article, finished: what the user selected or focused in the reply while it streamed stays so.
    old.classList.remove('streaming');
    old.setAttribute('aria-busy', 'false');
    if (this.post) linkifyPaths(body, this.openFile);
    return old;
  }

  /** Fork from Here and Restore to Here: shown on hover or focus, always reachable with Tab. */
  private userActions(itemId: string, strings: PanelStrings, actions: MessageActions): HTMLElement {
    const bar = el('span', 'message-actions');
    bar.append(
      iconButton('fork-here', 'repo-forked', strings.forkHere, () => actions.fork(itemId)),
      iconButton('rewind-here', 'discard', strings.rewindHere, () => actions.rewind(itemId)),
    );
    return bar;
  }

  /** A streaming renderer that shares this view's code block actions. */
  streamingRender(): StreamingRender {
    return new StreamingRender(this.code);
  }

  private toolStatusText(status: ToolItem['status']): string {
    const strings = this.strings;
    if (!strings) return status;
    switch (status) {
      case 'running':
        return strings.toolRunning;
      case 'succeeded':
        return strings.toolSucceeded;
      case 'failed':
        return strings.toolFailed;
      case 'denied':
        return strings.toolDenied;
    }
  }

  private renderTool(item: ToolItem): HTMLElement {
    const details = el('details', 'body tool-details');
    const summary = el('summary');
    const status = el('span', `tool-status ${item.status}`);
    status.dataset.status = item.status;
    // "Denied" is said in words: the icon alone would not tell a choice from a failure.
    const statusText = this.toolStatusText(item.status);
    status.append(
      icon(TOOL_STATUS_ICON[item.status]),
      item.status === 'denied' ? el('span', undefined, statusText) : hiddenText(statusText),
    );
    summary.append(icon('tools'), el('span', 'tool-name', item.toolName), el('span', 'tool-summary', item.summary));
    if (item.allowedForSession && this.strings) {
      const allowed = el('span', 'tool-allowed');
      allowed.append(icon('pass'), el('span', undefined, this.strings.toolAllowedForSession));
      summary.append(allowed);
    }
    summary.append(status);
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
    case 'change':
      return undefined;
  }
}

function changeText(change: SessionChange, strings: PanelStrings): string {
  if (change.type === 'compaction') return format(strings.compacted, change.messagesRemoved);
  return format(strings.modelChanged, change.reasoningEffort ? `${change.model} (${change.reasoningEffort})` : change.model);
}
