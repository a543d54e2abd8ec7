import { existsSync, readFileSync, statSync } from 'node:fs';

/**
 * Resident set size of a process in bytes, from `/proc/<pid>/status` (VmRSS, Linux): how much memory
 * another process holds (the Temporal dev server), without its cooperation. Undefined when unknown.
 */
export function processRssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return undefined;
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Total size in bytes of the files that exist among `paths` (a SQLite store with its WAL and shared memory). */
export function filesBytes(paths: string[]): number {
  return paths.filter((path) => existsSync(path)).reduce((sum, path) => sum + statSync(path).size, 0);
}

/** Bytes as whole mebibytes for a report, or a dash when unknown. */
export function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '—' : (bytes / 1024 / 1024).toFixed(0);
}
