/**
 * Markdown for assistant replies. Model output is hostile: it is parsed by marked, then sanitized by a private
 * DOMPurify instance with a strict allowlist. Nothing that can run code, load a resource or post a form survives.
 */
import { Marked } from 'marked';
import DOMPurify from 'dompurify';
import { isOpenableLink } from '../shared/protocol';
import { el, icon } from './dom';

export interface CopyLabels {
  copy: string;
  copied: string;
}

const marked = new Marked({ gfm: true, breaks: false, async: false });

// An allowlist rather than DOMPurify's default profile: only what GFM produces, nothing that loads media.
const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'input',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
  'var',
];
// Listed explicitly too, so a future allowlist edit cannot let them back in.
const FORBID_TAGS = [
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'svg',
  'math',
  'img',
  'picture',
  'video',
  'audio',
  'source',
  'track',
  'link',
  'meta',
  'base',
  'template',
  'noscript',
  'button',
  'textarea',
  'select',
  'option',
  'dialog',
  'portal',
];
const ALLOWED_ATTR = ['href', 'title', 'align', 'start', 'reversed', 'type', 'checked', 'disabled', 'colspan', 'rowspan', 'open'];
// No class/id/style: model text must not be able to borrow the panel's own classes or clobber ids.
const FORBID_ATTR = ['style', 'class', 'id', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'ping'];

const MAX_PLACEHOLDER_URL = 200;

const purify = DOMPurify(window);

purify.addHook('uponSanitizeElement', (node, data) => {
  // Images never load: leave a plain-text trace of what the model tried to show, then let the forbid list drop it.
  if (data.tagName !== 'img' || !(node instanceof Element) || !node.parentNode) return;
  const alt = (node.getAttribute('alt') ?? '').trim();
  let src = (node.getAttribute('src') ?? '').trim();
  if (src.length > MAX_PLACEHOLDER_URL) src = `${src.slice(0, MAX_PLACEHOLDER_URL)}…`;
  const label = [alt, src].filter(Boolean).join(' — ');
  node.parentNode.insertBefore(node.ownerDocument.createTextNode(`[image: ${label}]`), node);
});

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const href = node.getAttribute('href');
    node.removeAttribute('target');
    if (href && isOpenableLink(href)) {
      // Link text and a link's title can both lie about the destination: the hover always shows the real URL,
      // never the model's title (`[text](https://evil "https://good")`). Clicks go through the host.
      node.setAttribute('class', 'md-link');
      node.setAttribute('rel', 'noopener noreferrer');
      node.setAttribute('title', href);
    } else {
      node.removeAttribute('href');
      node.removeAttribute('title');
    }
  } else if (node.hasAttribute('title') && node.parentElement?.closest('a')) {
    // The innermost title wins on hover: an element inside a link (`<abbr title>`, `<span title>`) must not cover it.
    node.removeAttribute('title');
  }
  if (node.nodeName === 'INPUT') {
    // GFM task list items are the only inputs marked emits; keep them inert.
    node.setAttribute('type', 'checkbox');
    node.setAttribute('disabled', '');
  }
});

const PURIFY_CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  RETURN_DOM_FRAGMENT: true,
} as const;

/** Markdown → sanitized fragment (built in an inert document), with copy buttons on code blocks. */
export function renderMarkdown(text: string, labels: CopyLabels): DocumentFragment {
  const html = marked.parse(text, { async: false });
  const fragment = purify.sanitize(html, PURIFY_CONFIG);
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) addCopyButton(pre, labels);
  return fragment;
}

function addCopyButton(pre: HTMLPreElement, labels: CopyLabels): void {
  const wrapper = el('div', 'code-block');
  pre.replaceWith(wrapper);
  const button = el('button', 'copy-code icon-button');
  button.type = 'button';
  button.title = labels.copy;
  button.setAttribute('aria-label', labels.copy);
  const glyph = icon('copy');
  const feedback = el('span', 'copy-feedback');
  button.append(glyph, feedback);
  let timer: number | undefined;
  button.addEventListener('click', () => {
    const code = pre.querySelector('code') ?? pre;
    navigator.clipboard.writeText(code.textContent ?? '').then(
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
  wrapper.append(pre, button);
}

/**
 * Links never navigate the webview: one delegated listener turns every click (mouse, keyboard, middle button)
 * into an `openLink` request, and the host asks the user first.
 */
export function interceptLinks(container: HTMLElement, open: (href: string) => void): void {
  const handler = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target.closest('a') : null;
    if (!target || !container.contains(target)) return;
    event.preventDefault();
    // VS Code's own webview script listens on the window and opens any clicked link without asking: stop here.
    event.stopPropagation();
    const href = target.getAttribute('href');
    if (event.type === 'click' && href && isOpenableLink(href)) open(href);
  };
  container.addEventListener('click', handler);
  container.addEventListener('auxclick', handler);
}
