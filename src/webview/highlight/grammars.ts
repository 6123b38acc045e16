/**
 * highlight.js with the languages replies use most: its own script (media/dist/highlight.js), loaded after the
 * panel's first render so that opening a panel does not wait for grammars (src/webview/highlighter.ts loads it).
 * It only turns code into highlight.js's span markup; the panel sanitizes that markup before showing it.
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
import type { Grammars } from '../highlighter';

for (const [name, language] of Object.entries({ bash, diff, go, json, python, shell, typescript, xml, yaml })) {
  hljs.registerLanguage(name, language);
}
// TypeScript's grammar is JavaScript's and more: it serves JavaScript too, for half the bytes of both.
hljs.registerAliases(['javascript', 'js', 'jsx', 'mjs', 'cjs', 'node'], { languageName: 'typescript' });

const grammars: Grammars = {
  highlight(text, label) {
    const language = label?.toLowerCase();
    if (!language || !hljs.getLanguage(language)) return undefined;
    return { language, html: hljs.highlight(text, { language, ignoreIllegals: true }).value };
  },
};
window.copilotSessionsGrammars = grammars;
document.dispatchEvent(new Event('copilot-sessions-grammars'));
