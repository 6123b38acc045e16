/** Process facts from /proc (Linux): descendants of a process, their command lines and resident memory. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  args: string;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: the fields after it start at the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid, args };
  } catch {
    return undefined;
  }
}

export function allProcesses(): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) found.push(info);
  }
  return found;
}

/** Every process below `pid` (children, grandchildren, ...). */
export function descendants(pid: number, table: ProcInfo[] = allProcesses()): ProcInfo[] {
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of table) {
    const list = byParent.get(p.ppid) ?? [];
    list.push(p);
    byParent.set(p.ppid, list);
  }
  const out: ProcInfo[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of byParent.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** VmRSS in KiB (0 when the process is gone). */
export function rssKiB(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The Copilot runtime the SDK spawns (`.../copilot-sdk-linux-x64/prebuilds/linux-x64/copilot-runtime`). */
export function isRuntime(p: ProcInfo): boolean {
  return /(^|\/)copilot-runtime(\s|$)/.test(p.args);
}

/** The runtime processes below `pid` that are not themselves below another runtime process. */
export function runtimesBelow(pid: number): ProcInfo[] {
  const table = allProcesses();
  const below = descendants(pid, table);
  const runtimes = below.filter(isRuntime);
  const runtimePids = new Set(runtimes.map((p) => p.pid));
  return runtimes.filter((p) => !runtimePids.has(p.ppid));
}

/** RSS of the runtime processes below `pid`, each with everything it started. */
export function runtimeMemory(pid: number): { count: number; rssKiB: number; pids: number[] } {
  const table = allProcesses();
  const roots = runtimesBelow(pid);
  let total = 0;
  for (const root of roots) {
    total += rssKiB(root.pid);
    for (const child of descendants(root.pid, table)) total += rssKiB(child.pid);
  }
  return { count: roots.length, rssKiB: total, pids: roots.map((p) => p.pid) };
}

/** CPU time (user + system, ms) of every process now, by pid. */
export function cpuTimes(table: ProcInfo[] = allProcesses()): Map<number, { ms: number; args: string }> {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const out = new Map<number, { ms: number; args: string }>();
  for (const p of table) {
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields after the name start at "state" (field 3): utime is field 14, stime field 15.
      out.set(p.pid, { ms: (Number(fields[11]) + Number(fields[12])) / ticksPerMs, args: p.args });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** A short name for what a process is (Chromium's process type, the node script, the program). */
export function processKind(args: string): string {
  const type = /--type=([\w-]+)/.exec(args)?.[1];
  const utility = /--utility-sub-type=([\w.]+)/.exec(args)?.[1];
  if (type) return `chromium ${type}${utility ? ` (${utility.split('.').pop()})` : ''}`;
  const [program = '', ...rest] = args.split(' ');
  const script = rest.find((arg) => /\.(m?js|ts)$/.test(arg));
  return script ? `${program.split('/').pop()} ${script.split('/').slice(-2).join('/')}` : program.split('/').pop() || args.slice(0, 40);
}

/** CPU used by each kind of process while `work` runs (ms, the top 8, most first), with the span's wall time. */
export async function measureCpu<T>(
  work: () => Promise<T>,
): Promise<{ result: T; cpu: { byKind: Array<{ kind: string; ms: number }>; spanMs: number } }> {
  const before = cpuTimes();
  const started = Date.now();
  const result = await work();
  return { result, cpu: { byKind: cpuUsedBetween(before, cpuTimes()).slice(0, 8), spanMs: Date.now() - started } };
}

function cpuUsedBetween(
  before: Map<number, { ms: number; args: string }>,
  after: Map<number, { ms: number; args: string }>,
): Array<{ kind: string; ms: number }> {
  const byKind = new Map<string, number>();
  for (const [pid, now] of after) {
    const used = now.ms - (before.get(pid)?.ms ?? 0);
    if (used <= 0) continue;
    const kind = processKind(now.args);
    byKind.set(kind, (byKind.get(kind) ?? 0) + used);
  }
  return [...byKind].map(([kind, ms]) => ({ kind, ms })).sort((a, b) => b.ms - a.ms);
}
