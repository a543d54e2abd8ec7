import { connect } from 'node:net';
import { waitFor } from '@onething/devservers';

/** Resolves once `url` answers 2xx (a restarting process takes a while: two minutes by default). */
export function httpReady(url: string, timeoutMs = 120_000): () => Promise<void> {
  return () =>
    waitFor(
      url,
      async () => {
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
        await response.body?.cancel();
        if (!response.ok) throw new Error(`answered ${response.status}`);
      },
      { timeoutMs, intervalMs: 250 },
    );
}

/** Resolves once something accepts TCP connections on host:port. */
export function tcpReady(host: string, port: number, timeoutMs = 120_000): () => Promise<void> {
  return () =>
    waitFor(
      `${host}:${port}`,
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect({ host, port }, () => {
            socket.end();
            resolve();
          });
          socket.once('error', reject);
        }),
      { timeoutMs, intervalMs: 250 },
    );
}
