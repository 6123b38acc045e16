/**
 * The attachment chips above the prompt box (file name and range, a remove button each), the Attach button, and files
 * dropped on the panel (their URIs go to the host, which checks each before it becomes a chip). In the history, a
 * prompt's attachments as chips that open the file at the range.
 */
import {
  attachmentLabel,
  MAX_ATTACHMENTS,
  parseAttachmentRef,
  sameAttachment,
  type AttachmentChip,
  type AttachmentRef,
} from '../shared/attachments';
import type { PanelStrings, WebviewMessage } from '../shared/protocol';
import { el, format, hiddenText, icon } from './dom';

export class AttachmentsView {
  readonly root = el('div', 'attachments');
  private readonly list = el('ul', 'attachment-chips');
  private readonly attachButton = el('button', 'icon-button attach');
  private readonly attachLabel = hiddenText('');
  private chips: AttachmentChip[] = [];
  private strings: PanelStrings | undefined;

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly focusPrompt: () => void,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.root.id = 'attachments';
    this.attachButton.id = 'attach';
    this.attachButton.type = 'button';
    this.attachButton.append(icon('attach'), this.attachLabel);
    this.attachButton.addEventListener('click', () => this.post({ type: 'pickAttachment' }));
    this.list.setAttribute('role', 'list');
    this.root.append(this.attachButton, this.list);
    this.listenForDrops();
  }

  setStrings(strings: PanelStrings): void {
    this.strings = strings;
    this.attachButton.title = strings.attach;
    this.attachLabel.textContent = strings.attach;
    this.render();
  }

  all(): AttachmentChip[] {
    return [...this.chips];
  }

  /** What goes with the next prompt. */
  refs(): AttachmentRef[] {
    return this.chips.map((chip) => chip.ref);
  }

  add(chips: readonly AttachmentChip[]): void {
    for (const chip of chips) {
      if (this.chips.length >= MAX_ATTACHMENTS) break;
      if (!this.chips.some((c) => sameAttachment(c.ref, chip.ref))) this.chips.push(chip);
    }
    this.render();
  }

  /** A refused or failed prompt's chips come back (unless the user attached others meanwhile). */
  restore(chips: readonly AttachmentChip[]): void {
    if (this.chips.length === 0) this.add(chips);
  }

  clear(): void {
    this.chips = [];
    this.render();
  }

  private render(): void {
    const strings = this.strings;
    this.list.replaceChildren(
      ...this.chips.map((chip, index) => {
        const item = el('li', 'attachment-chip');
        item.title = chip.title;
        item.dataset.type = chip.ref.type;
        const kind = chipIcon(chip.ref);
        const remove = el('button', 'icon-button remove-attachment');
        remove.type = 'button';
        const removeText = format(strings?.removeAttachment ?? 'Remove {0}', chip.label);
        remove.title = removeText;
        remove.append(icon('close'), hiddenText(removeText));
        remove.addEventListener('click', () => {
          this.chips.splice(index, 1);
          this.render();
          this.focusPrompt();
        });
        item.append(icon(kind), el('span', 'attachment-label', chip.label), remove);
        return item;
      }),
    );
    this.root.classList.toggle('has-chips', this.chips.length > 0);
    this.onChange();
  }

  /** VS Code lets files from the Explorer be dropped on a webview with Shift held; they arrive as a URI list. */
  private listenForDrops(): void {
    const hasUris = (event: DragEvent) =>
      [...(event.dataTransfer?.types ?? [])].some((t) => t === 'text/uri-list' || t === 'application/vnd.code.uri-list');
    document.addEventListener('dragover', (event) => {
      if (!hasUris(event)) return;
      event.preventDefault();
      document.body.classList.add('dropping');
    });
    document.addEventListener('dragleave', () => document.body.classList.remove('dropping'));
    document.addEventListener('drop', (event) => {
      document.body.classList.remove('dropping');
      const data = event.dataTransfer;
      if (!data) return;
      const text = data.getData('application/vnd.code.uri-list') || data.getData('text/uri-list');
      const uris = text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
      if (uris.length === 0) return;
      event.preventDefault();
      this.post({ type: 'dropFiles', uris: uris.slice(0, MAX_ATTACHMENTS) });
    });
  }
}

function chipIcon(ref: AttachmentRef): string {
  return { directory: 'folder', selection: 'selection', problems: 'warning', file: 'file' }[ref.type];
}

/** A chip kept in the webview's saved state (the host checks each again at send time). */
export function isChip(value: unknown): value is AttachmentChip {
  const chip = value as Partial<AttachmentChip> | null;
  return (
    typeof chip === 'object' &&
    chip !== null &&
    typeof chip.label === 'string' &&
    typeof chip.title === 'string' &&
    !!parseAttachmentRef(chip.ref)
  );
}

/** A prompt's attachments in the history: chips that open the file (at the selection's first line). */
export function renderSentAttachments(refs: readonly AttachmentRef[], open: (path: string, line?: number) => void): HTMLElement {
  const list = el('ul', 'attachment-chips sent');
  for (const ref of refs) {
    const item = el('li', 'attachment-chip');
    const link = el('button', 'link-button attachment-open');
    link.type = 'button';
    link.title = ref.path;
    const kind = chipIcon(ref);
    link.append(icon(kind), el('span', 'attachment-label', attachmentLabel(ref)));
    if (ref.type !== 'directory')
      link.addEventListener('click', () => open(ref.path, ref.type === 'selection' ? ref.range.startLine : undefined));
    else link.disabled = true;
    item.append(link);
    list.append(item);
  }
  return list;
}
