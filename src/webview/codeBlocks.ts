/**
 * A reply's code block: highlighted by highlight.js (its core and a curated set of common languages, to keep the
 * bundle small), with the language's name, Copy, and in a session panel Insert at Cursor and Open in New Editor.
 * The colors come from the VS Code theme (media/panel.css maps the hljs classes onto theme variables).
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import shell from 'highlight.js/lib/languages/shell';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import DOMPurify from 'dompurify';
import { el, icon } from './dom';

// The webview bundle has a budget (150 KB minified): the languages replies use most, each a few KB.
for (const [name, language] of Object.entries({ bash, diff, go, json, python, shell, typescript, xml, yaml })) {
  hljs.registerLanguage(name, language);
}
// TypeScript's grammar is JavaScript's and more: it serves JavaScript too, for half the bytes of both.
hljs.registerAliases(['javascript', 'js', 'jsx', 'mjs', 'cjs', 'node'], { languageName: 'typescript' });

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

// highlight.js escapes the code itself; its markup is still passed through an allowlist of its own spans.
const spans = DOMPurify(window);
const SPANS_ONLY = { ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'], RETURN_DOM_FRAGMENT: true as const };

/** The fence's label, lowercased, if it names one of the bundled languages (or one of their aliases: `ts`, `sh`). */
function knownLanguage(label: string | undefined): string | undefined {
  const id = label?.toLowerCase();
  return id && hljs.getLanguage(id) ? id : undefined;
}

/** Builds the whole block from the code's text; nothing of the model's markup is reused. */
export function codeBlock(text: string, label: string | undefined, options: CodeBlockOptions): HTMLElement {
  const wrapper = el('div', 'code-block');
  const known = knownLanguage(label);
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
  if (known) {
    code.classList.add(`language-${known}`);
    const highlighted = hljs.highlight(text, { language: known, ignoreIllegals: true }).value;
    code.append(spans.sanitize(highlighted, SPANS_ONLY));
  } else {
    code.textContent = text;
  }
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
