// `npm run lint`: ESLint (type-aware rules) and Prettier's check, over the whole repository.
// With --result <file> it writes { passed, failed } for `npm test`'s summary (one check each).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { result: { type: 'string' }, fix: { type: 'boolean', default: false } } });
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const checks = [
  ['eslint', [bin('eslint', 'bin/eslint.js'), '.', ...(values.fix ? ['--fix'] : [])]],
  ['prettier', [bin('prettier', 'bin/prettier.cjs'), values.fix ? '--write' : '--check', '.']],
  // The README's benchmark table is generated from bench/results.json, never edited by hand.
  ['bench table', [path.join(root, 'scripts', 'bench-table.mjs'), ...(values.fix ? [] : ['--check'])]],
];
let passed = 0;
const failures = [];
for (const [name, args] of checks) {
  console.log(`> ${name}`);
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (run.status === 0) passed++;
  else failures.push({ title: name, error: `exit code ${run.status}` });
}
if (values.result) writeFileSync(values.result, JSON.stringify({ passed, failed: failures.length, failures }));
console.log(`lint: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
