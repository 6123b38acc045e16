#!/usr/bin/env node
/**
 * Where an extension host's time went in a CPU profile (BENCH_PROFILE_HOST, see bench/README.md), as text: the
 * share of the span the thread was busy, then self and total time by function and by file, so that the product's
 * own code (dist/extension.js) can be told from the SDK's, VS Code's and the bench's.
 *
 *   node scripts/profile-summary.mjs /tmp/profiles/overhead.cpuprofile [top]
 */
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 20);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);

// Each sample's time is the gap to the next one.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const us = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + us);
}

const fileOf = (n) => (n.callFrame.url || '(native)').split('?')[0].split('/').slice(-2).join('/');
const nameOf = (n) => `${n.callFrame.functionName || '(anonymous)'} ${fileOf(n)}:${n.callFrame.lineNumber + 1}`;
const IDLE = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

const spanUs = profile.endTime - profile.startTime;
let busyUs = 0;
let gcUs = 0;
const self = new Map();
const total = new Map();
const byFile = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const name = node.callFrame.functionName;
  if (name === '(garbage collector)') gcUs += us;
  if (IDLE.has(name)) continue;
  busyUs += us;
  self.set(nameOf(node), (self.get(nameOf(node)) ?? 0) + us);
  // A function's total counts once per sample, however often it recurs on the stack.
  const seen = new Set();
  const files = new Set();
  for (let at = id; at !== undefined; at = parentOf.get(at)) {
    const frame = byId.get(at);
    if (IDLE.has(frame.callFrame.functionName)) continue;
    const key = nameOf(frame);
    if (!seen.has(key)) total.set(key, (total.get(key) ?? 0) + us);
    seen.add(key);
    files.add(fileOf(frame));
  }
  for (const f of files) byFile.set(f, (byFile.get(f) ?? 0) + us);
}

const ms = (us) => (us / 1000).toFixed(1).padStart(8);
function table(title, map) {
  console.log(`\n${title}\n${'ms'.padStart(8)}  what`);
  for (const [what, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${what}`);
}
console.log(`span ${ms(spanUs)} ms, JavaScript ${ms(busyUs)} ms (${((100 * busyUs) / spanUs).toFixed(1)}%), collection ${ms(gcUs)} ms`);
table('by file (time with a frame of the file on the stack)', byFile);
table('self time', self);
table('total time', total);
