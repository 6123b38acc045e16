/** Section `bundle sizes`: the production bundles of this run's build and, in full mode, the VSIX. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as fx from '../../test/fixtures/codeServer';
import { log, type Bench } from '../lib/context';
import { kib } from '../lib/stats';

export function measureBundles(bench: Bench): void {
  const { vsix, vsixNote } = bench.options;
  const root = fx.repoRoot;
  const extensionBytes = statSync(path.join(root, 'dist', 'extension.js')).size;
  const webviewBytes = statSync(path.join(root, 'media', 'dist', 'webview.js')).size;
  const vsixBytes = vsix && existsSync(vsix) ? statSync(vsix).size : undefined;
  const otherWebviews = Object.fromEntries(
    readdirSync(path.join(root, 'media', 'dist'))
      .filter((f) => f.endsWith('.js') && f !== 'webview.js')
      .map((f) => [f, statSync(path.join(root, 'media', 'dist', f)).size]),
  );
  // Only a VSIX packaged in this run's directory counts: never one left in the checkout by an older build.
  const vsixBuiltInRun = vsixBytes !== undefined && path.resolve(vsix!).startsWith(`${path.resolve(bench.options.runDir)}${path.sep}`);
  bench.raw.bundles = { extensionBytes, webviewBytes, otherWebviews, vsixBytes, vsixNote, vsixBuiltInRun };
  log(
    `dist/extension.js ${kib(extensionBytes)}, media/dist/webview.js ${kib(webviewBytes)}${Object.entries(otherWebviews)
      .map(([f, b]) => `, ${f} ${kib(b)}`)
      .join('')}${vsixBytes ? `, VSIX ${(vsixBytes / 1024 / 1024).toFixed(1)} MB` : ''}`,
  );
}
