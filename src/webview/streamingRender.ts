/**
 * A reply that is still streaming, rendered incrementally: each finished Markdown block is rendered once and kept;
 * a long open paragraph is cut into inline parts that are rendered once too; only the open tail (the last part) is
 * rendered again on every frame. So a frame costs about the same at the end of a long reply as at its start. Where
 * the cuts are: src/shared/streamSplit.ts. The finished reply keeps its parts when they read the same as the whole
 * (a plain reply of paragraphs, headings and code); otherwise it is rendered whole, once, by ItemView.
 * (#private fields: the webview bundle has a size budget, and only these names are minified.)
 */
import { finishedBlocksEnd, inlineCuts, isPlainParagraph, partsRenderLikeWhole } from '../shared/streamSplit';
import { el } from './dom';
import { renderInlineMarkdown, renderMarkdown, type CodeBlockOptions } from './markdown';

/** Parts of an open paragraph: big enough that a frame renders few of them, small enough to render in a frame. */
const MIN_PART = 400;
/** Kept text of an open paragraph after which its lines above the tail's are sealed (see #seal). */
const SEAL_AFTER = 2000;
/** The longest a streamed reply's next render waits after a long one. */
const MAX_RENDER_PAUSE_MS = 33;
/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

class StreamingBody {
  /** The text rendered so far; the next text must extend it (otherwise everything is rendered again). */
  #text = '';
  /** End of the finished blocks, rendered and kept. */
  #blocksEnd = 0;
  /** The open paragraph (cut into parts), when the tail is one: its element and where its kept parts end. */
  #paragraph: HTMLElement | undefined;
  #partsEnd = 0;
  /** What is rendered again on the next frame. */
  #live: ChildNode[] = [];
  /** Characters of the open paragraph kept since its lines were last sealed. */
  #unsealed = 0;

  constructor(
    private readonly body: HTMLElement,
    private readonly code: CodeBlockOptions,
  ) {
    body.replaceChildren();
  }

