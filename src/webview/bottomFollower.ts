/**
 * Keeps the transcript at its newest line while the user is there, and offers Jump to latest once they read back.
 * Content that grows, a window that shrinks or the browser's scroll anchoring move the scroll position too, and their
 * scroll events come a frame later: only a move up that leaves the bottom is the user reading back.
 */
import { el, icon } from './dom';

const NEAR_BOTTOM_PX = 48;

export class BottomFollower {
  /** The user is at the newest line: what comes in is kept in view. Only the user's own scrolling up clears it. */
  private stick = true;
  private lastScrollTop = 0;
  /** Floats over the transcript's bottom edge while the user reads further up. */
  readonly bar = el('div', 'jump-bar');
  readonly button = el('button', 'jump-latest');
  private readonly label = el('span');

  constructor(
    private readonly root: HTMLElement,
    onJump: () => void,
    /** The window's bottom is the newest item: the bottom of a window further up is not "at the newest line". */
    private readonly atNewest: () => boolean,
  ) {
    this.button.id = 'jump-latest';
    this.button.type = 'button';
    this.button.append(icon('arrow-down'), this.label);
    this.button.addEventListener('click', onJump);
    this.bar.append(this.button);
    this.bar.hidden = true;
  }

  get following(): boolean {
    return this.stick;
  }

  setLabel(text: string): void {
    this.label.textContent = text;
  }

  /** After a scroll event. */
  scrolled(): void {
    const root = this.root;
    const distance = root.scrollHeight - root.scrollTop - root.clientHeight;
    if (!this.atNewest()) this.stick = false;
    else if (distance <= 1) this.stick = true;
    else if (root.scrollTop < this.lastScrollTop - 1) this.stick = false;
    else if (distance < NEAR_BOTTOM_PX) this.stick = true;
    this.lastScrollTop = root.scrollTop;
    this.updateJump();
  }

  /** The content moved under the user (older items put above): where it is now is not a scroll of theirs. */
  keepPosition(): void {
    this.lastScrollTop = this.root.scrollTop;
  }

  /** Content or size changed: stay at the bottom if following. */
  contentChanged(): void {
    if (this.stick) this.scrollToBottom();
    this.updateJump();
  }

  /** To the newest line, following again. */
  follow(): void {
    this.stick = true;
    this.scrollToBottom();
    this.updateJump();
  }

  updateJump(): void {
    const root = this.root;
    // At the bottom of a window further up, the newest items are still below: the button stays.
    this.bar.hidden = this.stick || (root.scrollHeight - root.scrollTop - root.clientHeight <= 1 && this.atNewest());
  }

  /** To the end of the window without following (the user is reading back). */
  scrollToBottom(): void {
    this.root.scrollTop = this.root.scrollHeight;
    this.lastScrollTop = this.root.scrollTop;
  }
}
