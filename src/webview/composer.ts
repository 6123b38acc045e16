/**
 * The prompt box: Enter sends, Shift+Enter adds a line, Escape stops a reply, refusals are explained inline instead
 * of posting. Send looks disabled while there is nothing to send; while a reply runs it queues the prompt.
 */
import type { PanelStrings, SessionStatus, WebviewMessage } from '../shared/protocol';
import type { AttachmentRef } from '../shared/attachments';
import { el, hiddenText, icon } from './dom';

export interface ComposerCallbacks {
  post(message: WebviewMessage): void;
  /** A prompt was posted (the history jumps back to the newest items). */
  onSent(): void;
  /** The chips above the box: they go with the prompt, and are cleared once it is posted. */
  attachments?: { refs(): AttachmentRef[]; clear(): void };
}

type MessageKind = 'refusal' | 'failure';

export class Composer {
  readonly form = el('form');
  readonly textarea = el('textarea');
  private readonly message = el('div');
  private readonly sendButton = el('button', 'icon-button primary');
  private readonly sendLabel = hiddenText('');
  private readonly stopButton = el('button', 'icon-button');
  private readonly stopLabel = hiddenText('');
  private strings: PanelStrings | undefined;
  private status: SessionStatus = 'idle';
  private messageKind: MessageKind | undefined;
  private lastWidth = 0;

