import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The local cluster's backup: a cold, file-system-level copy of its PostgreSQL data folder (the Onething
 * database and both of Temporal's stores, one consistent moment for all three) with the keys beside it.
 * Taken with the cluster stopped; restored by unpacking into a fresh data folder. See
 * docs/operators/backups.md for the procedure and for pg_dump on a production PostgreSQL.
 */
export const BACKUP_CONTENTS = ['postgres', 'payload-keys.json', 'signing-keys.json'] as const;

export async function backupCluster(dataDir: string, archive: string): Promise<void> {
  const dir = resolve(dataDir);
  if (existsSync(join(dir, 'postgres', 'postmaster.pid')))
    throw new Error(`PostgreSQL still runs on ${dir}: stop the cluster (Ctrl-C) before a cold backup`);
  const missing = BACKUP_CONTENTS.filter((entry) => !existsSync(join(dir, entry)));
  if (missing.length > 0) throw new Error(`${dir} holds no cluster (missing ${missing.join(', ')})`);
  mkdirSync(dirname(resolve(archive)), { recursive: true });
  // -p keeps the owner and modes: as root the data folder belongs to the postgres user.
  await run('tar', ['-czpf', resolve(archive), '-C', dir, ...BACKUP_CONTENTS]);
}

export async function restoreCluster(archive: string, dataDir: string): Promise<void> {
  const dir = resolve(dataDir);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(`${dir} is not empty: restore into a fresh data folder`);
  mkdirSync(dir, { recursive: true });
  await run('tar', ['-xzpf', resolve(archive), '-C', dir]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`${command} ${args[0]} failed (exit ${code}): ${errors}`)),
    );
  });
}
