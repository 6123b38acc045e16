// `npm run package`: production build, then `vsce package --target linux-x64` into copilot-sessions-linux-x64.vsix.
// The VSIX ships node_modules/@github/copilot-sdk with its dependencies and the optional platform package
// @github/copilot-sdk-linux-x64 (the runtime the SDK finds with require.resolve); this script checks both are in.
// Options: --skip-build (package what dist/ and media/dist/ hold).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, elapsed, ensureDependencies, root, toolNode, vsixPath } from './setup.mjs';

const require = createRequire(import.meta.url);
const TARGET = 'linux-x64';

/** Entries that must be in the VSIX for the extension to work at all. */
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/media/dist/webview.js',
  'extension/node_modules/@github/copilot-sdk/package.json',
  'extension/node_modules/@github/copilot-sdk/dist/cjs/index.js',
  'extension/node_modules/vscode-jsonrpc/package.json',
  'extension/node_modules/zod/package.json',
  `extension/node_modules/@github/copilot-sdk-${TARGET}/package.json`,
];
const FORBIDDEN = [
  /^extension\/(src|test|out|scripts|\.tools|\.ci|test-results)\//,
  /\.map$/,
  /^extension\/node_modules\/(typescript|esbuild|mocha|playwright-core|node)\//,
];

function listZip(file) {
  const yauzl = require(path.join(root, 'node_modules', 'yauzl'));
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const names = [];
      zip.on('entry', (entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const started = Date.now();
const skipBuild = process.argv.includes('--skip-build');
try {
  if (!skipBuild) {
    ensureDependencies();
    build(['--production']);
  }
  if (!existsSync(path.join(root, 'node_modules', '@github', `copilot-sdk-${TARGET}`, 'package.json'))) {
    throw new Error(
      `node_modules/@github/copilot-sdk-${TARGET} is not installed (npm skipped the optional dependency?): run npm install on ${TARGET}`,
    );
  }
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (manifest.icon && !existsSync(path.join(root, manifest.icon))) {
    throw new Error(`package.json names the icon ${manifest.icon}, which does not exist (vsce refuses to package without it)`);
  }
  rmSync(vsixPath, { force: true });
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  console.log(`> vsce package --target ${TARGET} --out ${path.basename(vsixPath)}`);
  const result = spawnSync(toolNode, [vsce, 'package', '--target', TARGET, '--out', vsixPath], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`vsce package failed (exit ${result.status})`);

  const entries = await listZip(vsixPath);
  const missing = REQUIRED.filter((name) => !entries.includes(name));
  const runtime = entries.filter((name) => name.startsWith(`extension/node_modules/@github/copilot-sdk-${TARGET}/`));
  const forbidden = entries.filter((name) => FORBIDDEN.some((re) => re.test(name)));
  if (missing.length) throw new Error(`the VSIX lacks:\n  ${missing.join('\n  ')}`);
  if (forbidden.length) throw new Error(`the VSIX contains files it must not:\n  ${forbidden.slice(0, 20).join('\n  ')}`);
  const mb = (statSync(vsixPath).size / 1024 / 1024).toFixed(1);
  console.log(
    `${path.basename(vsixPath)}: ${mb} MB, ${entries.length} files (${runtime.length} of the ${TARGET} runtime) in ${elapsed(started)}`,
  );
} catch (err) {
  console.error(`\npackage: ${err.message}`);
  process.exit(1);
}
