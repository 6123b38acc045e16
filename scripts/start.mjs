// `npm start`: the extension (dev build) in a real VS Code (code-server) at http://127.0.0.1:PORT, in the foreground
// until Ctrl+C. User data, extensions and the default folder persist under .tools/start-sandbox/, so sessions
// survive restarts. The dev build is installed by a symlink to this repository: after `npm run watch` rebuilds,
// "Developer: Reload Window" in the browser picks up the change.
//   --offline        also start the stand-in model and point the extension at it (no Copilot account needed);
//                    HOME, XDG_*, COPILOT_HOME then live in the sandbox too
//   --port <n>       fixed port (default: a free one)
//   --folder <path>  folder to open (default .tools/start-sandbox/workspace)
//   --locale <xx>    display language
//   --skip-build
// Without --offline your real HOME (and so your own Copilot sign-in, GH_TOKEN, ~/.copilot) is used.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, ensureDependencies, fixtures, root } from './setup.mjs';

const { values } = parseArgs({
  options: {
    offline: { type: 'boolean', default: false },
    port: { type: 'string' },
    folder: { type: 'string' },
    locale: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
  },
});

try {
  ensureDependencies();
  if (!values['skip-build']) build();
} catch (err) {
  console.error(`\n${err.message}`);
  process.exit(1);
}
const fx = fixtures();

const sandbox = fx.createSandbox('start', { root: path.join(root, '.tools', 'start-sandbox') });
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const id = `${pkg.publisher}.${pkg.name}`.toLowerCase();

// The dev build as an installed extension: <extensions>/<publisher>.<name>-<version> → this repository.
for (const entry of readdirSync(sandbox.extensions)) {
  if (!entry.toLowerCase().startsWith(`${id}-`)) continue;
  const full = path.join(sandbox.extensions, entry);
  // A symlink is removed as a link (never follow it into the repository).
  if (lstatSync(full).isSymbolicLink()) unlinkSync(full);
  else rmSync(full, { recursive: true, force: true });
}
// code-server keeps a list of installed extensions; drop it so the directory is scanned afresh (ours included).
rmSync(path.join(sandbox.extensions, 'extensions.json'), { force: true });
const link = path.join(sandbox.extensions, `${id}-${pkg.version}`);
symlinkSync(root, link, 'dir');

const folder = path.resolve(values.folder ?? sandbox.workspace);
if (!existsSync(folder)) mkdirSync(folder, { recursive: true });

let model;
let env;
if (values.offline) {
  model = await fx.startModelServerProcess({ env: sandbox.env() });
  env = sandbox.env(fx.standInEnv(model.url));
} else {
  env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
}

let server;
try {
  server = await fx.startCodeServer({
    sandbox,
    workspace: folder,
    env,
    port: values.port ? Number(values.port) : undefined,
    locale: values.locale,
    smokeTestDriver: false,
    logFile: path.join(sandbox.logs, 'code-server.log'),
  });
} catch (err) {
  console.error(err.message);
  await model?.stop();
  process.exit(1);
}

const url = server.workbenchUrl({ folder });
console.log('');
console.log('  Copilot Sessions is running in VS Code (code-server):');
console.log('');
console.log(`    ${url}`);
console.log('');
console.log(`  mode:       ${values.offline ? `offline, stand-in model at ${model.url}` : 'your own Copilot sign-in (real HOME)'}`);
console.log(
  `  extension:  ${path.relative(root, link)} -> ${lstatSync(link).isSymbolicLink() ? root : '?'} (dev build; npm run watch + Reload Window)`,
);
console.log(`  user data:  ${path.relative(root, sandbox.userData)}`);
console.log(`  log:        ${path.relative(root, server.logFile)}`);
console.log('');
console.log('  First: open the URL, click the Copilot Sessions icon in the activity bar (left), then + (New Session).');
console.log('  Ctrl+C to stop.');

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server${model ? ' and the stand-in model' : ''}...`);
  await server.stop();
  await model?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// Stay in the foreground: end when code-server ends on its own.
const timer = setInterval(() => {
  if (stopping) return;
  try {
    process.kill(server.pid, 0);
  } catch {
    console.log(`code-server exited; see ${server.logFile}`);
    clearInterval(timer);
    void model?.stop().then(() => process.exit(1));
    if (!model) process.exit(1);
  }
}, 1000);
