/**
 * A code fence's label (`ts`, `py`, `sh`, `c++`) → the VS Code language id for a new editor. Models write the
 * short names; VS Code wants its own ids. No `vscode` import: the caller checks the id against the languages VS Code
 * knows.
 */
const ALIASES: Record<string, string> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  python3: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  console: 'shellscript',
  ps1: 'powershell',
  pwsh: 'powershell',
  yml: 'yaml',
  md: 'markdown',
  'c++': 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  h: 'c',
  cs: 'csharp',
  'c#': 'csharp',
  rs: 'rust',
  golang: 'go',
  rb: 'ruby',
  kt: 'kotlin',
  kts: 'kotlin',
  html: 'html',
  htm: 'html',
  svg: 'xml',
  jsonc: 'jsonc',
  json5: 'jsonc',
  dockerfile: 'dockerfile',
  docker: 'dockerfile',
  patch: 'diff',
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
};

/** The VS Code language id for a fence label, if `known` (VS Code's languages) has it; else undefined. */
export function languageIdFor(label: string | undefined, known: readonly string[]): string | undefined {
  const name = label?.trim().toLowerCase();
  if (!name) return undefined;
  const id = ALIASES[name] ?? name;
  return known.includes(id) ? id : undefined;
}
