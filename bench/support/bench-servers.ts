import type { AppConfig } from '@onething/config';
import { ensureLocalServers, type LocalServers } from '@onething/devservers';

/**
 * The benchmark's PostgreSQL and Temporal server (started unless the configuration names running ones),
 * and the pid of the Temporal dev server when it started one: its CPU and RSS are among the figures.
 */
export async function startBenchServers(
  config: AppConfig,
  say: (message: string) => void,
): Promise<{ servers: LocalServers; temporalPid: number | undefined }> {
  let temporalPid: number | undefined;
  const servers = await ensureLocalServers(config, (message) => {
    const pid = /Temporal dev server ready .*\(pid (\d+)/.exec(message);
    if (pid) temporalPid = Number(pid[1]);
    say(message);
  });
  return { servers, temporalPid };
}
