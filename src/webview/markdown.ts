/**
 * Markdown for assistant replies. Model output is hostile: it is parsed by marked, then sanitized by a private
 * DOMPurify instance with a strict allowlist. Nothing that can run code, load a resource or post a form survives.
 */
import { Marked } from 'marked';
import DOMPurify from 'dompurify';
import { isOpenableLink } from '../shared/protocol';
import { codeBlock, type CodeBlockOptions } from './codeBlocks';

export type { CodeBlockOptions } from './codeBlocks';

interface FencedCode {
  text: string;
  label: string | undefined;
}

/**
 * Code blocks leave marked as placeholders (`<pre>` holding a per-render nonce and an index) and are built again
 * after sanitizing, from the token's text and fence label: DOMPurify drops every class, the language with it, and
 * a model cannot forge a placeholder without the nonce.
 */
let fenced: { nonce: string; blocks: FencedCode[] } | undefined;

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    code({ text, lang }) {
      if (!fenced) return false;
      const index = fenced.blocks.push({ text, label: /^\S*/.exec(lang ?? '')?.[0] || undefined }) - 1;
      return `<pre>${fenced.nonce}:${index}</pre>\n`;
    },
  },
});

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

/** Markdown → sanitized fragment (built in an inert document), with highlighted code blocks and their actions. */
export function renderMarkdown(text: string, code: CodeBlockOptions): DocumentFragment {
  const nonce = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('');
  const blocks: FencedCode[] = [];
  fenced = { nonce, blocks };
  let html: string;
  try {
    html = marked.parse(text, { async: false });
  } finally {
    fenced = undefined;
  }
  const fragment = purify.sanitize(html, PURIFY_CONFIG);
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const [seen, index] = (pre.textContent ?? '').split(':');
    // A <pre> of the model's own HTML is shown the same way, as plain text without a language.
    const block = seen === nonce ? blocks[Number(index)] : undefined;
    pre.replaceWith(codeBlock(block?.text ?? pre.textContent ?? '', block?.label, code));
  }
  return fragment;
}

/** Inline Markdown (one part of a paragraph that is still streaming) → sanitized fragment, the same allowlist. */
export function renderInlineMarkdown(text: string): DocumentFragment {
  return purify.sanitize(marked.parseInline(text, { async: false }), PURIFY_CONFIG);
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
