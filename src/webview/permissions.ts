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
    // What will run and where, each under its own name.
    const facts = el('dl', 'permission-facts');
    const fact = (name: string, value: string, className: string): void => {
      const cell = el('dd');
      cell.append(el('code', className, value));
      facts.append(el('dt', undefined, name), cell);
    };
    fact(detailLabel(prompt.kind, strings), prompt.detail, 'permission-detail');
    if (prompt.cwd) fact(strings.permissionCwd, prompt.cwd, 'permission-cwd');

    const approve = el('button', 'approve', strings.approve);
    const forSession = prompt.canAllowForSession ? el('button', 'allow-session secondary', strings.allowForSession) : undefined;
    const deny = el('button', 'deny secondary', strings.deny);
    const buttons = [approve, forSession, deny].filter((b): b is HTMLButtonElement => b !== undefined);
    const answer = (approved: boolean, session: boolean): void => {
      for (const button of buttons) button.disabled = true;
      card.classList.add('answered');
      this.callbacks.post({ type: 'permissionAnswer', requestId: prompt.requestId, approved, ...(session ? { forSession: true } : {}) });
      this.callbacks.onAnswered();
    };
    approve.addEventListener('click', () => answer(true, false));
    forSession?.addEventListener('click', () => answer(true, true));
    deny.addEventListener('click', () => answer(false, false));
    for (const button of buttons) button.type = 'button';
    const actions = el('div', 'permission-actions');
    actions.append(...buttons);
    card.append(head, facts, actions);
    return card;
  }
}

function detailLabel(kind: string, strings: PanelStrings): string {
  switch (kind) {
    case 'shell':
      return strings.permissionCommand;
    case 'write':
    case 'read':
      return strings.permissionFile;
    case 'url':
      return strings.permissionUrl;
    default:
      return strings.permissionDetail;
  }
}
