// `npm run bench`: performance benchmarks with the real SDK, runtime and extension against the stand-in model.
//   npm run bench                 full sizes (10,000 sessions, 2,000 turns, 5,000 deltas, 20 sessions), a few minutes
//   npm run bench -- --quick      small sizes, to prove the benchmarks still run (CI)
// Other options: --keep (keep the run's sandbox), --skip-install, --no-typecheck, --no-vsix, --only <section> (the
// sections whose name starts with it, e.g. --only activation; the bundle sizes are always measured).
//
// Steps: install what is missing; copy the sources into a throwaway run directory (other builds in this checkout
// cannot change the code under measurement half-way) and build them there with `esbuild.mjs --production`, as the
// VSIX is built; bundle bench/*.ts; in full mode package a VSIX there for its size; then run bench/run.ts, which
// prints the table and writes bench/results.json. Every server listens on 127.0.0.1, every child runs in its own
// process group inside a sandbox (temp HOME, XDG_*, COPILOT_HOME, TMPDIR) and is stopped as a group.
// Exit code: 0 when every benchmark ran (missed goals are reported, not failed), 1 when one could not run.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { elapsed, ensureDependencies, root, toolNode } from './setup.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'skip-install': { type: 'boolean', default: false },
    'no-typecheck': { type: 'boolean', default: false },
    'no-vsix': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const started = Date.now();
// Only a full run of every section is the committed record (bench/results.json, the README's table); a quick or
// partial run writes out/bench-results.json, so it never replaces it.
const fullRun = !values.quick && !values.only;
const resultsFile = fullRun ? path.join(root, 'bench', 'results.json') : path.join(root, 'out', 'bench-results.json');
const runDir = mkdtempSync(path.join(os.tmpdir(), 'csb-'));
const snap = path.join(runDir, 'repo');
let child;
let failed = false;
let commit;

function step(title) {
  console.log(`> ${title}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: snap, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited ${result.status}`);
}

/** The sources, copied (not linked: builds elsewhere in the checkout must not change them mid-run). */
function snapshot() {
  mkdirSync(snap, { recursive: true });
  const skip = new Set(['node_modules', '.tools', '.git', 'dist', 'out', 'test-results', 'copilot-sessions-linux-x64.vsix']);
  for (const name of readdirSync(root)) {
    if (skip.has(name) || name.endsWith('.vsix')) continue;
    cpSync(path.join(root, name), path.join(snap, name), {
      recursive: true,
      filter: (source) =>
        !source.startsWith(path.join(root, 'media', 'dist')) && !source.startsWith(path.join(root, 'bench', 'results.json')),
    });
  }
  // Hard links, not a symlink: vsce runs `npm list --production`, which cannot follow a linked node_modules and
  // fails ("npm error missing: ..."). Linking takes about a second; a copy elsewhere (another file system) falls
  // back to the symlink, and then packaging reports its failure.
  const linked = spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(snap, 'node_modules')], { stdio: 'ignore' });
  if (linked.status !== 0) {
    rmSync(path.join(snap, 'node_modules'), { recursive: true, force: true });
    symlinkSync(path.join(root, 'node_modules'), path.join(snap, 'node_modules'));
  }
}

/** code-server lives in .tools/ (scripts/host.mjs); linked after packaging: vsce would list the link as a file. */
function linkTools() {
  if (existsSync(path.join(root, '.tools'))) symlinkSync(path.join(root, '.tools'), path.join(snap, '.tools'));
}

/**
 * The extension as the benchmark loads it (extensionDevelopmentPath): the production build, with activation left
 * to the benchmark (no activation events), so activate() is timed from its start in a settled window instead of
 * racing onStartupFinished. dist/ and media/ are real copies: the extension host identifies an extension's
 * `require('vscode')` by the real path of its files.
 */
