/** Small DOM helpers: the webview builds every node with createElement (CSP allows no inline markup tricks). */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A decorative codicon; hidden from screen readers, which get the text next to it instead. */
export function icon(name: string): HTMLSpanElement {
  const span = el('span', `codicon codicon-${name}`);
  span.setAttribute('aria-hidden', 'true');
  return span;
}

/** Text only screen readers see (icon-only buttons still need a name). */
export function hiddenText(text: string): HTMLSpanElement {
  return el('span', 'visually-hidden', text);
}

/** Fills `{0}`, `{1}`… placeholders of a localized string. */
export function format(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/** Locale-aware formatters; a bad locale tag from the host must not break rendering. */
export class Formatters {
  readonly time: Intl.DateTimeFormat;
  readonly full: Intl.DateTimeFormat;
  readonly number: Intl.NumberFormat;
  readonly plural: Intl.PluralRules;

  constructor(locale: string) {
    const tag = safeLocale(locale);
    this.plural = new Intl.PluralRules(tag);
    this.time = new Intl.DateTimeFormat(tag, { timeStyle: 'short' });
    this.full = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'medium' });
    this.number = new Intl.NumberFormat(tag);
  }
}

function safeLocale(locale: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

/** A button with only an icon: its label is the tooltip and what screen readers hear. */
export function iconButton(className: string, iconName: string, label: string, run: () => void): HTMLButtonElement {
  const button = el('button', `icon-button ${className}`);
  button.type = 'button';
  button.title = label;
  button.append(icon(iconName), hiddenText(label));
  button.addEventListener('click', run);
  return button;
}
