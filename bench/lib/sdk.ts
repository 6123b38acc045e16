/** Child processes: the stand-in SDK helpers (bench/sdkTasks.ts), each in its own process group. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';
import { stopGroup, trackGroup } from '../../test/fixtures/processes';
import { MODEL } from './context';
import { sleep } from './stats';

/** One helper task (`seed`, ...) to its end: its last stdout line, parsed. */
export function runSdkTask(sdkTasksJs: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [sdkTasksJs, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (!child.pid) return reject(new Error('could not start bench/sdkTasks'));
    const pid = child.pid;
    trackGroup(pid, `sdkTasks ${args[0]}`);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => void stopGroup(pid, 1000), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      void stopGroup(pid, 1000);
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last) resolve(JSON.parse(last));
      else reject(new Error(`sdkTasks ${args.join(' ')} exited ${code}: ${err.trim().slice(-1500)}`));
    });
  });
}

/** One prompt through the bare SDK: first and last delta after the send, and how many deltas. */
export interface BareSend {
  firstDeltaMs: number;
  lastDeltaMs: number;
  totalMs: number;
  deltas: number;
}

/** `n` sessions sending at once through the bare SDK vs one alone. */
export interface BareMany {
  n: number;
  aloneMs: number;
  togetherMs: number;
}

/** The bare SDK script (`sdkTasks bare`): the baselines of the overhead, streaming and concurrency figures. */
export class BareSdk {
  private readonly lines: string[] = [];
  private waiter: ((line: string) => void) | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(line);
      } else this.lines.push(line);
    });
  }

  static async start(sdkTasksJs: string, env: NodeJS.ProcessEnv, cwd: string): Promise<BareSdk> {
    const child = spawn(process.execPath, [sdkTasksJs, 'bare', '--cwd', cwd, '--model', MODEL], {
      env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (!child.pid) throw new Error('could not start the bare SDK helper');
    trackGroup(child.pid, 'bare SDK');
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const bare = new BareSdk(child);
    const first = await Promise.race([bare.next(), sleep(60_000).then(() => '')]);
    if (!first.includes('ready')) throw new Error(`the bare SDK helper did not start: ${err.slice(-1000)}`);
    return bare;
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private async ask<T>(command: string, timeoutMs = 300_000): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    const line = await Promise.race([this.next(), sleep(timeoutMs).then(() => '')]);
    if (!line) throw new Error(`the bare SDK helper did not answer "${command}" within ${timeoutMs / 1000} s`);
    return JSON.parse(line) as T;
  }

  send(prompt: string): Promise<BareSend> {
    return this.ask<BareSend>(`send ${prompt}`);
  }

  /** The same in a session with file change tracking, as the product creates its sessions. */
  sendTracked(prompt: string): Promise<BareSend> {
    return this.ask<BareSend>(`send-tracked ${prompt}`);
  }

  many(n: number, latencyMs: number, reps: number): Promise<BareMany> {
    return this.ask<BareMany>(`many ${n} ${latencyMs} ${reps}`);
  }

  async stop(): Promise<void> {
    this.child.stdin.write('quit\n');
    const pid = this.child.pid!;
    const deadline = Date.now() + 5000;
    while (this.child.exitCode === null && Date.now() < deadline) await sleep(50);
    await stopGroup(pid, 2000);
  }
}
