// Builds every bundle: the extension host (Node, CommonJS), the webview (browser), and the tests.
// Type-checking (tsc --noEmit, host and webview projects) is part of the build unless --no-typecheck.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const typecheck = !process.argv.includes('--no-typecheck') && !watch;

function testEntries(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...testEntries(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

// jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow (the bundle would fail at run time with
// "Cannot find module './impl/format'"): bundle its ES module build instead.
const alias = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };

function copyCodicons() {
  const from = path.join('node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join('media', 'dist', 'codicons');
  mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) cpSync(path.join(from, file), path.join(to, file));
}

const builds = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The SDK stays a real package in node_modules: it locates its platform runtime with require.resolve.
    external: ['vscode', '@github/copilot-sdk'],
    alias,
    minify: production,
    sourcemap: !production,
    metafile: true,
  },
  ...[
    ['src/webview/main.ts', 'media/dist/webview.js'],
    ['src/webview/compare.ts', 'media/dist/compare.js'],
    // The grammars come after the first render, from their own file (src/webview/highlighter.ts loads them).
    ['src/webview/highlight/grammars.ts', 'media/dist/highlight.js'],
  ].map(([entry, outfile]) => ({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    metafile: true,
  })),
  {
    entryPoints: testEntries('test'),
    outdir: 'out/test',
    outbase: 'test',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', 'playwright-core', '@github/copilot-sdk', '@vscode/vsce'],
    alias,
    sourcemap: true,
  },
];

if (typecheck) {
  const tsc = path.join('node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '--noEmit', '-p', '.'], { stdio: 'inherit' });
  for (const project of ['src/webview', 'test/e2e']) {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
  }
}
copyCodicons();
// Compiled tests of deleted sources must not linger and run.
if (!watch) rmSync('out', { recursive: true, force: true });
if (watch) {
  for (const options of builds) await (await esbuild.context({ ...options, logLevel: 'info' })).watch();
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build({ ...options, logLevel: 'warning' })));
  // The stand-in GitHub sign-in is an extension of its own in the test harness: its manifest sits beside its build.
  cpSync('test/fixtures/gitHubAuthStandIn/package.json', 'out/test/fixtures/gitHubAuthStandIn/package.json');
  for (const [i, result] of results.entries()) {
    if (!result.metafile) continue;
    const out = builds[i].outfile;
    console.log(`${out}: ${(result.metafile.outputs[out].bytes / 1024).toFixed(1)} KB`);
  }
}
