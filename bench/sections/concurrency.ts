/**
 * Part of section `panels`: n live sessions sending at once through the extension's one shared client vs one alone
 * (bench/hostAgent.ts `concurrency`), the runtime processes, and the memory before, while and after.
 */
import type { Agent } from '../lib/agent';
import { LATENCY_MS, log, MODEL, type Bench } from '../lib/context';
import { descendants, rssKiB, runtimesBelow } from '../lib/proc';
import type { ConcurrencyResult } from '../lib/raw';
import type { BareMany } from '../lib/sdk';
import { mib, ms } from '../lib/stats';

/** `bareMany`: the bare SDK's counterpart, for the note; `serverPid`: code-server, whose process tree is logged. */
export async function measureConcurrency(bench: Bench, agent: Agent, bareMany: BareMany, serverPid: number): Promise<void> {
  const { concurrent, concurrencyReps } = bench.sizes;
  const c = await agent.op<ConcurrencyResult>(
    'concurrency',
    { n: concurrent, latencyMs: LATENCY_MS, reps: concurrencyReps, model: MODEL },
    600_000,
  );
  bench.raw.concurrency = { ...c, bare: bareMany };
  log(
    `${c.n} at once ${ms(c.togetherMs)} vs alone ${ms(c.aloneMs)}; runtimes ${c.maxRuntimes}; memory ${JSON.stringify({ before: c.memoryBefore, after: c.memoryAfter })}`,
  );
  log(
    `code-server process tree: ${descendants(serverPid).length} processes, runtimes below code-server: ${runtimesBelow(serverPid).length}, code-server RSS ${mib(rssKiB(serverPid))}`,
  );
}