  constructor(private readonly callbacks: ComposerCallbacks) {
    this.form.id = 'composer';
    this.form.noValidate = true;
    this.message.id = 'composer-message';
    // Present from the start (and only emptied, never hidden) so assistive tech reliably announces changes.
    this.message.setAttribute('role', 'alert');
    this.textarea.id = 'prompt';
    this.textarea.rows = 1;
    this.textarea.disabled = true; // Until init brings the strings and the state.
    this.sendButton.id = 'send';
    this.sendButton.type = 'submit';
    this.sendButton.append(icon('send'), this.sendLabel);
    this.stopButton.id = 'stop';
    this.stopButton.type = 'button';
    this.stopButton.hidden = true;
    this.stopButton.append(icon('debug-stop'), this.stopLabel);

    const row = el('div', 'composer-row');
    const actions = el('div', 'composer-actions');
    actions.append(this.stopButton, this.sendButton);
    row.append(this.textarea, actions);
    this.form.append(this.message, row);

    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendFromTextarea();
    });
    this.textarea.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.textarea.addEventListener('input', () => {
      this.autoGrow();
      this.updateSendState();
      if (this.messageKind === 'refusal') this.clearMessage();
    });
    this.stopButton.addEventListener('click', () => this.callbacks.post({ type: 'stop' }));
    // A narrower box wraps the text (or the placeholder) onto more lines: grow again, never show scroll arrows.
    new ResizeObserver(() => {
      if (this.textarea.clientWidth === this.lastWidth) return;
      this.lastWidth = this.textarea.clientWidth;
      this.autoGrow();
    }).observe(this.textarea);
  }

  /** Escape while a reply runs: stop it. Returns whether it did. */
  stopIfBusy(): boolean {
    if (!this.isBusy()) return false;
    this.callbacks.post({ type: 'stop' });
    return true;
  }

  /** Focus for typing, unless the page has put it somewhere on purpose (a button, a link, the transcript). */
  focusIfNowhere(): void {
    const active = document.activeElement;
    const nowhere = !active || active === document.body || (active instanceof HTMLButtonElement && (active.disabled || active.hidden));
    if (nowhere && !this.textarea.disabled) this.textarea.focus();
  }

  setStrings(strings: PanelStrings): void {
    this.strings = strings;
    this.textarea.placeholder = strings.placeholder;
    this.textarea.setAttribute('aria-label', strings.placeholder);
    this.textarea.disabled = false;
    this.sendButton.title = strings.send;
    this.sendLabel.textContent = strings.send;
    this.stopButton.title = strings.stop;
    this.stopLabel.textContent = strings.stop;
    this.autoGrow();
    this.updateSendState();
  }

  setStatus(status: SessionStatus): void {
    this.status = status;
    const busy = this.isBusy();
    const stopHadFocus = document.activeElement === this.stopButton;
    this.stopButton.hidden = !busy;
    // A hidden Stop drops the focus onto the page body: back to the box, where the user goes on typing.
    if (stopHadFocus && !busy) this.textarea.focus();
    this.updateSendState();
    if (!busy && this.messageKind === 'refusal') this.clearMessage();
  }

  /**
   * aria-disabled, not disabled: the button stays focusable and a click explains why nothing is sent. While a reply
   * runs it queues the prompt, and says so.
   */
  private updateSendState(): void {
    this.sendButton.setAttribute('aria-disabled', String(this.textarea.value.trim() === ''));
    const label = this.strings ? (this.isBusy() ? this.strings.sendQueue : this.strings.send) : '';
    this.sendButton.title = label;
    this.sendLabel.textContent = label;
    this.sendButton.classList.toggle('queues', this.isBusy());
  }

  /** A kept prompt from the host; never overwrites what the user is typing. */
  setDraft(draft: string): void {
    if (this.textarea.value.trim() !== '' || draft === '') return;
    this.setValue(draft);
  }

  /** `message` undefined: the transcript shows it already; the composer only offers Retry. */
  turnFailed(message: string | undefined, prompt: string): void {
    if (this.textarea.value.trim() === '') this.setValue(prompt);
    const retry = el('button', 'link-button');
    retry.id = 'retry';
    retry.type = 'button';
    retry.append(icon('refresh'), el('span', undefined, this.strings?.retry ?? ''));
    retry.addEventListener('click', () => {
      if (!this.send(prompt)) return;
      if (this.textarea.value === prompt) this.setValue('');
      this.textarea.focus();
    });
    if (message === undefined) this.showMessage('failure', retry);
    else this.showMessage('failure', el('span', 'composer-message-text', message), retry);
    this.textarea.focus();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    // Enter that confirms an IME candidate must not send (keyCode 229 covers older composition events).
    if (event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.sendFromTextarea();
  }

  private sendFromTextarea(): void {
    if (this.send(this.textarea.value)) this.setValue('');
  }

  /** Posts the prompt unless the UI must refuse it; returns whether it was posted. */
  private send(prompt: string): boolean {
    const strings = this.strings;
    if (!strings) return false;
    if (prompt.trim() === '') {
      this.showMessage('refusal', el('span', 'composer-message-text', strings.emptyPrompt));
      return false;
    }
    const attachments = this.callbacks.attachments?.refs() ?? [];
    this.callbacks.post({ type: 'send', prompt, ...(attachments.length ? { attachments } : {}) });
    this.callbacks.attachments?.clear();
    this.clearMessage();
    this.callbacks.onSent();
    return true;
  }

  private isBusy(): boolean {
    return this.status === 'busy' || this.status === 'waiting';
  }

  private setValue(value: string): void {
    this.textarea.value = value;
    this.autoGrow();
    this.updateSendState();
  }

  private showMessage(kind: MessageKind, ...content: Node[]): void {
    this.messageKind = kind;
    this.message.className = kind;
    // A lone Retry (the error itself is in the transcript) needs no error icon of its own.
    const alone = content.length === 1 && content[0] instanceof HTMLButtonElement;
    this.message.replaceChildren(...(alone ? [] : [icon(kind === 'failure' ? 'error' : 'info')]), ...content);
  }

  private clearMessage(): void {
    this.messageKind = undefined;
    this.message.className = '';
    this.message.replaceChildren();
  }

  /** Grows with the text (or the placeholder, when empty); CSS max-height caps it at about ten lines, then it scrolls. */
  private autoGrow(): void {
    const area = this.textarea;
    area.style.height = 'auto';
    const borders = area.offsetHeight - area.clientHeight;
    area.style.height = `${area.scrollHeight + borders}px`;
  }
}
