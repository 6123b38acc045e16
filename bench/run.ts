/**
 * The benchmark driver (`npm run bench`, see scripts/bench.mjs, which builds this and the extension first).
 *
 * It runs the real extension (production build), the real SDK and runtime, code-server and headless Chromium
 * against the stand-in model, in a throwaway sandbox, and measures each figure of the performance issue against a
 * baseline measured in the same run: these machines are shared and noisy, so ratios are what compare across runs;
 * absolute times are printed for information (and judged where the goal is absolute). Prints a table and writes
 * the JSON results. Benchmarks report: a missed goal does not fail the run; a benchmark that cannot run does.
 *
 * This file only runs the sections in order (bench/sections/) and reports; the figures are built in bench/figures.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { figures, table } from './figures';
import { Bench, sizesFor, type Options } from './lib/context';
import { round } from './lib/stats';
import { Stack } from './lib/workbench';
import { activationSection } from './sections/activation';
import { measureBundles } from './sections/bundles';
import { panelsSection } from './sections/panels';
import { reloadSection } from './sections/reload';
import { seedLongSessions } from './sections/seed';

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      'bench-ext': { type: 'string' },
      vsix: { type: 'string' },
      'vsix-note': { type: 'string' },
      'run-dir': { type: 'string' },
      only: { type: 'string' },
      commit: { type: 'string' },
    },
  });
  // The helpers are bundled next to this file (out/bench/).
  const outDir = path.dirname(__filename);
  return {
    quick: values.quick,
    out: values.out,
    only: values.only,
    commit: values.commit ?? 'unknown',
    vsix: values.vsix,
    vsixNote: values['vsix-note'],
    benchExt: values['bench-ext'] ?? path.join(outDir, 'ext'),
    agentJs: path.join(outDir, 'hostAgent.js'),
    sdkTasksJs: path.join(outDir, 'sdkTasks.js'),
    runDir: values['run-dir'] ?? os.tmpdir(),
  };
}

interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  loadAverage: number[];
  /** A fixed single-threaded JS workload on this machine (median of 5, ms): runs on different machines compare by it. */
  referenceMs: number;
}

/**
 * The same work on every run (sorting and JSON of a fixed data set), so that runs on two machines can be told apart
 * by their speed, and a slower machine is not read as a regression.
 */
function referenceWorkloadMs(): number {
  const data = Array.from({ length: 200_000 }, (_, i) => ({ id: `s${(i * 7919) % 200_000}`, n: (i * 104729) % 1_000_003 }));
  const times: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const began = performance.now();
    const copy = JSON.parse(JSON.stringify(data)) as typeof data;
    copy.sort((a, b) => a.n - b.n || a.id.localeCompare(b.id));
    times.push(performance.now() - began);
  }
  return round(times.sort((a, b) => a - b)[2], 1);
}

function machineInfo(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((v) => round(v, 2)),
    referenceMs: referenceWorkloadMs(),
  };
}

/** Every section in order; the bundle sizes first, then the real stack, stopped whatever happened. */
async function runSections(bench: Bench): Promise<void> {
  await bench.section('bundle sizes', () => measureBundles(bench));
  const stack = new Stack(bench);
  try {
    const env = await stack.startModel();
    await bench.section('seeding the long sessions (bare SDK + runtime)', () => seedLongSessions(bench, env, stack.folders.panels), [
      'panels',
    ]);
    await stack.startWorkbench(env);
    await bench.section('activation, Sessions view, index storage', () => activationSection(bench, stack));
    await bench.section('panels: history, overhead, streaming, 20 sessions', () => panelsSection(bench, stack, env));
    await bench.section('reload: restored panels, one vs many', () => reloadSection(bench, stack, env));
  } finally {
    await stack.stop();
  }
}

/** The table, the notes, the problems, and the JSON results. */
function report(bench: Bench, machine: Machine, started: number): void {
  const { raw, problems, options } = bench;
  const rows = figures(bench);
  console.log(`\n${table(rows)}\n`);
  console.log('Ratios compare against a baseline measured in this run; absolute times are for information on this machine.');
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}, VS Code ${raw.versions.vscode ?? '?'} (code-server, extension host Node ${raw.versions.extensionHostNode ?? '?'}), Chromium ${raw.versions.chromium ?? '?'}; load average ${machine.loadAverage.join(' ')} at the start; reference workload ${machine.referenceMs} ms.`,
  );
  console.log('\nNotes:');
  for (const f of rows) if (f.note) console.log(`  ${f.id}: ${f.note}`);
  const missed = rows.filter((f) => f.status === 'missed');
  if (missed.length) console.log(`Missed: ${missed.map((f) => f.id).join(', ')}`);
  for (const p of problems) console.log(`✗ ${p.section}: ${p.error}`);
  const results = {
    mode: options.quick ? 'quick' : 'full',
    only: options.only,
    commit: options.commit,
    date: new Date().toISOString(),
    seconds: round((Date.now() - started) / 1000, 1),
    machine: {
      ...machine,
      ...raw.versions,
      loadAverageAtEnd: os.loadavg().map((v) => round(v, 2)),
      // The 1-minute load average every 10 s of the run: the other runs sharing the machine.
      loadSamples: bench.loadSamples,
    },
    sizes: bench.sizes,
    figures: rows,
    problems,
    raw,
  };
  if (options.out) {
    mkdirSync(path.dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results: ${options.out}`);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseOptions();
  const bench = new Bench(options, sizesFor(options.quick));
  const machine = machineInfo();
  const sampler = setInterval(() => bench.loadSamples.push(round(os.loadavg()[0], 2)), 10_000);
  sampler.unref();
  console.log(
    `Benchmarks (${options.quick ? 'quick' : 'full'} mode) on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
  );
  console.log(`sizes: ${JSON.stringify(bench.sizes)}`);
  await runSections(bench);
  report(bench, machine, started);
  return bench.problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
