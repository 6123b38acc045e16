#!/usr/bin/env node
/**
 * Where a renderer's time went in a bench trace (BENCH_TRACE or BENCH_TRACE_SCROLL, see bench/README.md), as text:
 * how busy each renderer main thread was over the span, the longest tasks, the scripts that ran (by file and
 * function), layouts, paints, collections and dispatched events. The webview shares its renderer's main thread with
 * the workbench, so a long frame of the panel can be the workbench's work; this says whose it was.
 *
 *   node scripts/trace-summary.mjs /tmp/stream-trace.json [top]
 */
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/trace-summary.mjs <trace.json> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 12);
const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;

const threadNames = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
const complete = events.filter((e) => e.ph === 'X' && e.dur > 0);
const mainThreads = [...new Set(complete.map((e) => `${e.pid}:${e.tid}`))].filter((k) => threadNames.get(k) === 'CrRendererMain');

const ms = (us) => us / 1000;
const fmt = (v) => (Number.isNaN(v) ? '—' : v.toFixed(1)).padStart(8);

function table(title, rows) {
  console.log(`\n${title}`);
  console.log(`${'total ms'.padStart(8)} ${'count'.padStart(6)} ${'max ms'.padStart(8)}  what`);
  for (const [what, a] of rows.slice(0, top)) console.log(`${fmt(a.ms)} ${String(a.n).padStart(6)} ${fmt(a.max)}  ${what}`);
}

function aggregate(list, key) {
  const by = new Map();
  for (const e of list) {
    const k = key(e);
    const a = by.get(k) ?? { n: 0, ms: 0, max: 0 };
    a.n++;
    a.ms += ms(e.dur);
    a.max = Math.max(a.max, ms(e.dur));
    by.set(k, a);
  }
  return [...by].sort((x, y) => y[1].ms - x[1].ms);
}

/** A script's file without its query (webview URLs carry long ones), and the function. */
function scriptOf(e) {
  const data = e.args?.data ?? {};
  const url =
    String(data.url ?? '')
      .split('?')[0]
      .split('/')
      .pop() || '(inline)';
  return `${url} ${data.functionName || '(anonymous)'}:${data.lineNumber ?? '?'}`;
}

for (const thread of mainThreads) {
  const own = complete.filter((e) => `${e.pid}:${e.tid}` === thread);
  const tasks = own.filter((e) => e.name === 'RunTask');
  if (tasks.length === 0) continue;
  // Reduced, not spread: a long trace has more events than a call's arguments may be.
  const start = own.reduce((min, e) => Math.min(min, e.ts), Infinity);
  const end = own.reduce((max, e) => Math.max(max, e.ts + e.dur), -Infinity);
  const busy = tasks.reduce((sum, e) => sum + e.dur, 0);
  console.log(
    `\n== renderer main thread ${thread}: busy ${ms(busy).toFixed(0)} ms of ${ms(end - start).toFixed(0)} ms (${((100 * busy) / (end - start)).toFixed(0)}%)`,
  );
  const long = tasks.filter((e) => e.dur > 50_000);
  console.log(`tasks over 50 ms: ${long.length}, longest ${ms(tasks.reduce((max, e) => Math.max(max, e.dur), 0)).toFixed(1)} ms`);
  table(
    'scripts (FunctionCall, by file and function)',
    aggregate(
      own.filter((e) => e.name === 'FunctionCall'),
      scriptOf,
    ),
  );
  table(
    'rendering and collection',
    aggregate(
      own.filter((e) =>
        [
          'Layout',
          'UpdateLayoutTree',
          'Paint',
          'PrePaint',
          'Layerize',
          'Commit',
          'ParseHTML',
          'MajorGC',
          'MinorGC',
          'V8.GC_MC_INCREMENTAL',
        ].includes(e.name),
      ),
      (e) => e.name,
    ),
  );
  table(
    'events dispatched',
    aggregate(
      own.filter((e) => e.name === 'EventDispatch'),
      (e) => e.args?.data?.type ?? '?',
    ),
  );
  table(
    'animation frames',
    aggregate(
      own.filter((e) => e.name === 'FireAnimationFrame'),
      () => 'requestAnimationFrame callbacks',
    ),
  );
}

// The sampling profiler's view (the trace records it): self time by function, which names what a script's time
// inside the panel went to, a layout forced by a geometry read included (it counts as the reading function's).
// Samples are counted and taken at the profiler's usual interval: the gap after a sample can span a pause.
const nodes = new Map();
const counts = new Map();
const gaps = [];
for (const chunk of events.filter((e) => e.name === 'ProfileChunk')) {
  const profile = chunk.args?.data?.cpuProfile ?? {};
  for (const node of profile.nodes ?? []) nodes.set(`${chunk.id}:${node.id}`, node.callFrame);
  gaps.push(...(chunk.args?.data?.timeDeltas ?? []).filter((us) => us > 0));
  for (const sample of profile.samples ?? []) counts.set(`${chunk.id}:${sample}`, (counts.get(`${chunk.id}:${sample}`) ?? 0) + 1);
}
if (counts.size > 0) {
  const intervalUs = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0;
  const byFunction = new Map();
  for (const [key, n] of counts) {
    const frame = nodes.get(key);
    if (!frame || ['(idle)', '(program)', '(root)'].includes(frame.functionName)) continue;
    const file = (frame.url || '').split('?')[0].split('/').pop() || '(native)';
    const at = frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : '';
    const what = `${frame.functionName || '(anonymous)'} ${file}${at}`;
    const a = byFunction.get(what) ?? { n: 0, ms: 0, max: Number.NaN };
    a.n += n;
    a.ms += ms(n * intervalUs);
    byFunction.set(what, a);
  }
  table(
    `sampled self time, by function (every ${ms(intervalUs).toFixed(2)} ms; count: samples; the page's minified names)`,
    [...byFunction].sort((x, y) => y[1].ms - x[1].ms),
  );
}
