import assert from 'node:assert/strict';
import type { PermissionRequest } from '@github/copilot-sdk';
import { describePermission, sessionApproval } from '../../../src/sessions/permissionRequests';

suite('permission requests', () => {
  const shell = (canOfferSessionApproval: boolean): PermissionRequest => ({
    kind: 'shell',
    fullCommandText: 'git status && npm test',
    intention: 'Check the tree',
    commands: [
      { identifier: 'git status', readOnly: true },
      { identifier: 'npm test', readOnly: false },
    ],
    possiblePaths: [],
    possibleUrls: [],
    hasWriteFileRedirection: false,
    canOfferSessionApproval,
  });
  const write = (canOfferSessionApproval: boolean): PermissionRequest => ({
    kind: 'write',
    fileName: '/w/a.txt',
    diff: '',
    intention: 'Create file',
    canOfferSessionApproval,
  });

  test('"Allow for this session" hands the runtime the rule to remember, only when the request offers it', () => {
    assert.deepEqual(sessionApproval(shell(true)), {
      kind: 'approve-for-session',
      approval: { kind: 'commands', commandIdentifiers: ['git status', 'npm test'] },
    });
    assert.deepEqual(sessionApproval(write(true)), { kind: 'approve-for-session', approval: { kind: 'write' } });
    assert.equal(sessionApproval(shell(false)), undefined);
    assert.equal(sessionApproval(write(false)), undefined);
    assert.equal(sessionApproval({ kind: 'url', url: 'https://example.com', intention: 'fetch' }), undefined);
  });

  test('the card says what will run: the command, the file, the URL', () => {
    assert.equal(describePermission(shell(false)), 'git status && npm test');
    assert.equal(describePermission(write(false)), '/w/a.txt');
    assert.equal(describePermission({ kind: 'url', url: 'https://example.com/x', intention: 'fetch' }), 'https://example.com/x');
  });
});
