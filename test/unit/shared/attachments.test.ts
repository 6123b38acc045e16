import assert from 'node:assert/strict';
import {
  attachmentLabel,
  isInsideFolder,
  lineSpan,
  looksBinary,
  MAX_ATTACHMENTS,
  parseAttachmentRef,
  parseAttachmentRefs,
  refsFromStored,
  toSdkAttachment,
  type AttachmentRef,
} from '../../../src/shared/attachments';
import { parseWebviewMessage } from '../../../src/shared/protocol';

const range = { startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 5 };
const selection: AttachmentRef = { type: 'selection', path: '/ws/src/main.js', range };

suite('attachments: shapes, ranges and limits', () => {
  test('accepts files, folders and selections with absolute paths, exactly', () => {
    assert.deepEqual(parseAttachmentRef({ type: 'file', path: '/ws/a.txt' }), { type: 'file', path: '/ws/a.txt' });
    assert.deepEqual(parseAttachmentRef({ type: 'directory', path: 'C:\\ws\\src' }), { type: 'directory', path: 'C:\\ws\\src' });
    assert.deepEqual(parseAttachmentRef({ type: 'selection', path: '/ws/src/main.js', range }), selection);
    assert.deepEqual(parseAttachmentRef({ type: 'problems', path: '/ws/a.ts' }), { type: 'problems', path: '/ws/a.ts' });
  });

  test('refuses relative paths, NUL bytes, extra fields, bad or reversed ranges, too many', () => {
    assert.equal(parseAttachmentRef({ type: 'file', path: 'a.txt' }), undefined);
    assert.equal(parseAttachmentRef({ type: 'file', path: '/ws/a\0.txt' }), undefined);
    assert.equal(parseAttachmentRef({ type: 'file', path: '/ws/a.txt', text: 'x' }), undefined);
    assert.equal(parseAttachmentRef({ type: 'blob', path: '/ws/a.txt' }), undefined);
    assert.equal(parseAttachmentRef({ type: 'selection', path: '/ws/a.txt' }), undefined);
    assert.equal(parseAttachmentRef({ type: 'selection', path: '/ws/a', range: { ...range, endLine: 0 } }), undefined);
    assert.equal(parseAttachmentRef({ type: 'selection', path: '/ws/a', range: { ...range, startLine: -1 } }), undefined);
    assert.equal(parseAttachmentRef({ type: 'selection', path: '/ws/a', range: { ...range, startLine: 1.5 } }), undefined);
    assert.equal(parseAttachmentRef({ type: 'selection', path: '/ws/a', range: { ...range, extra: 1 } }), undefined);
    const many = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => ({ type: 'file', path: `/ws/${i}` }));
    assert.equal(parseAttachmentRefs(many), undefined);
    assert.equal(parseAttachmentRefs(many.slice(1))?.length, MAX_ATTACHMENTS);
    assert.equal(parseAttachmentRefs([{ type: 'file', path: '/ws/a' }, { type: 'file' }]), undefined);
  });

  test('labels: 1-based lines; a selection ending at column 0 does not count that line', () => {
    assert.equal(lineSpan(range), '2-3');
    assert.equal(lineSpan({ startLine: 4, startCharacter: 2, endLine: 4, endCharacter: 9 }), '5');
    assert.equal(lineSpan({ startLine: 0, startCharacter: 0, endLine: 3, endCharacter: 0 }), '1-3');
    assert.equal(attachmentLabel(selection), 'main.js:2-3');
    assert.equal(attachmentLabel({ type: 'file', path: '/ws/README.md' }), 'README.md');
    assert.equal(attachmentLabel({ type: 'directory', path: '/ws/src/' }), 'src/');
  });

  test('the SDK gets files as paths and selections with their text and 0-based range', () => {
    assert.deepEqual(toSdkAttachment({ type: 'file', path: '/ws/a.txt' }), { type: 'file', path: '/ws/a.txt', displayName: 'a.txt' });
    assert.deepEqual(toSdkAttachment(selection, 'two\nthree'), {
      type: 'selection',
      filePath: '/ws/src/main.js',
      displayName: 'main.js:2-3',
      selection: { start: { line: 1, character: 0 }, end: { line: 2, character: 5 } },
      text: 'two\nthree',
    });
    // Problems go as text the runtime inlines, named so the history can tell them again.
    assert.deepEqual(toSdkAttachment({ type: 'problems', path: '/ws/a.ts' }, 'eA=='), {
      type: 'blob',
      data: 'eA==',
      mimeType: 'text/plain',
      displayName: 'problems:/ws/a.ts',
    });
  });

  test('what a stored user.message carried comes back as references', () => {
    const stored = [
      toSdkAttachment(selection, 'x'),
      { type: 'file', path: '/ws/a.txt', displayName: 'a.txt', taggedFilesEntry: '* /ws/a.txt (2 lines)' },
      { type: 'blob', data: 'eA==', mimeType: 'text/plain' },
      toSdkAttachment({ type: 'problems', path: '/ws/a.ts' }, 'eA=='),
      'junk',
    ];
    assert.deepEqual(refsFromStored(stored), [selection, { type: 'file', path: '/ws/a.txt' }, { type: 'problems', path: '/ws/a.ts' }]);
    assert.deepEqual(refsFromStored(undefined), []);
  });

  test('binary files are told by a NUL byte; inside the workspace means the folder or below it', () => {
    assert.equal(looksBinary(new TextEncoder().encode('plain text\n')), false);
    assert.equal(looksBinary(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a])), true);
    assert.equal(isInsideFolder('/ws/src/a.ts', '/ws'), true);
    assert.equal(isInsideFolder('/ws', '/ws/'), true);
    assert.equal(isInsideFolder('/wsx/a.ts', '/ws'), false);
    assert.equal(isInsideFolder('/other/a.ts', '/ws'), false);
    assert.equal(isInsideFolder('c:\\WS\\a.ts', 'C:\\ws'), true);
  });

  test('the webview messages about attachments and changed files are checked at the boundary', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', prompt: 'p', attachments: [selection] }), {
      ok: true,
      value: { type: 'send', prompt: 'p', attachments: [selection] },
    });
    assert.equal(parseWebviewMessage({ type: 'send', prompt: 'p', attachments: [{ type: 'file', path: 'rel' }] }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'send', prompt: 'p', attachments: 'x' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'pickAttachment' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'pickAttachment', x: 1 }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'dropFiles', uris: ['file:///ws/a.txt'] }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'dropFiles', uris: [] }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'dropFiles', uris: [1] }).ok, false);
    assert.deepEqual(parseWebviewMessage({ type: 'openFile', path: 'src/a.ts', line: 3 }), {
      ok: true,
      value: { type: 'openFile', path: 'src/a.ts', line: 3 },
    });
    assert.equal(parseWebviewMessage({ type: 'openFile', path: 'a.ts', line: -1 }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'openFile', path: 'a\0.ts' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'fileChanges', action: 'undo', turnId: 't1' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'fileChanges', action: 'diff', turnId: 't1', path: '/ws/a.ts' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'fileChanges', action: 'diff', turnId: 't1' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'fileChanges', action: 'keep', turnId: 't1', path: '/ws/a.ts' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'fileChanges', action: 'rewind', turnId: 't1' }).ok, false);
  });
});
