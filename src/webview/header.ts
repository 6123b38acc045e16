/** The panel header: title, model, status badge, tokens and premium requests. */
import type { PanelStrings, SessionHeader, SessionStatus } from '../shared/protocol';
import { el, format, Formatters, icon } from './dom';

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
  private readonly model = el('span', 'model');
  private readonly status = el('span', 'status');
  private readonly tokens = el('span', 'tokens');
  private strings: PanelStrings | undefined;
  private formatters = new Formatters('en');
  private header: SessionHeader | undefined;
  private current: SessionStatus = 'idle';

  constructor() {
    this.root.id = 'header';
    const details = el('div', 'header-details');
    details.append(this.model, this.status, this.tokens);
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
    this.model.textContent = header.model;
    this.model.hidden = header.model === '';
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
}
