import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitUntil } from './wait';

export interface MotoServer {
  /** The S3-compatible endpoint, e.g. http://127.0.0.1:40123. */
  endpoint: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real S3-compatible server for the S3 adapter's tests: `moto_server` from the cached Python venv
 * (`tools/ensure-python-tools.sh`, which .ci/run also runs), on a free port, stopped by `stop()`.
 */
export async function startMotoServer(): Promise<MotoServer> {
  const bin = execFileSync('bash', [join(__dirname, '../../tools/ensure-python-tools.sh')], {
    encoding: 'utf8',
  }).trim();
  const port = await freePort();
  const child: ChildProcess = spawn(join(bin, 'moto_server'), ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntil(
    'moto_server to answer',
    () =>
      fetch(`${endpoint}/moto-api/`)
        .then((response) => response.status < 500)
        .catch(() => false),
    30_000,
    200,
  );
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
