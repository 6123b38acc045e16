/** Finds file paths and `path:line` references in text (a reply's words). No `vscode` import, no DOM. */

/**
 * A path with a folder part (`src/a.ts`, `/abs/a.ts`, `./a.ts`) or any file name with a line (`a.ts:12`, `a.ts:12:3`).
 * Bare names like `e.g.` or `1.2` are left alone.
 */
const PATH = /(?<![\w/.@:-])((?:\.{0,2}\/)?(?:[\w@.-]+\/)*[\w-][\w.-]*\.[A-Za-z][A-Za-z0-9]{0,9})(?::(\d{1,7})(?::\d{1,5})?)?(?![\w/])/g;

export interface PathMatch {
  index: number;
  length: number;
  path: string;
  /** 1-based, as written. */
  line?: number;
}

export function findPaths(text: string): PathMatch[] {
  const found: PathMatch[] = [];
  for (const m of text.matchAll(PATH)) {
    const path = m[1];
    const line = m[2] === undefined ? undefined : Number(m[2]);
    if (!path.includes('/') && line === undefined) continue;
    // A URL's host and path (https://x.org/a.js) are links of their own.
    if (/:\/\/$/.test(text.slice(0, m.index))) continue;
    found.push({ index: m.index, length: m[0].length, path, ...(line && line > 0 ? { line } : {}) });
  }
  return found;
}
