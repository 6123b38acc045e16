/**
 * Plain-Node helpers of the benchmark driver that use the bare SDK (no extension code), run as a child process in
 * the benchmark's sandbox environment (temp HOME and COPILOT_HOME, the stand-in model through COPILOT_API_URL):
 *
 *   seed --id <id> --turns <n> --cwd <dir>
 *       Writes a session of n turns into the runtime's store: three real turns through the SDK and the runtime,
 *       then their stored events repeated (fresh ids, chained parents) up to n turns. Real turns cost O(history) each,
 *       so 2,000 of them would take minutes; the runtime reads the synthesized file like any other (checked here by
 *       resuming it and counting the user messages getEvents() returns). Prints one JSON line.
 *
 *   bare --cwd <dir> --model <model>
 *       Baselines with the bare SDK: one client and session. Reads commands from stdin, one per line, and answers
 *       each with one JSON line: `send <prompt>` → {firstDeltaMs, lastDeltaMs, totalMs, deltas} (times from the
 *       send() call); `send-tracked <prompt>`: the same in a session with file change tracking (as the product's);
 *       `many <n> <latencyMs> <reps>` → n sessions of this client, one alone then all at once
 *       {aloneMs, togetherMs}; `quit` stops the client.
 */
import { CopilotClient, type SessionEvent } from '@github/copilot-sdk';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { storedSessionDir } from '../src/sessions/sessionStore';
import { repeatTurns } from '../test/fixtures/longSession';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: 'string' },
    turns: { type: 'string' },
    cwd: { type: 'string' },
    model: { type: 'string', default: 'stand-in-alpha' },
  },
});

const permission = () => ({ kind: 'user-not-available' as const });

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

const TEMPLATE_PROMPTS = [
  '#markdown Show me how to structure the service',
  '#reply:Use one module per concern, and keep the index small: one entry per session, written on its own.',
  '#long:60 Walk me through the migration',
];

async function seed(): Promise<void> {
  const id = values.id!;
  const turns = Number(values.turns);
  const cwd = values.cwd!;
  if (!process.env.COPILOT_HOME) throw new Error('COPILOT_HOME is not set (the benchmark sandbox sets it)');
  const started = performance.now();
  const config = { model: values.model, streaming: true, workingDirectory: cwd, onPermissionRequest: permission };

  let client = new CopilotClient({ workingDirectory: cwd, logLevel: 'warning' });
  await client.start();
  const session = await client.createSession({ ...config, sessionId: id });
  for (const prompt of TEMPLATE_PROMPTS) await session.sendAndWait({ prompt }, 60_000);
  await session.disconnect();
  await client.stop();

  const file = path.join(storedSessionDir(id), 'events.jsonl');
  repeatTurns(file, turns);

  // Prove the runtime reads it back: resume and count the turns getEvents() returns.
  client = new CopilotClient({ workingDirectory: cwd, logLevel: 'warning' });
  await client.start();
  const resumed = await client.resumeSession(id, config);
  const t0 = performance.now();
  const back = await resumed.getEvents();
  const getEventsMs = performance.now() - t0;
  const userMessages = back.filter((e) => e.type === 'user.message').length;
  await resumed.disconnect();
  await client.stop();
  if (userMessages !== turns) throw new Error(`the runtime read back ${userMessages} turns of ${turns}`);
  print({
    id,
    turns: userMessages,
    events: back.length,
    bytes: readFileSync(file).length,
    getEventsMs,
    seconds: (performance.now() - started) / 1000,
  });
}

async function bare(): Promise<void> {
  const cwd = values.cwd!;
  const client = new CopilotClient({ workingDirectory: cwd, logLevel: 'warning' });
  await client.start();
  let onEvent: (event: SessionEvent) => void = () => undefined;
  const session = await client.createSession({
    model: values.model,
    streaming: true,
    workingDirectory: cwd,
    onPermissionRequest: permission,
    onEvent: (event) => onEvent(event),
  });
  // The same with the product's file change tracking (what Restore to Here needs): what the runtime's tracking costs.
  let onTrackedEvent: (event: SessionEvent) => void = () => undefined;
  const tracked = await client.createSession({
    model: values.model,
    streaming: true,
    workingDirectory: cwd,
    enableFileChangeTracking: true,
    onPermissionRequest: permission,
    onEvent: (event) => onTrackedEvent(event),
  });
  print({ ready: true, pid: process.pid });
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === 'quit') break;
    if (line.startsWith('many ')) {
      print(await many(client, cwd, ...(line.slice(5).split(' ').map(Number) as [number, number, number])));
      continue;
    }
    const withTracking = line.startsWith('send-tracked ');
    if (!line.startsWith('send ') && !withTracking) continue;
    const prompt = line.slice(withTracking ? 13 : 5);
    let firstDelta = 0;
    let lastDelta = 0;
    let deltas = 0;
    const idle = new Promise<void>((resolve) => {
      const handle = (event: SessionEvent) => {
        if (event.type === 'assistant.message_delta') {
          deltas++;
          lastDelta = performance.now();
          if (!firstDelta) firstDelta = lastDelta;
        }
        if (event.type === 'session.idle') resolve();
      };
      if (withTracking) onTrackedEvent = handle;
      else onEvent = handle;
    });
    const t0 = performance.now();
    await (withTracking ? tracked : session).send({ prompt });
    await idle;
    print({ firstDeltaMs: firstDelta - t0, lastDeltaMs: lastDelta - t0, totalMs: performance.now() - t0, deltas });
  }
  await session.disconnect().catch(() => undefined);
  await tracked.disconnect().catch(() => undefined);
  await client.stop();
}

/** The concurrency figure's bare-SDK counterpart: n sessions of one client, one alone, then all at once. */
async function many(client: CopilotClient, cwd: string, n: number, latency: number, reps: number) {
  const sessions = await Promise.all(
    Array.from({ length: n }, () =>
      client.createSession({ model: values.model, streaming: true, workingDirectory: cwd, onPermissionRequest: permission }),
    ),
  );
  await Promise.all(sessions.map((s, k) => s.sendAndWait({ prompt: `#reply:warm ${k}` }, 120_000)));
  const alone: number[] = [];
  const together: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    let t0 = performance.now();
    await sessions[0].sendAndWait({ prompt: `#slow:${latency} #reply:alone ${rep}` }, 120_000);
    alone.push(performance.now() - t0);
    t0 = performance.now();
    await Promise.all(sessions.map((s, k) => s.sendAndWait({ prompt: `#slow:${latency} #reply:together ${rep}.${k}` }, 120_000)));
    together.push(performance.now() - t0);
  }
  await Promise.all(sessions.map((s) => s.disconnect().catch(() => undefined)));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { n, aloneMs: median(alone), togetherMs: median(together), alone, together };
}

const task = positionals[0];
(task === 'seed' ? seed() : task === 'bare' ? bare() : Promise.reject(new Error(`unknown task ${task}`))).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
