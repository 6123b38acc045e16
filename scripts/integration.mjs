// The integration tier (a child of scripts/test.mjs, or run alone after a build): the stand-in model, code-server
// with the smoke-test driver, and headless Chromium opened with the payload that loads this repository as the
// extension under development and runs out/test/integration/index.js inside the real extension host.
// Writes `{ passed, failed, pending, failures }` to --result.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { elapsed, fixtures, root } from './setup.mjs';

const { values } = parseArgs({
  options: {
    result: { type: 'string' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: String(15 * 60) }, // seconds
    verbose: { type: 'boolean', default: false },
  },
});

const fx = fixtures();
const summary = { passed: 0, failed: 0, pending: 0, failures: [] };
const started = Date.now();
const sandbox = fx.createSandbox('integration');
const testResultFile = path.join(sandbox.root, 'integration-result.json');
let model;
const harnessFailure = (title, error) => {
  summary.failed += 1;
  summary.failures.push({ title, error });
  console.log(`  ✗ ${title}: ${error}`);
};
let server;
let browser;

// The workbench relays every console message of the page and the extension host. Our index prints finished lines
// between its start line (▶ integration) and its summary line (N passed, N failed); show those, drop the rest.
let inside = false;
function relay(type, args) {
  const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  if (values.verbose) return console.log(`[${type}] ${text}`);
  if (typeof args[0] === 'string' && args[0].startsWith('▶ integration')) inside = true;
  if (inside || type === 'pageerror') console.log(`  ${text.replace(/\n/g, '\n  ')}`);
  if (typeof args[0] === 'string' && /^\d+ passed, \d+ failed/.test(args[0])) inside = false;
}

try {
  const extensionTestsPath = path.join(root, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: build first`);
  model = await fx.startModelServerProcess({ env: sandbox.env() });
  server = await fx.startCodeServer({
    sandbox,
    env: sandbox.env({
      ...fx.standInEnv(model.url),
      TEST_RESULT_FILE: testResultFile,
      MOCHA_GREP: values.grep,
    }),
  });
  console.log(`  code-server ${server.url} (log ${server.logFile}), stand-in model ${model.url}`);
  browser = await fx.launchBrowser({ env: sandbox.env() });
  const run = await fx.runExtensionTests({
    server,
    browser,
    extensionDevelopmentPath: root,
    extensionTestsPath,
    folder: sandbox.workspace,
    timeoutMs: Number(values.timeout) * 1000,
    onLog: relay,
    logsDir: sandbox.logs,
  });
  if (existsSync(testResultFile)) {
    Object.assign(summary, JSON.parse(readFileSync(testResultFile, 'utf8')));
  } else {
    harnessFailure(
      'integration run',
      run.timedOut
        ? `no result after ${values.timeout} s (timed out); logs in ${sandbox.logs}`
        : `the extension host exited with ${run.exitCode} without a result file; logs in ${sandbox.logs} and ${server.logFile}`,
    );
  }
  if (run.exitCode !== 0 && summary.failed === 0) {
    harnessFailure('integration run', `workbench reported exit code ${run.exitCode}`);
  }
} catch (err) {
  harnessFailure('integration harness', err?.stack ?? String(err));
} finally {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await model?.stop();
  await fx.stopAll();
  // Anything else started under this sandbox (e.g. a runtime that left our process group) is ours too.
  const strays = await fx.killStrays(sandbox.root);
  if (strays.length) console.log(`  stopped ${strays.length} leftover process(es) of the integration sandbox`);
  if (summary.failed === 0 && !process.env.KEEP_SANDBOX) sandbox.remove();
  else console.log(`  sandbox kept for inspection: ${sandbox.root}`);
}

console.log(`  integration: ${summary.passed} passed, ${summary.failed} failed (${elapsed(started)})`);
if (values.result) writeFileSync(values.result, JSON.stringify(summary, null, 2));
process.exit(summary.failed > 0 ? 1 : 0);
