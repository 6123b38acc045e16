// The system packages `npm test` and `npm start` need, installed before anything is downloaded:
//   chromium            the browser that opens code-server for the integration and e2e tiers (and `npm start`'s checks)
//   libkrb5-dev         code-server's `kerberos` module compiles from source against these headers
//   fonts-wqy-microhei  CJK glyphs, so the zh-cn/zh-tw screenshots are readable
// With root, or sudo that needs no password, they are installed with apt; otherwise the run stops at once with the
// command to type. On a machine without dpkg/apt the check says what to install instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PACKAGES = [
  { name: 'chromium', why: 'the browser the test tiers drive', file: '/usr/bin/chromium' },
  { name: 'libkrb5-dev', why: "headers code-server's kerberos module builds against", file: '/usr/include/krb5.h' },
  { name: 'fonts-wqy-microhei', why: 'CJK glyphs for the Chinese screenshots', file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' },
];

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function installed(pkg) {
  if (!has('dpkg-query')) return undefined;
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg.name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** How apt can be run here: directly (root), through sudo without a password, or not at all. */
function aptRunner() {
  if (!has('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo'];
  return undefined;
}

/** Throws (with the exact command to run) when a package is missing and cannot be installed from here. */
export function ensureSystemPackages(packages = SYSTEM_PACKAGES) {
  if (!has('dpkg-query')) {
    // Not Debian or Ubuntu: only check that what the packages provide is there.
    const missing = packages.filter((p) => !existsSync(p.file));
    if (missing.length) {
      throw new Error(
        'This machine has no dpkg/apt, and these are missing:\n' +
          missing.map((p) => `  ${p.file} (Debian package ${p.name}: ${p.why})`).join('\n') +
          '\nInstall them with your system package manager, then run the command again.',
      );
    }
    return;
  }
  const missing = packages.filter((p) => !installed(p));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const command = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names.join(' ')}`;
  const runner = aptRunner();
  if (!runner) {
    throw new Error(
      `Missing system packages: ${missing.map((p) => `${p.name} (${p.why})`).join(', ')}.\n` +
        `They need root, and this user is not root and has no sudo without a password. Run this once, then the command again:\n\n  ${command}\n`,
    );
  }
  console.log(`Installing system packages with apt: ${missing.map((p) => `${p.name} (${p.why})`).join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [bin, ...rest] = [...runner, 'apt-get', ...args];
    console.log(`> ${[bin, ...rest].join(' ')}`);
    const result = spawnSync(bin, rest, { stdio: 'inherit', env });
    if (result.status !== 0) {
      throw new Error(`apt-get ${args[0]} failed (exit ${result.status}). Run this yourself, then the command again:\n\n  ${command}\n`);
    }
  };
  run(['update', '-qq']);
  run(['install', '-y', '-qq', '--no-install-recommends', ...names]);
  const still = missing.filter((p) => !installed(p));
  if (still.length) throw new Error(`apt-get finished but ${still.map((p) => p.name).join(', ')} is still not installed.`);
}
