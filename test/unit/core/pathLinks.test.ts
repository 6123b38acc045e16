import assert from 'node:assert/strict';
import { findPaths } from '../../../src/core/pathLinks';

suite('path:line references in replies', () => {
  test('paths with a folder, or a file with a line, become links; 1-based lines as written', () => {
    const text = 'See src/main.ts:12 and ./lib/util.js, then README.md:3:7 or /abs/x.py.';
    assert.deepEqual(
      findPaths(text).map(({ path, line }) => ({ path, line })),
      [
        { path: 'src/main.ts', line: 12 },
        { path: './lib/util.js', line: undefined },
        { path: 'README.md', line: 3 },
        { path: '/abs/x.py', line: undefined },
      ],
    );
  });

  test('bare names, versions, abbreviations and URLs are left alone', () => {
    assert.deepEqual(findPaths('e.g. version 1.2 of README.md at https://example.com/a/b.js'), []);
  });
});
