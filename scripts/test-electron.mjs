// `npm run test:electron`: the integration suite (out/test/integration/index.js) in desktop VS Code via
// @vscode/test-electron, with the stand-in model and an isolated sandbox — for a developer machine with internet:
// it downloads VS Code (cached in .tools/vscode-test). On Linux without a display run it under `xvfb-run -a`.
// Machines that reach only the npm registry cannot download VS Code: use `npm test -- --tier integration`
// (the same suite in code-server's extension host) there.
//   --version <stable|insiders|1.x.y>  (default: $VSCODE_VERSION or stable)   --grep <pattern>   --skip-build
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, elapsed, ensureDependencies, fixtures, root } from './setup.mjs';

const { values } = parseArgs({
  options: {
    version: { type: 'string', default: process.env.VSCODE_VERSION ?? 'stable' },
    grep: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
  },
});

const started = Date.now();
ensureDependencies();
if (!values['skip-build']) build();
const fx = fixtures();
const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version: values.version, cachePath: path.join(root, '.tools', 'vscode-test') });
} catch (err) {
  console.error(
    [
      '',
      `test:electron: could not download VS Code ${values.version}: ${err?.message ?? err}`,
      '@vscode/test-electron needs internet access to update.code.visualstudio.com (once; then .tools/vscode-test is reused).',
      'Where only the npm registry is reachable, run the same suite in code-server instead: npm test -- --tier integration',
      '',
      '0 passed, 1 failed',
    ].join('\n'),
  );
  process.exit(1);
}

const sandbox = fx.createSandbox('electron');
const resultFile = path.join(sandbox.root, 'integration-result.json');
fx.writeUserSettings(sandbox.userData, {});
let model;
let exitCode;
try {
  model = await fx.startModelServerProcess({ env: sandbox.env() });
  const env = sandbox.env({ ...fx.standInEnv(model.url), TEST_RESULT_FILE: resultFile, MOCHA_GREP: values.grep });
  // Only what differs from this process's environment is passed (runTests merges it over process.env).
  const extensionTestsEnv = Object.fromEntries(Object.entries(env).filter(([key, value]) => process.env[key] !== value));
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [
      sandbox.workspace,
      '--disable-extensions',
      '--user-data-dir',
      sandbox.userData,
      '--extensions-dir',
      sandbox.extensions,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
    ],
    extensionTestsEnv,
  }).catch((err) => {
    console.error(`VS Code exited with a failure: ${err?.message ?? err}`);
    return 1;
  });
} finally {
  await model?.stop();
  await fx.stopAll();
  await fx.killStrays(sandbox.root);
}

let summary = { passed: 0, failed: 1, failures: [{ title: 'integration run', error: 'no result file' }] };
if (existsSync(resultFile)) summary = JSON.parse(readFileSync(resultFile, 'utf8'));
for (const f of summary.failures) console.log(`✗ ${f.title}: ${f.error}`);
if (summary.failed === 0) sandbox.remove();
else console.log(`sandbox kept: ${sandbox.root}`);
console.log(`test:electron ${elapsed(started)}`);
console.log(`${summary.passed} passed, ${summary.failed} failed`);
process.exit(summary.failed > 0 || exitCode !== 0 ? 1 : 0);
