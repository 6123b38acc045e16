// Runs one mocha tier in plain Node (a child of scripts/test.mjs): every `*.test.js` under --dir, spec reporter on
// the console, counts to --result as JSON `{ passed, failed, pending, failures: [{ title, error }] }`.
// Both mocha UIs are available: describe/it/before/after (BDD) and suite/test/suiteSetup (TDD).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    result: { type: 'string' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: '10000' },
    bail: { type: 'boolean', default: false },
  },
});

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

const summary = { passed: 0, failed: 0, pending: 0, failures: [] };
const writeResult = () => values.result && writeFileSync(values.result, JSON.stringify(summary, null, 2));

const mocha = new Mocha({
  ui: 'bdd',
  reporter: 'spec',
  timeout: Number(values.timeout),
  color: Boolean(process.stdout.isTTY),
  bail: values.bail,
  ...(values.grep ? { grep: values.grep } : {}),
});
Mocha.interfaces.tdd(mocha.suite);
const files = findTests(path.resolve(values.dir));
for (const file of files) mocha.addFile(file);
if (files.length === 0) {
  // A tier that finds nothing to run has not passed: its tests were not built, or moved where nobody looks.
  const where = path.relative(process.cwd(), values.dir) || values.dir;
  console.error(`  no *.test.js under ${where}: nothing to run`);
  summary.failed = 1;
  summary.failures.push({ title: 'finding test files', error: `no *.test.js under ${where}` });
  writeResult();
  process.exit(1);
}

try {
  await mocha.loadFilesAsync();
} catch (err) {
  summary.failed = 1;
  summary.failures.push({ title: 'loading test files', error: err?.stack ?? String(err) });
  console.error(err);
  writeResult();
  process.exit(1);
}

const runner = mocha.run(() => {
  writeResult();
  // Let after-hooks' stops finish; anything still registered is stopped by the fixtures' exit hook.
  setTimeout(() => process.exit(summary.failed > 0 ? 1 : 0), 0);
});
runner.on('pass', () => summary.passed++);
runner.on('pending', () => summary.pending++);
runner.on('fail', (test, err) => {
  summary.failed++;
  summary.failures.push({ title: test.fullTitle(), error: err?.message ?? String(err) });
});
