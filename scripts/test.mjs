// `npm test`: install what is missing, build, then run the tiers in order and sum them up.
//   unit         mocha in plain Node over out/test/unit/**/*.test.js
//   integration  out/test/integration/index.js inside code-server's real extension host (scripts/integration.mjs)
//   e2e          the packaged VSIX in code-server, driven through headless Chromium (out/test/e2e/**/*.test.js)
//   lint         ESLint (type-aware) and Prettier's check (scripts/lint.mjs)
// Options: --tier lint|unit|integration|e2e (repeatable), --grep <pattern>, --skip-install, --skip-build,
//          --keep (keep the run's sandbox). Ends with exactly one line "N passed, N failed".
// $VSIX_PATH, when set, is the VSIX the e2e tier tests (instead of packaging one).
// Every tier runs in a child process with an isolated environment (temp HOME, XDG_*, TMPDIR, COPILOT_HOME).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, elapsed, ensureDependencies, ensureVsix, fixtures, root, toolNode } from './setup.mjs';

const TIERS = ['lint', 'unit', 'integration', 'e2e'];
const { values } = parseArgs({
  options: {
    tier: { type: 'string', multiple: true },
    grep: { type: 'string' },
    'skip-install': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const tiers = values.tier?.length ? values.tier.flatMap((t) => t.split(',')) : TIERS;
for (const t of tiers) {
  if (!TIERS.includes(t)) {
    console.error(`unknown tier "${t}" (expected ${TIERS.join(', ')})`);
    process.exit(2);
  }
}
const selected = TIERS.filter((t) => tiers.includes(t));

const results = []; // { tier, passed, failed, crashed?, seconds }
const startedAll = Date.now();
const base = mkdtempSync(path.join(os.tmpdir(), 'copilot-sessions-test-'));
let current; // the running tier's child
let fx;

function finish(code) {
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log('');
  for (const r of results) {
    const note = r.crashed ? ` — crashed: ${r.crashed}` : '';
    console.log(
      `${r.tier.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed  ${r.seconds.toFixed(1)} s${note}`,
    );
  }
  console.log(`total ${elapsed(startedAll)}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = code ?? (failed > 0 ? 1 : 0);
}

async function cleanup() {
  if (!fx) return;
  await fx.stopAll?.();
  const strays = await fx.killStrays(base);
  if (strays.length) {
    console.log(`stopped ${strays.length} leftover process(es) of this run:`);
    for (const p of strays) console.log(`  ${p.pid} ${p.args.slice(0, 160)}`);
  }
}

function runChild(tier, args, env) {
  return new Promise((resolve) => {
    const child = spawn(toolNode, args, { cwd: root, env, stdio: 'inherit' });
    current = child;
    child.on('exit', (code, signal) => {
      current = undefined;
      resolve({ code, signal });
    });
    child.on('error', (err) => {
      current = undefined;
      resolve({ code: 1, signal: null, error: err });
    });
  });
}

async function runTier(tier) {
  const started = Date.now();
  const resultFile = path.join(base, `${tier}-result.json`);
  console.log(`\n━━ ${tier} ━━`);
  const sandbox = fx.createSandbox(tier, { base });
  const env = sandbox.env({
    COPILOT_SESSIONS_TEST_TIER: tier,
    COPILOT_SESSIONS_RUN_DIR: base,
    FORCE_COLOR: process.stdout.isTTY ? '1' : undefined,
  });
  const grep = values.grep ? ['--grep', values.grep] : [];
  let outcome;
  try {
    if (tier === 'lint') {
      outcome = await runChild(tier, ['scripts/lint.mjs', '--result', resultFile], env);
    } else if (tier === 'unit') {
      outcome = await runChild(
        tier,
        ['scripts/mocha-tier.mjs', '--dir', 'out/test/unit', '--result', resultFile, '--timeout', '10000', ...grep],
        env,
      );
    } else if (tier === 'integration') {
      outcome = await runChild(tier, ['scripts/integration.mjs', '--result', resultFile, '--timeout', String(15 * 60), ...grep], env);
    } else {
      // A VSIX given in the environment (e.g. a CI artifact) is tested as is; otherwise package (or reuse) ours.
      const vsix = process.env.VSIX_PATH ? path.resolve(process.env.VSIX_PATH) : ensureVsix();
      console.log(`VSIX under test: ${vsix}`);
      outcome = await runChild(
        tier,
        ['scripts/mocha-tier.mjs', '--dir', 'out/test/e2e', '--result', resultFile, '--timeout', '120000', ...grep],
        { ...env, VSIX_PATH: vsix },
      );
    }
  } catch (err) {
    outcome = { code: 1, error: err };
  }
  const seconds = (Date.now() - started) / 1000;
  let summary;
  if (existsSync(resultFile)) {
    try {
      summary = JSON.parse(readFileSync(resultFile, 'utf8'));
    } catch {
      summary = undefined;
    }
  }
  if (!summary) {
    const why = outcome.error?.message ?? (outcome.signal ? `killed by ${outcome.signal}` : `exit code ${outcome.code}, no result`);
    results.push({ tier, passed: 0, failed: 1, crashed: why, seconds });
  } else {
    // A tier that ran no test at all (without --grep narrowing it) has not passed.
    const ranNothing = summary.passed + summary.failed === 0 && !values.grep;
    const crashed = outcome.code !== 0 && summary.failed === 0 ? `exit code ${outcome.code}` : ranNothing ? 'ran no tests' : undefined;
    results.push({ tier, passed: summary.passed, failed: summary.failed + (crashed ? 1 : 0), crashed, seconds });
  }
  const r = results[results.length - 1];
  console.log(`── ${tier}: ${r.passed} passed, ${r.failed} failed (${seconds.toFixed(1)} s)${r.crashed ? ` — crashed: ${r.crashed}` : ''}`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.log(`\n${signal}: stopping...`);
    if (current) current.kill('SIGTERM');
    const hard = setTimeout(() => current?.kill('SIGKILL'), 8000);
    hard.unref();
    setTimeout(
      async () => {
        await cleanup().catch(() => undefined);
        if (!values.keep) rmSync(base, { recursive: true, force: true, maxRetries: 3 });
        finish(130);
        process.exit(130);
      },
      current ? 1500 : 0,
    );
  });
}

console.log(
  `tiers run on Node ${execFileSync(toolNode, ['--version'], { encoding: 'utf8' }).trim()} (${toolNode}); code-server on Node 24`,
);
try {
  if (!values['skip-install']) ensureDependencies();
  if (!values['skip-build']) build();
  fx = fixtures();
} catch (err) {
  console.error(`\n${err.message}`);
  for (const tier of selected) results.push({ tier, passed: 0, failed: 1, crashed: 'not run: setup/build failed', seconds: 0 });
  finish(1);
  rmSync(base, { recursive: true, force: true });
  process.exit();
}

for (const tier of selected) {
  if (interrupted) break;
  await runTier(tier);
}
if (!interrupted) {
  await cleanup();
  const failed = results.some((r) => r.failed > 0);
  if (values.keep || failed) console.log(`\nsandbox of this run kept: ${base}`);
  else rmSync(base, { recursive: true, force: true, maxRetries: 3 });
  finish();
}
