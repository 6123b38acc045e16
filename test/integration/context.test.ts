/**
 * Editor context in, changes out, inside the real extension host with the real SDK and runtime: `send()` with
 * attachments (what the stand-in model received), bad attachments refused with nothing sent, a turn's changed files
 * in the history (folded from the runtime's own events). Selections are taken from .txt files: a .js document would
 * start the TypeScript server, a process of this extension host that later suites' runtime counts would take for a
 * runtime (its temp path says "copilot").
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, apiError, settleClient, unique } from './helpers';

interface LoggedRequest {
  rawUserTexts: string[];
}

async function modelRequests(): Promise<LoggedRequest[]> {
  const url = process.env.MODEL_SERVER_URL;
  assert.ok(url, 'MODEL_SERVER_URL is set by the test runner');
  const response = await fetch(`${url}/stand-in/requests`);
  return ((await response.json()) as { requests: LoggedRequest[] }).requests;
}

async function lastUserText(): Promise<string> {
  const requests = await modelRequests();
  const texts = requests[requests.length - 1]?.rawUserTexts ?? [];
  return texts[texts.length - 1] ?? '';
}

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the integration tier opens a folder');
  return folder;
}

suite('Context in, changes out', () => {
  const dir = () => path.join(workspaceDir(), 'context-it');
  suiteSetup(() => {
    mkdirSync(dir(), { recursive: true });
    writeFileSync(path.join(dir(), 'lines.txt'), 'one\ntwo\nthree\n');
    writeFileSync(path.join(dir(), 'blob.bin'), Buffer.from([0x00, 0x01, 0x02]));
    writeFileSync(path.join(dir(), 'huge.log'), 'x'.repeat(1_200_000));
  });

  test('send() with a selection and a file: the model gets the selected text and line range, and the file as a path', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha', sessionId: unique('ctx-api') });
    const uri = vscode.Uri.file(path.join(dir(), 'lines.txt'));
    await sessions.send(sessionId, 'look #reply:seen', {
      attachments: [
        { type: 'selection', uri, range: new vscode.Range(1, 0, 2, 5) },
        { type: 'directory', uri: vscode.Uri.file(dir()) },
      ],
    });
    const received = await lastUserText();
    assert.match(received, /File: context-it\/lines\.txt \(lines 2-3\)\n```\ntwo\nthree\n```/);
    assert.match(received, new RegExp(`\\* ${dir().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(\\d+ items\\)`));
    const user = (await sessions.history(sessionId)).find((item) => item.kind === 'user');
    assert.ok(user?.kind === 'user');
    assert.deepEqual(user.attachments, [
      { type: 'selection', path: uri.fsPath, range: { startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 5 } },
      { type: 'directory', path: dir() },
    ]);
  });

  test('bad attachments are refused with a reason, and nothing is sent', async () => {
    const sessions = await api();
    const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
    const before = (await modelRequests()).length;
    const file = (name: string) => vscode.Uri.file(path.join(dir(), name));
    const outside = vscode.Uri.file(path.join(process.env.TMPDIR ?? '/tmp', 'outside-ctx.txt'));
    writeFileSync(outside.fsPath, 'x\n');
    const cases: Array<[unknown, RegExp]> = [
      [{ attachments: [{ type: 'file', uri: file('gone.txt') }] }, /gone\.txt" no longer exists/],
      [{ attachments: [{ type: 'file', uri: file('blob.bin') }] }, /blob\.bin" is a binary file/],
      [{ attachments: [{ type: 'file', uri: file('huge.log') }] }, /huge\.log" is too large to attach \(1\.2 MB; the limit is 1 MB\)/],
      [{ attachments: [{ type: 'file', uri: outside }] }, /is outside this workspace/],
      [{ attachments: [{ type: 'file', path: '/x' }] }, /attachments\[0\]\.uri must be a file URI/],
      [{ attachments: [{ type: 'selection', uri: file('lines.txt') }] }, /attachments\[0\] must be/],
      [{ attachments: [{ type: 'selection', uri: file('lines.txt'), range: new vscode.Range(7, 0, 9, 0) }] }, /no longer has lines 8-9/],
      [{ attachments: 'lines.txt' }, /must be an array/],
      [{ files: [] }, /only \{ attachments \}/],
    ];
    for (const [options, message] of cases) {
      await assert.rejects(sessions.send(sessionId, 'hi', options as never), apiError('invalidArgument', message, false));
    }
    assert.equal((await modelRequests()).length, before, 'no request reached the model');
  });

  test("a turn's file edits are listed once per file in the history, with the runtime's line counts", async () => {
    const sessions = await api();
    const config = vscode.workspace.getConfiguration('copilotSessions');
    const target = path.join(dir(), 'edit-me.txt');
    writeFileSync(target, 'alpha beta\n');
    await config.update('autoApprovePermissions', true, vscode.ConfigurationTarget.Global);
    try {
      const { sessionId } = await sessions.create({ model: 'stand-in-alpha' });
      const created = path.join(dir(), `made-${Date.now()}.txt`);
      await sessions.send(sessionId, `two files #write:${created} #edit:${target}:beta:gamma`);
      const history = await sessions.history(sessionId);
      const changes = history.filter((item) => item.kind === 'changes');
      assert.equal(changes.length, 1);
      assert.ok(changes[0].kind === 'changes');
      assert.deepEqual(
        changes[0].files.map((f) => [path.basename(f.path), f.change, f.added, f.removed]),
        [
          [path.basename(created), 'created', 1, 0],
          ['edit-me.txt', 'modified', 1, 1],
        ],
      );
      assert.equal(history[history.length - 1].kind, 'changes', 'listed under the reply');
    } finally {
      await config.update('autoApprovePermissions', undefined, vscode.ConfigurationTarget.Global);
      // A client setting restarts the client: let it settle, so the next suite's runtime count is its own.
      await settleClient();
    }
  });
});
