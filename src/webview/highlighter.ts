/**
 * Syntax highlighting of code blocks, with the grammars in a script of their own (src/webview/highlight/grammars.ts):
 * the panel's first render does not wait for them. A code block shown before they arrive is plain text and is
 * highlighted when they do. The script is loaded from beside this one, with this page's nonce (the CSP allows
 * nothing else).
 */
import DOMPurify from 'dompurify';

export interface Grammars {
  /** highlight.js markup for the code, when the fence's label names a bundled language (or an alias: `ts`, `sh`). */
  highlight(text: string, label: string | undefined): { language: string; html: string } | undefined;
}

declare global {
  interface Window {
    copilotSessionsGrammars?: Grammars;
  }
}

// Only while this script first runs does the page say which script it is.
const ownScript = document.currentScript instanceof HTMLScriptElement ? document.currentScript : undefined;
// highlight.js escapes the code itself; its markup is still passed through an allowlist of its own spans.
const spans = DOMPurify(window);
const SPANS_ONLY = { ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'], RETURN_DOM_FRAGMENT: true as const };

const waiting: Array<{ code: HTMLElement; text: string; label: string | undefined }> = [];
let requested = false;

/** Loads the grammars (once): after the first render, or when the first code block needs them. */
export function loadGrammars(): void {
  if (requested || window.copilotSessionsGrammars || !ownScript?.src) return;
  requested = true;
  document.addEventListener('copilot-sessions-grammars', () => highlightWaiting(), { once: true });
  const script = document.createElement('script');
  script.nonce = ownScript.nonce;
  script.src = new URL('highlight.js', ownScript.src).toString();
  document.head.append(script);
}

/** Highlights the code element now, or as soon as the grammars are there. */
export function highlightCode(code: HTMLElement, text: string, label: string | undefined): void {
  code.textContent = text;
  if (!label) return;
  const grammars = window.copilotSessionsGrammars;
  if (grammars) return apply(grammars, code, text, label);
  waiting.push({ code, text, label });
  loadGrammars();
}

function highlightWaiting(): void {
  const grammars = window.copilotSessionsGrammars;
  if (!grammars) return;
  for (const { code, text, label } of waiting.splice(0)) if (code.isConnected) apply(grammars, code, text, label);
}

function apply(grammars: Grammars, code: HTMLElement, text: string, label: string | undefined): void {
  const highlighted = grammars.highlight(text, label);
  if (!highlighted) return;
  code.classList.add(`language-${highlighted.language}`);
  code.replaceChildren(spans.sanitize(highlighted.html, SPANS_ONLY));
}
