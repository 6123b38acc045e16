/**
 * Permission prompts. Nothing is focused automatically (a stray Enter must never approve); the cards are
 * announced and reachable with Tab.
 */
import type { PanelStrings, PermissionPrompt, WebviewMessage } from '../shared/protocol';
import { el, icon } from './dom';

export interface PermissionCallbacks {
  post(message: WebviewMessage): void;
  announce(text: string): void;
  /** Focus leaves the card's disabled buttons: give it somewhere sensible to go. */
  onAnswered(): void;
}

export class PermissionsView {
  readonly root = el('div');
  private readonly cards = new Map<string, HTMLElement>();
  private strings: PanelStrings | undefined;
  private counter = 0;

  constructor(private readonly callbacks: PermissionCallbacks) {
    this.root.id = 'permissions';
  }

  setAll(prompts: PermissionPrompt[], strings: PanelStrings): void {
    this.strings = strings;
    this.cards.clear();
    this.root.replaceChildren();
    for (const prompt of prompts) this.add(prompt, false);
  }

  add(prompt: PermissionPrompt, announce = true): void {
    const strings = this.strings;
    if (!strings) return;
    const card = this.renderCard(prompt, strings);
    const existing = this.cards.get(prompt.requestId);
    if (existing) existing.replaceWith(card);
    else this.root.append(card);
    this.cards.set(prompt.requestId, card);
    if (announce) this.callbacks.announce(`${strings.permissionTitle}: ${prompt.kind} — ${prompt.detail}`);
  }

  resolve(requestId: string): void {
    const card = this.cards.get(requestId);
    if (!card) return;
    const hadFocus = card.contains(document.activeElement);
    card.remove();
    this.cards.delete(requestId);
    if (hadFocus) this.callbacks.onAnswered();
  }

  private renderCard(prompt: PermissionPrompt, strings: PanelStrings): HTMLElement {
    const card = el('section', 'permission');
    card.dataset.requestId = prompt.requestId;
    const titleId = `permission-title-${++this.counter}`;
    card.setAttribute('aria-labelledby', titleId);

    const head = el('div', 'permission-head');
    const title = el('h2', undefined, strings.permissionTitle);
    title.id = titleId;
    head.append(icon('shield'), title, el('span', 'permission-kind', prompt.kind));
    const detail = el('code', 'permission-detail', prompt.detail);

    const approve = el('button', 'approve', strings.approve);
    const deny = el('button', 'deny secondary', strings.deny);
    for (const [button, approved] of [
      [approve, true],
      [deny, false],
    ] as const) {
      button.type = 'button';
      button.addEventListener('click', () => {
        approve.disabled = true;
        deny.disabled = true;
        card.classList.add('answered');
        this.callbacks.post({ type: 'permissionAnswer', requestId: prompt.requestId, approved });
        this.callbacks.onAnswered();
      });
    }
    const actions = el('div', 'permission-actions');
    actions.append(approve, deny);
    card.append(head, detail, actions);
    return card;
  }
}
