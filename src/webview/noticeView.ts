/**
 * The notice above the prompt box about the session itself: it is slow to open, or did not open. Its buttons
 * (Retry, Restart Client, Show Log) are the host's; the words come with the notice, which can arrive before 'init'.
 */
import type { PanelNotice, WebviewMessage } from '../shared/protocol';
import { el, icon } from './dom';

export class NoticeView {
  readonly root = el('section', 'panel-notice');

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.root.id = 'notice';
    // Said when it appears, without taking the focus from what the user is doing.
    this.root.setAttribute('role', 'status');
    this.root.hidden = true;
  }

  show(notice: PanelNotice | undefined): void {
    this.root.hidden = !notice;
    if (!notice) return this.root.replaceChildren();
    const buttons = notice.actions.map(({ action, label }, index) => {
      const button = el('button', index === 0 ? undefined : 'secondary', label);
      button.type = 'button';
      button.dataset.action = action;
      button.addEventListener('click', () => this.post({ type: 'noticeAction', action }));
      return button;
    });
    const actions = el('div', 'panel-notice-actions');
    actions.append(...buttons);
    this.root.replaceChildren(icon('info'), el('span', 'panel-notice-text', notice.message), actions);
  }
}
