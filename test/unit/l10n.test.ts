// Localization completeness: every English string (l10n/bundle.l10n.json for vscode.l10n.t, package.nls.json for the
// %key% references of package.json) has a translation in each shipped locale, with the same {N} placeholders, and
// every vscode.l10n.t literal in src/ is in the bundle. After adding or changing strings: `npm run l10n`, translate
// what `npm run l10n -- --check` lists, then run this again.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const LOCALES = ['pt-br', 'zh-cn', 'zh-tw'];

/** The repository root: bundled to out/test/unit/, so three levels up; else the working directory. */
function findRoot(): string {
  for (const candidate of [path.resolve(__dirname, '..', '..', '..'), process.cwd()]) {
    if (existsSync(path.join(candidate, 'package.nls.json')) && existsSync(path.join(candidate, 'src'))) return candidate;
  }
  throw new Error(`Cannot find the repository root from ${__dirname} or ${process.cwd()}.`);
}

const root = findRoot();

type Messages = Record<string, string | { message: string; comment?: string[] }>;

function readJson<T = Messages>(relative: string): T {
  const file = path.join(root, relative);
  assert.ok(existsSync(file), `${relative} does not exist`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function text(value: Messages[string]): string {
  return typeof value === 'string' ? value : value.message;
}

function placeholders(value: string): string[] {
  return [...new Set(value.match(/\{\d+\}/g) ?? [])].sort();
}

/** What a translation must carry over verbatim: command links, `code` spans, and setting names. */
function verbatim(value: string): string[] {
  return [
    ...(value.match(/\]\(command:[^)\s]+\)/g) ?? []),
    ...(value.match(/`[^`]+`/g) ?? []),
    ...(value.match(/\bcopilotSessions\.[\w.]*\w/g) ?? []),
  ].sort();
}

const sources: Array<{ name: string; english: () => Messages; translated: (locale: string) => string }> = [
  { name: 'l10n/bundle.l10n.json', english: () => readJson('l10n/bundle.l10n.json'), translated: (l) => `l10n/bundle.l10n.${l}.json` },
  { name: 'package.nls.json', english: () => readJson('package.nls.json'), translated: (l) => `package.nls.${l}.json` },
];

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...sourceFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

function unescape(literal: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
  return literal.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r?\n|.)/g, (_, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e.length > 1 && (e[0] === 'u' || e[0] === 'x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e === '\n' || e === '\r\n') return '';
    return simple[e] ?? e;
  });
}

/** The string literals passed as first argument to vscode.l10n.t / l10n.t, or to a local alias of it. */
function l10nLiterals(source: string): string[] {
  const callees = ['(?:vscode\\.)?l10n\\.t'];
  for (const m of source.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:vscode\.)?l10n\.t\s*;/g)) {
    callees.push(`(?<![\\w$.])${m[1].replace(/\$/g, '\\$')}`);
  }
  const call = new RegExp(`(?:${callees.join('|')})\\(\\s*(?:'((?:[^'\\\\\\n]|\\\\.)*)'|"((?:[^"\\\\\\n]|\\\\.)*)")`, 'g');
  return [...source.matchAll(call)].map((m) => unescape(m[1] ?? m[2]));
}

suite('localization', () => {
  for (const source of sources) {
    for (const locale of LOCALES) {
      test(`${source.translated(locale)} translates every key of ${source.name}`, () => {
        const english = source.english();
        const translated = readJson<Record<string, unknown>>(source.translated(locale));
        const missing = Object.keys(english).filter((key) => typeof translated[key] !== 'string' || !translated[key].trim());
        assert.deepEqual(missing, [], `untranslated in ${source.translated(locale)} (run \`npm run l10n -- --check\`)`);
      });

      test(`${source.translated(locale)} keeps the {N} placeholders, command links and setting names`, () => {
        const english = source.english();
        const translated = readJson<Record<string, string>>(source.translated(locale));
        const wrong: string[] = [];
        for (const [key, value] of Object.entries(english)) {
          const t = translated[key];
          if (typeof t !== 'string') continue;
          const en = text(value);
          if (placeholders(t).join() !== placeholders(en).join())
            wrong.push(`${key}: placeholders ${placeholders(en).join() || 'none'} -> ${placeholders(t).join() || 'none'}`);
          if (verbatim(t).join('\n') !== verbatim(en).join('\n'))
            wrong.push(`${key}: links/code/setting names ${verbatim(en).join(' ')} -> ${verbatim(t).join(' ')}`);
        }
        assert.deepEqual(wrong, []);
      });
    }
  }

  test('every %key% of package.json is in package.nls.json', () => {
    const nls = readJson('package.nls.json');
    const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
    const keys = [...new Set([...manifest.matchAll(/"%([^%"\s]+)%"/g)].map((m) => m[1]))];
    assert.ok(keys.length > 0, 'package.json references no %key%');
    assert.deepEqual(
      keys.filter((key) => !(key in nls)),
      [],
    );
  });

  test('every vscode.l10n.t literal in src/ is in l10n/bundle.l10n.json', () => {
    const bundle = readJson('l10n/bundle.l10n.json');
    const missing: string[] = [];
    let count = 0;
    for (const file of sourceFiles(path.join(root, 'src'))) {
      for (const literal of l10nLiterals(readFileSync(file, 'utf8'))) {
        count++;
        if (!(literal in bundle)) missing.push(`${path.relative(root, file)}: ${JSON.stringify(literal)}`);
      }
    }
    assert.ok(count > 0, 'found no vscode.l10n.t calls in src/');
    assert.deepEqual(missing, [], 'not in l10n/bundle.l10n.json: run `npm run l10n` and translate the new keys');
  });
});
