/**
 * The panel header: title, the model (a button: Change Model), status badge, how full the context is (with Compact),
 * tokens and premium requests, and where a fork came from.
 */
import type { PanelStrings, SessionHeader, SessionStatus, WebviewMessage } from '../shared/protocol';
import { el, format, Formatters, icon, iconButton } from './dom';

const STATUS_ICON: Record<SessionStatus, string> = {
  idle: 'circle-outline',
  busy: 'loading codicon-modifier-spin',
  waiting: 'question',
  error: 'error',
  missing: 'warning',
};

function statusText(status: SessionStatus, strings: PanelStrings): string {
  switch (status) {
    case 'idle':
      return strings.statusIdle;
    case 'busy':
      return strings.statusBusy;
    case 'waiting':
      return strings.statusWaiting;
    case 'error':
      return strings.statusError;
    case 'missing':
      return strings.statusMissing;
  }
}

export class HeaderView {
  readonly root = el('header');
  private readonly title = el('h1', 'title');
  private readonly model = el('button', 'model');
  private readonly modelText = el('span', 'model-name');
  private readonly context = el('span', 'context');
  private readonly contextMeter = el('meter');
  private readonly contextText = el('span', 'context-text');
  private readonly compactButton: HTMLButtonElement;
  private readonly forkedFrom = el('button', 'link-button forked-from');
  private readonly status = el('span', 'status');
  private readonly tokens = el('span', 'tokens');
  private strings: PanelStrings | undefined;
  private formatters = new Formatters('en');
  private header: SessionHeader | undefined;
  private current: SessionStatus = 'idle';

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.root.id = 'header';
    this.model.id = 'model';
    this.model.type = 'button';
    this.model.append(this.modelText, icon('chevron-down'));
    this.model.addEventListener('click', () => this.post({ type: 'pickModel' }));
    this.compactButton = iconButton('compact', 'fold', '', () => this.post({ type: 'compact' }));
    this.compactButton.id = 'compact';
    this.contextMeter.min = 0;
    this.contextMeter.max = 1;
    this.contextMeter.low = 0.6;
    this.contextMeter.high = 0.8;
    this.contextMeter.optimum = 0;
    this.context.append(this.contextMeter, this.contextText, this.compactButton);
    this.context.hidden = true;
    this.forkedFrom.id = 'forked-from';
    this.forkedFrom.type = 'button';
    this.forkedFrom.hidden = true;
    this.forkedFrom.addEventListener('click', () => {
      const parent = this.header?.forkedFrom;
      if (parent) this.post({ type: 'openSession', sessionId: parent.sessionId });
    });
    const details = el('div', 'header-details');
    details.append(this.model, this.status, this.context, this.tokens, this.forkedFrom);
    this.root.append(this.title, details);
    this.tokens.hidden = true;
  }

  setStrings(strings: PanelStrings, locale: string): void {
    this.strings = strings;
    this.formatters = new Formatters(locale);
    this.render();
  }

  setHeader(header: SessionHeader): void {
    this.header = header;
    this.render();
  }

  setStatus(status: SessionStatus): void {
    this.current = status;
    this.render();
  }

  private render(): void {
    const { header, strings } = this;
    if (!header || !strings) return;
    this.title.textContent = header.title;
    this.title.title = header.title;
    const effort = header.reasoningEffort ? ` · ${strings.reasoningEffort}: ${header.reasoningEffort}` : '';
    this.modelText.textContent =
      (header.actualModel ? format(strings.actualModel, header.model, header.actualModel) : header.model) + effort;
    this.model.title = strings.changeModel;
    this.model.classList.toggle('differs', header.actualModel !== undefined);
    this.model.hidden = header.model === '';
    this.renderContext(header, strings);
    this.forkedFrom.hidden = header.forkedFrom === undefined;
    if (header.forkedFrom)
      this.forkedFrom.replaceChildren(icon('repo-forked'), el('span', undefined, format(strings.forkedFrom, header.forkedFrom.title)));
    this.status.dataset.status = this.current;
    this.status.replaceChildren(icon(STATUS_ICON[this.current]), el('span', undefined, statusText(this.current, strings)));
    this.tokens.hidden = header.tokens === undefined;
    const usage = header.tokens === undefined ? [] : [`${strings.tokens}: ${this.formatters.number.format(header.tokens)}`];
    if (header.cost !== undefined) {
      // Plural forms by the language's own rules (pt-BR, zh have other ones than English).
      const one = this.formatters.plural.select(header.cost) === 'one';
      usage.push(format(one ? strings.premiumRequestOne : strings.premiumRequestOther, this.formatters.number.format(header.cost)));
    }
    this.tokens.textContent = usage.join(' · ');
  }

  private renderContext(header: SessionHeader, strings: PanelStrings): void {
    const context = header.context;
    this.context.hidden = !context || context.limitTokens <= 0;
    this.compactButton.title = strings.compact;
    const label = this.compactButton.querySelector('.visually-hidden');
    if (label) label.textContent = strings.compact;
    if (!context || context.limitTokens <= 0) return;
    const share = Math.min(1, context.usedTokens / context.limitTokens);
    const percent = Math.round(share * 100);
    this.contextMeter.value = share;
    this.contextText.textContent = format(strings.context, percent);
    this.context.title = `${this.formatters.number.format(context.usedTokens)} / ${this.formatters.number.format(context.limitTokens)}`;
  }
}