function benchExtension() {
  const ext = path.join(snap, 'out', 'bench', 'ext');
  mkdirSync(ext, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(snap, 'package.json'), 'utf8'));
  manifest.activationEvents = [];
  writeFileSync(path.join(ext, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const name of ['dist', 'media', 'l10n', ...readdirSync(snap).filter((f) => /^package\.nls(\..+)?\.json$/.test(f))]) {
    if (existsSync(path.join(snap, name))) cpSync(path.join(snap, name), path.join(ext, name), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(ext, 'node_modules'));
  return ext;
}

/** A VSIX built from the snapshot (full mode), for its size. */
function packageVsix() {
  const out = path.join(runDir, 'bench.vsix');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(toolNode, [vsce, 'package', '--target', 'linux-x64', '--out', out], {
    cwd: snap,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status === 0 && existsSync(out))
    return { file: out, note: "packaged from this run's build (vsce package --target linux-x64)" };
  const why = (result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' | ');
  console.log(`  vsce package failed (exit ${result.status}): ${why}`);
  // Never the checkout's VSIX instead: its size would not be this run's.
  return { file: undefined, note: `not packaged: vsce failed in the run's copy (exit ${result.status}): ${why}` };
}

/** The commit measured, `+dirty` when the checkout had changes the commit does not hold (results.json records it). */
function commitOf() {
  const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD');
  if (head.status !== 0) return 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=normal', '--', '.', ':!bench/results.json', ':!README.md').stdout.trim();
  return `${head.stdout.trim()}${dirty ? '+dirty' : ''}`;
}

async function cleanup() {
  const fixtures = path.join(snap, 'out', 'test', 'fixtures', 'codeServer.js');
  if (existsSync(fixtures)) {
    const fx = createRequire(import.meta.url)(fixtures);
    const strays = await fx.killStrays(runDir);
    if (strays.length) console.log(`stopped ${strays.length} leftover process(es) of this run`);
  }
  if (values.keep || failed) console.log(`run directory kept: ${runDir}`);
  else rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.log(`\n${signal}: stopping...`);
    child?.kill('SIGTERM');
    setTimeout(() => void cleanup().finally(() => process.exit(130)), child ? 3000 : 0);
  });
}

try {
  if (!values['skip-install']) ensureDependencies();
  // Before the copy: what the run measures is the checkout as it is now.
  commit = commitOf();
  step(`copy the sources to ${snap}`);
  snapshot();
  step('node esbuild.mjs --production --no-typecheck (in the copy)');
  run(toolNode, ['esbuild.mjs', '--production', '--no-typecheck']);
  if (!values['no-typecheck']) {
    step('tsc --noEmit -p bench');
    run(toolNode, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'bench']);
  }
  step('bundle bench/*.ts');
  await esbuild.build({
    absWorkingDir: snap,
    entryPoints: ['run', 'hostAgent', 'sdkTasks', 'treeBench', 'indexBench', 'floorPanel', 'searchBench'].map((name) =>
      path.join(snap, 'bench', `${name}.ts`),
    ),
    outdir: path.join(snap, 'out', 'bench'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // @vscode/vsce (test/fixtures/codeServer.ts packages stand-in extensions) loads keytar lazily: not bundled.
    external: ['vscode', '@github/copilot-sdk', 'playwright-core', '@vscode/vsce'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const ext = benchExtension();
  let vsix = { file: undefined, note: 'not packaged in quick mode' };
  if (!values.quick && !values['no-vsix']) {
    step('vsce package --target linux-x64 (in the copy)');
    vsix = packageVsix();
  }
  linkTools();
  step(`benchmarks (${values.quick ? 'quick' : 'full'} mode) — ${elapsed(started)} of setup`);
  const args = [
    path.join(snap, 'out', 'bench', 'run.js'),
    '--commit',
    commit ?? 'unknown',
    '--out',
    resultsFile,
    '--bench-ext',
    ext,
    '--run-dir',
    runDir,
    ...(values.quick ? ['--quick'] : []),
    ...(values.only ? ['--only', values.only] : []),
    ...(vsix.file ? ['--vsix', vsix.file] : []),
    '--vsix-note',
    vsix.note,
  ];
  const code = await new Promise((resolve) => {
    child = spawn(toolNode, args, { cwd: snap, stdio: 'inherit', env: { ...process.env, COPILOT_SESSIONS_RUN_DIR: runDir } });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
  child = undefined;
  failed = code !== 0;
  // The README's table comes from the results of a full run of every section, never from a partial one.
  if (fullRun && existsSync(resultsFile)) {
    spawnSync(toolNode, [path.join(root, 'scripts', 'bench-table.mjs')], { cwd: root, stdio: 'inherit' });
  }
} catch (error) {
  failed = true;
  console.error(`\nbench: ${error.message}`);
}
if (!interrupted) {
  await cleanup();
  console.log(`bench: ${failed ? 'a benchmark could not run' : 'done'} in ${elapsed(started)}`);
  process.exit(failed ? 1 : 0);
}
