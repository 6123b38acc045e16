/**
 * Section `seeding the long sessions (bare SDK + runtime)`: the 2,000-turn and 20-turn sessions the panels open,
 * written by real turns through the SDK and runtime (bench/sdkTasks.ts seed).
 */
import { LONG_ID, log, MODEL, SHORT_ID, type Bench } from '../lib/context';
import { runSdkTask } from '../lib/sdk';

export async function seedLongSessions(bench: Bench, env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  const seed: unknown[] = [];
  bench.raw.seed = seed;
  for (const [id, turns] of [
    [LONG_ID, bench.sizes.turns],
    [SHORT_ID, bench.sizes.shortTurns],
  ] as const) {
    const result = await runSdkTask(
      bench.options.sdkTasksJs,
      ['seed', '--id', id, '--turns', String(turns), '--cwd', cwd, '--model', MODEL],
      env,
      300_000,
    );
    seed.push(result);
    log(JSON.stringify(result));
  }
}
