import assert from 'node:assert/strict';
import { languageIdFor } from '../../../src/core/codeLanguage';

suite('a code fence label names a VS Code language', () => {
  const known = ['typescript', 'javascript', 'python', 'shellscript', 'cpp', 'csharp', 'yaml', 'plaintext', 'go'];
  test('short names and VS Code ids', () => {
    assert.equal(languageIdFor('ts', known), 'typescript');
    assert.equal(languageIdFor('TypeScript', known), 'typescript');
    assert.equal(languageIdFor('py', known), 'python');
    assert.equal(languageIdFor('bash', known), 'shellscript');
    assert.equal(languageIdFor('c++', known), 'cpp');
    assert.equal(languageIdFor('C#', known), 'csharp');
    assert.equal(languageIdFor('yml', known), 'yaml');
    assert.equal(languageIdFor('go', known), 'go');
  });
  test('none, or one VS Code does not know: no language (plain text)', () => {
    assert.equal(languageIdFor(undefined, known), undefined);
    assert.equal(languageIdFor('', known), undefined);
    assert.equal(languageIdFor('brainfuck', known), undefined);
    assert.equal(languageIdFor('rs', known), undefined, 'rust is not among the known ones here');
  });
});
