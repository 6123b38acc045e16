/**
 * File paths and `path:line` references in a rendered reply become links that open the file at that line. The
 * webview cannot see the disk: the host opens only files inside the workspace and says so for anything else.
 */
import { findPaths } from '../core/pathLinks';
import { el } from './dom';

/** Wraps paths in text nodes outside links and code blocks (inline code counts: that is where paths usually are). */
export function linkifyPaths(root: HTMLElement, open: (path: string, line?: number) => void): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('a, pre, .file-link') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  for (const node of nodes) {
    const text = node.data;
    const matches = findPaths(text);
    if (matches.length === 0) continue;
    const parts: Node[] = [];
    let at = 0;
    for (const match of matches) {
      if (match.index > at) parts.push(document.createTextNode(text.slice(at, match.index)));
      const link = el('a', 'file-link', text.slice(match.index, match.index + match.length));
      link.setAttribute('role', 'link');
      link.tabIndex = 0;
      link.title = match.line ? `${match.path}:${match.line}` : match.path;
      const go = (event: Event) => {
        event.preventDefault();
        event.stopPropagation();
        open(match.path, match.line === undefined ? undefined : match.line - 1);
      };
      link.addEventListener('click', go);
      link.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') go(event);
      });
      parts.push(link);
      at = match.index + match.length;
    }
    if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
    node.replaceWith(...parts);
  }
}
