/**
 * What every section shares: the options, the sizes, the constants of the run, the `raw` record being filled in,
 * the problems met, and `section()`, which runs one section and turns its failure into a reported problem.
 */
import type { Raw } from './raw';

/** The driver's command line (scripts/bench.mjs passes it), with the paths of the bundled helpers resolved. */
export interface Options {
  quick: boolean;
  out?: string;
  only?: string;
  /** The commit measured (`+dirty`: with uncommitted changes), from scripts/bench.mjs. */
  commit: string;
  vsix?: string;
  vsixNote?: string;
  /** The bench copy of the extension (extensionDevelopmentPath). */
  benchExt: string;
  /** bench/hostAgent.ts, bundled: the payload loaded in the extension host. */
  agentJs: string;
  /** bench/sdkTasks.ts, bundled: the bare SDK helpers. */
  sdkTasksJs: string;
  runDir: string;
}

export interface Sizes {
  sessions: number;
  treeBaseline: number;
  turns: number;
  shortTurns: number;
  deltas: number;
  concurrent: number;
  activationReps: number;
  historyReps: number;
  overheadReps: number;
  concurrencyReps: number;
  treeReps: number;
  searchSessions: number;
  searchTurns: number;
  /** Panels restored by the window reload figure (the baseline restores one), and its alternating repetitions. */
  reloadPanels: number;
  reloadReps: number;
  /** Fresh windows per folder for the first-row figure, alternating. */
  firstRowReps: number;
}

export function sizesFor(quick: boolean): Sizes {
  return quick
    ? {
        sessions: 200,
        treeBaseline: 20,
        turns: 200,
        shortTurns: 20,
        deltas: 500,
        concurrent: 4,
        activationReps: 1,
        historyReps: 1,
        overheadReps: 3,
        concurrencyReps: 1,
        treeReps: 3,
        searchSessions: 200,
        searchTurns: 50,
        reloadPanels: 3,
        reloadReps: 1,
        firstRowReps: 1,
      }
    : {
        sessions: 10_000,
        treeBaseline: 100,
        turns: 10_000,
        shortTurns: 100,
        deltas: 5_000,
        concurrent: 20,
        activationReps: 7,
        historyReps: 3,
        overheadReps: 11,
        concurrencyReps: 3,
        treeReps: 7,
        searchSessions: 2_000,
        searchTurns: 50,
        reloadPanels: 10,
        reloadReps: 3,
        firstRowReps: 5,
      };
}

export const MODEL = 'stand-in-alpha';
export const LATENCY_MS = 500;
export const SETTLE_MS = 2500;
/** The extension's quiet period before it writes the index snapshot (src/sessions/indexSync.ts). */
export const SNAPSHOT_QUIET_S = 30;
export const LONG_ID = 'bench-history-long';
export const VIEW_ID = 'copilotSessions.sessions';
export const SHORT_ID = 'bench-history-short';

export interface Problem {
  section: string;
  error: string;
}

export function log(message: string): void {
  console.log(`  ${message}`);
}

/** One run of the benchmarks: its options and sizes, what was measured, and what could not be. */
export class Bench {
  readonly raw: Raw = { versions: {} };
  readonly problems: Problem[] = [];
  readonly loadSamples: number[] = [];

  constructor(
    readonly options: Options,
    readonly sizes: Sizes,
  ) {}

  /** `neededBy`: later sections that use what this one makes (it runs with `--only` any of them). */
  async section(name: string, fn: () => void | Promise<void>, neededBy: string[] = []): Promise<void> {
    const only = this.options.only;
    const wanted = (n: string) => n.startsWith(only!);
    if (only && name !== 'bundle sizes' && !wanted(name) && !neededBy.some(wanted)) return log(`${name}: skipped (--only ${only})`);
    const started = Date.now();
    console.log(`\n── ${name}`);
    try {
      await fn();
      log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.problems.push({ section: name, error: text.split('\n').slice(0, 4).join(' | ') });
      console.log(`  ✗ ${name} failed: ${text}`);
    }
  }
}
