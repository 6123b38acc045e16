// `npm run l10n`: extracts the host's vscode.l10n.t strings from src/ into l10n/bundle.l10n.json (the English
// source bundle, with @vscode/l10n-dev's exporter), then lists what the translations lack.
//   node scripts/l10n.mjs           rewrite l10n/bundle.l10n.json; report missing translations (exit 0)
//   node scripts/l10n.mjs --check   write nothing; exit 1 if bundle.l10n.json is stale against src/, or if any key of
//                                   bundle.l10n.json / package.nls.json is missing, empty, or has other {N}
//                                   placeholders in a translation
// src/webview/** and src/shared/** are skipped: the webview cannot call vscode.l10n (the host sends it its text).
// The exporter only recognizes `vscode.l10n.t(` / `l10n.t(` calls, so an alias such as `const t = vscode.l10n.t;`
// (panelStrings() in src/panels/panelStrings.ts) is expanded back to `vscode.l10n.t(` in memory before extraction.
import { getL10nJson } from '@vscode/l10n-dev';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCALES = ['pt-br', 'zh-cn', 'zh-tw'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(root, 'src');
const EXCLUDED = [path.join(SRC, 'webview'), path.join(SRC, 'shared')];
const L10N_DIR = path.join(root, 'l10n');
const BUNDLE = path.join(L10N_DIR, 'bundle.l10n.json');
const NLS = path.join(root, 'package.nls.json');

function sourceFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (EXCLUDED.includes(full)) continue;
    if (statSync(full).isDirectory()) found.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** Rewrites calls through a local alias of vscode.l10n.t (`const t = vscode.l10n.t;`) so the exporter sees them. */
function expandAliases(contents) {
  const aliases = [...contents.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:vscode\.)?l10n\.t\s*;/g)].map((m) => m[1]);
  for (const alias of aliases) {
    contents = contents.replace(new RegExp(`(?<![\\w$.])${alias.replace(/\$/g, '\\$')}\\s*\\(`, 'g'), 'vscode.l10n.t(');
  }
  return contents;
}

async function extract() {
  const files = sourceFiles(SRC).map((file) => ({ extension: path.extname(file), contents: expandAliases(readFileSync(file, 'utf8')) }));
  return getL10nJson(files);
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** The English text of a bundle entry (entries with translator comments are objects). */
function message(value) {
  return typeof value === 'string' ? value : value?.message;
}

function placeholders(text) {
  return [...new Set(String(text).match(/\{\d+\}/g) ?? [])].sort().join(' ');
}

function canonical(json) {
  return JSON.stringify(
    Object.keys(json)
      .sort()
      .map((key) => [key, json[key]]),
  );
}

/** Problems of one translation file against its English source: missing/empty keys, changed placeholders, extras. */
function compare(english, translated, label) {
  const problems = [];
  const warnings = [];
  if (!translated) return { problems: [`${label}: file is missing`], warnings };
  for (const [key, value] of Object.entries(english)) {
    const text = translated[key];
    if (typeof text !== 'string' || !text.trim()) problems.push(`${label}: missing ${JSON.stringify(key)}`);
    else if (placeholders(text) !== placeholders(message(value))) problems.push(`${label}: placeholders differ for ${JSON.stringify(key)}`);
  }
  for (const key of Object.keys(translated)) {
    if (!(key in english)) warnings.push(`${label}: obsolete key ${JSON.stringify(key)} (no longer in the English source)`);
  }
  return { problems, warnings };
}

const check = process.argv.includes('--check');
const extracted = await extract();
const problems = [];
const warnings = [];

const current = readJson(BUNDLE);
if (check) {
  if (!current) problems.push('l10n/bundle.l10n.json is missing: run `npm run l10n`.');
  else if (canonical(current) !== canonical(extracted)) {
    const added = Object.keys(extracted).filter((k) => !(k in current));
    const removed = Object.keys(current).filter((k) => !(k in extracted));
    problems.push(
      'l10n/bundle.l10n.json is stale against src/: run `npm run l10n`.' +
        added.map((k) => `\n  + ${JSON.stringify(k)}`).join('') +
        removed.map((k) => `\n  - ${JSON.stringify(k)}`).join(''),
    );
  }
} else {
  mkdirSync(L10N_DIR, { recursive: true });
  writeFileSync(BUNDLE, JSON.stringify(extracted, undefined, 2) + '\n');
  console.log(`Wrote ${path.relative(root, BUNDLE)}: ${Object.keys(extracted).length} strings.`);
}

const nls = readJson(NLS) ?? {};
for (const locale of LOCALES) {
  for (const [english, file] of [
    [extracted, path.join(L10N_DIR, `bundle.l10n.${locale}.json`)],
    [nls, path.join(root, `package.nls.${locale}.json`)],
  ]) {
    const result = compare(english, readJson(file), path.relative(root, file));
    problems.push(...result.problems);
    warnings.push(...result.warnings);
  }
}

for (const warning of warnings) console.warn(`warning: ${warning}`);
if (problems.length) {
  const log = check ? console.error : console.log;
  log(`${problems.length} localization problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  if (check) process.exit(1);
} else {
  console.log(
    `Translations complete for ${LOCALES.join(', ')} (${Object.keys(extracted).length} bundle strings, ${Object.keys(nls).length} package.nls strings).`,
  );
}
