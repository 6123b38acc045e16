/**
 * Mocha entry point loaded by VS Code's extension host (`extensionTestsPath`): runs every `*.test.js` next to this
 * file with the TDD UI (`suite`/`test`; the BDD names work too). The extension host forwards console output with
 * raw printf arguments, so every line is formatted here. The result also goes to $TEST_RESULT_FILE as JSON:
 * `{ passed, failed, failures: [{ title, error }] }`.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface Failure {
  title: string;
  error: string;
}

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || String(err);
  return String(err);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'base' });
  // Also offer describe/it to files written in the BDD style.
  Mocha.interfaces.bdd(mocha.suite);
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  const files = findTests(__dirname);
  if (files.length === 0) {
    // Nothing to run is not a pass: the tests were not built, or moved where nobody looks.
    const failure = { title: 'finding the integration tests', error: `no *.test.js under ${__dirname}` };
    console.log(`✗ ${failure.title}: ${failure.error}`);
    if (process.env.TEST_RESULT_FILE) {
      writeFileSync(process.env.TEST_RESULT_FILE, JSON.stringify({ passed: 0, failed: 1, pending: 0, failures: [failure] }, null, 2));
    }
    return Promise.reject(new Error(failure.error));
  }
  for (const file of files) mocha.addFile(file);
  console.log(
    `▶ integration: ${files.length} test file(s) in the extension host (VS Code ${vscode.version}, Node ${process.versions.node})`,
  );

  const failures: Failure[] = [];
  let passed = 0;
  let pending = 0;
  return new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failed) => {
        const summary = { passed, failed: failures.length, pending, failures };
        console.log(`${passed} passed, ${failures.length} failed${pending ? `, ${pending} pending` : ''} (integration)`);
        if (process.env.TEST_RESULT_FILE) writeFileSync(process.env.TEST_RESULT_FILE, JSON.stringify(summary, null, 2));
        if (failed > 0 || failures.length > 0) reject(new Error(`${failures.length} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      const failure = { title: 'loading the integration tests', error: errorText(err) };
      console.log(`✗ ${failure.title}: ${failure.error}`);
      if (process.env.TEST_RESULT_FILE) {
        writeFileSync(process.env.TEST_RESULT_FILE, JSON.stringify({ passed: 0, failed: 1, pending: 0, failures: [failure] }, null, 2));
      }
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    runner.on('suite', (suite: Mocha.Suite) => {
      if (suite.title) console.log(`${'  '.repeat(Math.max(0, suite.titlePath().length - 1))}${suite.title}`);
    });
    runner.on('pass', (test: Mocha.Test) => {
      passed++;
      console.log(`${'  '.repeat(test.titlePath().length - 1)}✓ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on('pending', () => pending++);
    runner.on('fail', (test: Mocha.Test | Mocha.Hook, err: unknown) => {
      const title = test.fullTitle();
      const error = errorText(err);
      failures.push({ title, error });
      console.log(`${'  '.repeat(Math.max(0, test.titlePath().length - 1))}✗ ${test.title}: ${error}`);
      if (err instanceof Error && err.stack) console.log(err.stack.split('\n').slice(1, 6).join('\n'));
    });
  });
}
