// Shared steps of `npm test`, `npm start`, `npm run package` and `npm run test:electron`: install what is missing,
// build, package. Every step prints what it does and throws on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureCodeServer, root } from './host.mjs';
import { ensureSystemPackages } from './systemPackages.mjs';

export { root };
export const VSIX_NAME = 'copilot-sessions-linux-x64.vsix';
export const vsixPath = path.join(root, VSIX_NAME);
const stampFile = path.join(root, 'node_modules', '.copilot-sessions-installed');

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * The Node that runs the test tiers and tools: the one the user runs npm with. Under `npm test`, node_modules/.bin
 * comes first on PATH and its `node` is the devDependency Node 24 that code-server needs; the extension itself must
 * also work on the Node 20 of older VS Code hosts, so plain-Node tiers use npm's own Node.
 */
export const toolNode = (() => {
  const npmNode = process.env.npm_node_execpath;
  const insideRepo = process.execPath.startsWith(path.join(root, 'node_modules') + path.sep);
  return insideRepo && npmNode && existsSync(npmNode) ? npmNode : process.execPath;
})();

export function elapsed(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

/** True when node_modules holds exactly what package.json and package-lock.json ask for (platform extras aside). */
function dependenciesInSync() {
  const lockFile = path.join(root, 'package-lock.json');
  const hiddenFile = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(lockFile) || !existsSync(hiddenFile)) return false;
  const pkg = readJson(path.join(root, 'package.json'));
  const lock = readJson(lockFile).packages ?? {};
  const hidden = readJson(hiddenFile).packages ?? {};
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies })) {
    if (!lock[`node_modules/${name}`]) return false; // package.json changed without the lockfile
  }
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '' || !key.startsWith('node_modules/')) continue;
    const installed = hidden[key];
    if (!installed) {
      if (entry.optional || entry.devOptional) continue; // another platform's optional package
      return false;
    }
    if (installed.version !== entry.version) return false;
  }
  return true;
}

/**
 * `npm install` when node_modules is absent or package.json/the lockfile changed. Not `npm ci`: the SDK's optional
 * runtime packages for other platforms cannot always be resolved (404 on some registries), so the lockfile cannot
 * list them and `npm ci` would refuse it; `npm install` still follows the lockfile's versions.
 */
export function ensureDependencies() {
  // First, before any download: a missing system package that cannot be installed stops the run at once.
  ensureSystemPackages();
  const nodeModules = path.join(root, 'node_modules');
  const lockFile = path.join(root, 'package-lock.json');
  let command;
  if (!existsSync(nodeModules)) {
    command = 'install';
  } else {
    const installedAt = Math.max(mtime(stampFile), mtime(path.join(nodeModules, '.package-lock.json')));
    const changedAt = Math.max(mtime(path.join(root, 'package.json')), mtime(lockFile));
    if (changedAt > installedAt) command = dependenciesInSync() ? undefined : 'install';
    if (changedAt > installedAt && !command) writeFileSync(stampFile, `${new Date().toISOString()}\n`);
  }
  if (command) {
    const start = Date.now();
    console.log(`> npm ${command}`);
    const result = spawnSync('npm', [command, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm ${command} failed (exit ${result.status})`);
    writeFileSync(stampFile, `${new Date().toISOString()}\n`);
    console.log(`npm ${command}: ${elapsed(start)}`);
  }
  ensureCodeServer();
}

/** `node esbuild.mjs [...args]`: type-check and bundle the extension, the webview and the tests. */
export function build(args = []) {
  const start = Date.now();
  console.log(`> node esbuild.mjs ${args.join(' ')}`.trimEnd());
  const result = spawnSync(toolNode, ['esbuild.mjs', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`build failed (node esbuild.mjs ${args.join(' ')} exited ${result.status})`);
  console.log(`build: ${elapsed(start)}`);
}

function newestIn(dir, skip = () => false) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  const stat = statSync(dir);
  if (!stat.isDirectory()) return stat.mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip(full)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full, skip) : mtime(full));
  }
  return newest;
}

/** Everything that ends up in (or shapes) the VSIX. */
function newestPackageInput() {
  const mediaDist = path.join(root, 'media', 'dist');
  return Math.max(
    newestIn(path.join(root, 'src')),
    newestIn(path.join(root, 'media'), (p) => p === mediaDist),
    newestIn(path.join(root, 'l10n')),
    ...[
      'package.json',
      'package-lock.json',
      'package.nls.json',
      'esbuild.mjs',
      '.vscodeignore',
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
    ].map((f) => mtime(path.join(root, f))),
    ...readdirSync(root)
      .filter((f) => /^package\.nls\..+\.json$/.test(f))
      .map((f) => mtime(path.join(root, f))),
    mtime(path.join(root, 'scripts', 'package.mjs')),
    mtime(path.join(root, 'node_modules', '.package-lock.json')),
  );
}

export function vsixIsFresh() {
  return existsSync(vsixPath) && mtime(vsixPath) > newestPackageInput();
}

/** Packages the VSIX (scripts/package.mjs) unless the existing one is newer than all its inputs. */
export function ensureVsix({ force = false } = {}) {
  if (!force && vsixIsFresh()) {
    console.log(`${VSIX_NAME} is up to date (${(statSync(vsixPath).size / 1024 / 1024).toFixed(1)} MB)`);
    return vsixPath;
  }
  const result = spawnSync(toolNode, [path.join(root, 'scripts', 'package.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`packaging failed (exit ${result.status})`);
  return vsixPath;
}

/** The built fixtures (test/fixtures/codeServer.ts → out/test/fixtures/codeServer.js); needs a build first. */
export function fixtures() {
  const file = path.join(root, 'out', 'test', 'fixtures', 'codeServer.js');
  if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: build first (node esbuild.mjs)`);
  return createRequire(import.meta.url)(file);
}
