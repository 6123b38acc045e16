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
