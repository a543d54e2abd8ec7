import { createServer } from 'node:net';

/** Resolves when `port` can be bound on `host`; rejects with a message naming the port otherwise. */
export function assertPortFree(host: string, port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use (${variable}). Stop what holds it, or choose another port with ${variable}.`
            : `Cannot bind ${host}:${port} (${variable}): ${error.message}`,
        ),
      );
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export async function waitFor<T>(
  what: string,
  attempt: () => Promise<T>,
  options: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) throw new Error(`${what}: ${aborted}`);
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not answer within ${options.timeoutMs} ms: ${String(lastError)}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}
