/**
 * The prompts waiting for the running reply, below the transcript: each can be edited in place, removed, or sent now
 * (steering the running turn). After Stop they are held, and the list says so.
 */
import type { PanelStrings, QueuedPrompt, WebviewMessage } from '../shared/protocol';
import { el, icon, iconButton } from './dom';

export class QueueView {
  readonly root = el('section', 'queue');
  private readonly heading = el('div', 'queue-heading');
  private readonly list = el('ol', 'queue-list');
  private strings: PanelStrings | undefined;
  /** The item being edited keeps its text box across updates of the rest. */
  private editing: string | undefined;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.root.id = 'queue';
    this.root.hidden = true;
    this.root.append(this.heading, this.list);
  }

  setStrings(strings: PanelStrings): void {
    this.strings = strings;
    this.root.setAttribute('aria-label', strings.queued);
  }

  show(items: readonly QueuedPrompt[], held: boolean): void {
    const strings = this.strings;
    if (!strings) return;
    this.root.hidden = items.length === 0;
    this.root.classList.toggle('held', held);
    this.heading.replaceChildren(
      icon(held ? 'debug-pause' : 'list-ordered'),
      el('span', undefined, held ? strings.queuedHeld : strings.queued),
    );
    if (!items.some((item) => item.id === this.editing)) this.editing = undefined;
    const kept = this.editing ? this.list.querySelector<HTMLElement>(`li[data-id="${CSS.escape(this.editing)}"]`) : null;
    this.list.replaceChildren(...items.map((item) => (item.id === this.editing && kept ? kept : this.renderItem(item, strings))));
  }

  private renderItem(item: QueuedPrompt, strings: PanelStrings): HTMLElement {
    const li = el('li', 'queued');
    li.dataset.id = item.id;
    const text = el('span', 'queued-text', item.prompt);
    const actions = el('span', 'queued-actions');
    actions.append(
      iconButton('queue-edit', 'edit', strings.queueEdit, () => this.startEditing(li, item, strings)),
      iconButton('queue-send-now', 'run-above', strings.queueSendNow, () => this.post({ type: 'queueSendNow', id: item.id })),
      iconButton('queue-remove', 'close', strings.queueRemove, () => this.post({ type: 'queueRemove', id: item.id })),
    );
    li.append(text, actions);
    return li;
  }

  private startEditing(li: HTMLElement, item: QueuedPrompt, strings: PanelStrings): void {
    this.editing = item.id;
    const box = el('textarea', 'queued-edit');
    box.value = item.prompt;
    box.rows = Math.min(6, item.prompt.split('\n').length + 1);
    box.setAttribute('aria-label', strings.queueEdit);
    const save = (): void => {
      const prompt = box.value;
      if (!prompt.trim()) return;
      this.editing = undefined;
      this.post({ type: 'queueEdit', id: item.id, prompt });
      li.replaceWith(this.renderItem({ id: item.id, prompt }, strings));
    };
    const cancel = (): void => {
      this.editing = undefined;
      li.replaceWith(this.renderItem(item, strings));
    };
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        save();
      } else if (event.key === 'Escape') {
        // Escape here cancels the edit; it must not also stop the running reply.
        event.preventDefault();
        event.stopPropagation();
        cancel();
      }
    });
    const actions = el('span', 'queued-actions');
    actions.append(
      iconButton('queue-save', 'check', strings.queueSave, save),
      iconButton('queue-cancel', 'discard', strings.queueCancel, cancel),
    );
    li.replaceChildren(box, actions);
    box.focus();
  }
}