  update(text: string): void {
    if (!text.startsWith(this.#text)) {
      this.body.replaceChildren();
      this.#blocksEnd = 0;
      this.#paragraph = undefined;
    }
    // Sealed before this frame changes anything: the lines are then where the last frame laid them out, and reading
    // them costs no layout of its own (after the changes below it would be a second layout in the frame).
    if (this.#paragraph && this.#unsealed >= SEAL_AFTER && !RIGHT_TO_LEFT.test(this.#text.slice(this.#blocksEnd))) {
      this.#seal(this.#paragraph);
    }
    this.#text = text;
    for (const node of this.#live) node.remove();
    this.#live = [];

    const end = finishedBlocksEnd(text, this.#blocksEnd);
    if (end > this.#blocksEnd) {
      // The open paragraph is finished: its parts give way to the block rendered whole, with what followed it.
      this.#dropParagraph();
      this.body.append(renderMarkdown(text.slice(this.#blocksEnd, end), this.code));
      this.#blocksEnd = end;
    }
    const tail = text.slice(this.#blocksEnd);
    if (tail === '') return;
    if (!isPlainParagraph(tail)) {
      this.#dropParagraph();
      return this.#showLive(this.body, renderMarkdown(tail, this.code));
    }
    if (!this.#paragraph) {
      this.#paragraph = el('p');
      this.#partsEnd = 0;
      this.#unsealed = 0;
      this.body.append(this.#paragraph);
    }
    // A paragraph's leading spaces are not its text (the offsets of the parts are in the text without them).
    const paragraphText = tail.replace(/^\s+/, '');
    for (const cut of inlineCuts(paragraphText, this.#partsEnd, MIN_PART)) {
      this.#paragraph.append(renderInlineMarkdown(paragraphText.slice(this.#partsEnd, cut)));
      this.#unsealed += cut - this.#partsEnd;
      this.#partsEnd = cut;
    }
    this.#showLive(this.#paragraph, renderInlineMarkdown(paragraphText.slice(this.#partsEnd)));
  }

  /**
   * Chromium lays out all of a paragraph's lines again whenever its text grows, so a long open paragraph would cost
   * more on every frame. The lines above the one the tail starts on move into a block of their own: starting at a
   * line's start and as wide, they wrap exactly as they did, and are no longer laid out again. Only while the tail
   * is in view (the line's start is found by hit-testing); the finished reply is one paragraph again.
   */
  #seal(paragraph: HTMLElement): void {
    const first = this.#live[0];
    // A line's start is its left edge only in left-to-right text without right-to-left runs (the caller checks those).
    if (!first || getComputedStyle(paragraph).direction !== 'ltr') return;
    const range = document.createRange();
    range.selectNode(first);
    const line = range.getClientRects()[0];
    const left = paragraph.getBoundingClientRect().left;
    if (!line || line.bottom <= 0 || line.top >= window.innerHeight) return;
    const start = document.caretPositionFromPoint(left + 1, line.top + line.height / 2);
    if (!start || !paragraph.contains(start.offsetNode)) return;
    const inLive = this.#live.find((node) => node === start.offsetNode || node.contains(start.offsetNode));
    if (inLive && !(inLive === first && start.offset === 0)) return;
    const sealed = Array.from(paragraph.children).filter((child) => child.classList.contains('sealed-lines'));
    const previous = sealed[sealed.length - 1];
    if (previous) range.setStartAfter(previous);
    else range.setStart(paragraph, 0);
    if (inLive) range.setEndBefore(first);
    else range.setEnd(start.offsetNode, start.offset);
    // Only kept parts are sealed: the tail is rendered again on the next frame.
    if (range.collapsed || this.#live.some((node) => range.intersectsNode(node))) return;
    const block = el('span', 'sealed-lines');
    block.append(range.extractContents());
    range.insertNode(block);
    this.#unsealed = 0;
  }

  /** The paragraph's sealed lines back in one flow (the reply finished: it wraps as one paragraph again). */
  #unseal(): void {
    for (const block of Array.from(this.#paragraph?.querySelectorAll(':scope > .sealed-lines') ?? [])) {
      block.replaceWith(...Array.from(block.childNodes));
    }
  }

  /**
   * The reply finished with `text`: its parts on screen are completed and kept (no frame renders the whole reply
   * again) when they read the same as the whole; false when it must be rendered whole.
   */
  finish(text: string): boolean {
    if (!text.startsWith(this.#text) || !partsRenderLikeWhole(text)) return false;
    this.update(text);
    this.#unseal();
    this.#live = [];
    return true;
  }

  #showLive(parent: HTMLElement, fragment: DocumentFragment): void {
    this.#live = Array.from(fragment.childNodes);
    parent.append(fragment);
  }

  #dropParagraph(): void {
    this.#paragraph?.remove();
    this.#paragraph = undefined;
  }
}

/** The streaming bodies of the transcript, by element: a body rendered again from scratch starts over. */
export class StreamingRender {
  readonly #bodies = new WeakMap<HTMLElement, StreamingBody>();

  constructor(private readonly code: CodeBlockOptions) {}

  update(body: HTMLElement, text: string): void {
    let stream = this.#bodies.get(body);
    if (!stream) this.#bodies.set(body, (stream = new StreamingBody(body, this.code)));
    stream.update(text);
  }

  /** The reply finished: true when the body on screen was completed in place (see StreamingBody.finish). */
  finish(body: HTMLElement, text: string): boolean {
    const stream = this.#bodies.get(body);
    this.#bodies.delete(body);
    return stream?.finish(text) ?? false;
  }

  /** The body was rendered whole (the reply finished, or it was rendered again): the next update starts over. */
  forget(body: HTMLElement): void {
    this.#bodies.delete(body);
  }
}

/** Streamed replies are rendered at most once per animation frame, and less often if rendering ever takes long. */
export class StreamFrames {
  readonly #pending = new Set<string>();
  #frame = 0;
  /** Earliest time of the next render. */
  #nextRenderAt = 0;

  constructor(private readonly render: (ids: ReadonlySet<string>) => void) {}

  add(id: string): void {
    this.#pending.add(id);
    this.#schedule();
  }

  delete(id: string): void {
    this.#pending.delete(id);
  }

  cancel(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#pending.clear();
  }

  #schedule(): void {
    this.#frame ||= requestAnimationFrame((now) => this.#run(now));
  }

  #run(now: number): void {
    this.#frame = 0;
    if (this.#pending.size === 0) return;
    if (now < this.#nextRenderAt) return this.#schedule();
    const began = performance.now();
    this.render(this.#pending);
    this.#pending.clear();
    const cost = performance.now() - began;
    // Rendering every frame must not starve input: after a long render, wait about as long, but never more than two
    // frames (a render that was slow because the thread was busy elsewhere must not hold back the newest text).
    this.#nextRenderAt = cost > 8 ? began + cost + Math.min(cost, MAX_RENDER_PAUSE_MS) : 0;
  }
}
