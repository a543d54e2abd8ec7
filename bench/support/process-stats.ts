/**
 * CPU time and resident memory of other processes (Temporal's, PostgreSQL's, the benchmark's workers),
 * read from /proc: Linux only; undefined elsewhere or once the process is gone. Shared by the benchmarks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process, in milliseconds. */
export function processCpuMs(pid: number | undefined): number | undefined {
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Resident set size of a process, in bytes (VmRSS of /proc/<pid>/status). */
export function processRssBytes(pid: number | undefined): number | undefined {
  const status = readProc(pid, 'status');
  const kb = status === undefined ? undefined : /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

/** Sum over several processes; undefined when none of them can be read. */
export function sumOver(
  pids: (number | undefined)[],
  read: (pid: number | undefined) => number | undefined,
): number | undefined {
  const values = pids.map(read).filter((value): value is number => value !== undefined);
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
}

function readProc(pid: number | undefined, file: 'stat' | 'status'): string | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/${file}`)) return undefined;
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // gone between the check and the read
  }
}

/** A process and all its descendants (PostgreSQL's postmaster and its backends), from /proc's ppid fields. */
export function processTree(rootPid: number | undefined): number[] {
  if (rootPid === undefined || !existsSync('/proc')) return [];
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), 'stat');
    if (stat === undefined) continue;
    // Field 4 of stat (ppid), the second after the command name.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return tree;
}

/** The postmaster's pid of a PostgreSQL data directory (first line of postmaster.pid). */
export function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Node options for the benchmark's worker processes (BENCH_WORKER_NODE_ARGS, space-separated), e.g.
 * `--max-old-space-size=512` to measure the worker as docs/operators/production.md recommends running it.
 */
export function workerNodeArgs(): string[] {
  return spaceSeparated(process.env.BENCH_WORKER_NODE_ARGS);
}

/** Node options for the benchmark's API process (BENCH_API_NODE_ARGS), e.g. `--cpu-prof` to profile it. */
export function apiNodeArgs(): string[] {
  return spaceSeparated(process.env.BENCH_API_NODE_ARGS);
}

function spaceSeparated(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((arg) => arg.length > 0);
}
