/**
 * A reply's code block: highlighted by highlight.js (src/webview/highlighter.ts), with the language's name, Copy, and in a session panel Insert at Cursor and Open in New Editor.
 * The colors come from the VS Code theme (media/panel.css maps the hljs classes onto theme variables).
 */
import { el, icon } from './dom';
import { highlightCode } from './highlighter';

export interface CodeAction {
  label: string;
  run(code: string, language: string | undefined): void;
}

export interface CodeBlockOptions {
  copy: string;
  copied: string;
  /** Session panels only: the host puts the code into an editor. */
  insert?: CodeAction;
  open?: CodeAction;
}

/** Builds the whole block from the code's text; nothing of the model's markup is reused. */
export function codeBlock(text: string, label: string | undefined, options: CodeBlockOptions): HTMLElement {
  const wrapper = el('div', 'code-block');
  const head = el('div', 'code-head');
  // The label as the model wrote it: `js` highlighted by the TypeScript grammar is still JavaScript.
  head.append(el('span', 'code-language', label ?? ''));
  const actions = el('div', 'code-actions');
  actions.append(copyButton(text, options));
  for (const [action, glyph, className] of [
    [options.insert, 'insert', 'insert-code'],
    [options.open, 'go-to-file', 'open-code'],
  ] as const) {
    if (!action) continue;
    const button = iconButton(glyph, action.label, className);
    button.addEventListener('click', () => action.run(text, label));
    actions.append(button);
  }
  head.append(actions);

  const pre = el('pre');
  const code = el('code', 'hljs');
  highlightCode(code, text, label);
  pre.append(code);
  wrapper.append(head, pre);
  return wrapper;
}

function iconButton(glyph: string, label: string, className: string): HTMLButtonElement {
  const button = el('button', `${className} icon-button`);
  button.type = 'button';
  button.title = label;
  button.setAttribute('aria-label', label);
  button.append(icon(glyph));
  return button;
}

function copyButton(text: string, labels: CodeBlockOptions): HTMLButtonElement {
  const button = iconButton('copy', labels.copy, 'copy-code');
  const glyph = button.firstElementChild as HTMLElement;
  const feedback = el('span', 'copy-feedback');
  button.append(feedback);
  let timer: number | undefined;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(text).then(
      () => {
        glyph.className = 'codicon codicon-check';
        feedback.textContent = labels.copied;
        button.setAttribute('aria-label', labels.copied);
        window.clearTimeout(timer);
        timer = window.setTimeout(() => {
          glyph.className = 'codicon codicon-copy';
          feedback.textContent = '';
          button.setAttribute('aria-label', labels.copy);
        }, 1500);
      },
      () => undefined, // Clipboard denied: nothing useful to show.
    );
  });
  return button;
}
