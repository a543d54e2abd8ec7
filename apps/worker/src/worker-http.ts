import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionLike } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { forwardedMetrics, metricsHandler, type Metrics } from '@onething/observability';
import { workerPolls, type TaskQueueRef } from '@onething/temporal';

/**
 * A worker polls long: the server refreshes a poller's last access when a poll starts, and an idle poll
 * lasts about a minute. A worker seen within this window still polls.
 */
const POLL_WINDOW_MS = 90_000;

export interface WorkerHttpOptions {
  host: string;
  port: number;
  metrics: Metrics;
  metricsToken?: string;
  /** The Temporal SDK's own Prometheus endpoint (loopback), forwarded in `/metrics`. */
  sdkMetricsUrl?: string;
  worker: Pick<Worker, 'getState' | 'options'>;
  /** A connection to ask Temporal who polls the task queue. */
  connection: Pick<ConnectionLike, 'workflowService'>;
  queue: TaskQueueRef;
}

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

/**
 * The worker's operations port: `/metrics` (its own series and the Temporal SDK's), `/health/live` (the
 * worker has not failed or stopped: restart it otherwise) and `/health/ready` (Temporal sees this
 * worker polling its task queue for workflow and activity tasks).
 */
export async function startWorkerHttp(options: WorkerHttpOptions): Promise<WorkerHttp> {
  const serveMetrics = metricsHandler(options.metrics, {
    token: options.metricsToken,
    more: options.sdkMetricsUrl ? forwardedMetrics(options.sdkMetricsUrl) : undefined,
  });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    if (request.method !== 'GET') return answer(response, 405, { status: 'method not allowed' });
    if (path === '/metrics') return serveMetrics(request, response);
    if (path === '/health/live') return live(options, response);
    if (path === '/health/ready') return void ready(options, response);
    answer(response, 404, { status: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function live(options: WorkerHttpOptions, response: ServerResponse): void {
  const state = options.worker.getState();
  const alive =
    state === 'INITIALIZED' || state === 'RUNNING' || state === 'STOPPING' || state === 'DRAINING';
  answer(response, alive ? 200 : 503, { status: alive ? 'ok' : 'down', worker: state });
}

async function ready(options: WorkerHttpOptions, response: ServerResponse): Promise<void> {
  const state = options.worker.getState();
  let polls = false;
  let error: string | undefined;
  if (state === 'RUNNING') {
    try {
      const since = Date.now() - POLL_WINDOW_MS;
      polls = await workerPolls(options.connection, options.queue, since, options.worker.options.identity);
    } catch (e) {
      error = (e as Error).message;
    }
  }
  const ready = state === 'RUNNING' && polls;
  answer(response, ready ? 200 : 503, {
    status: ready ? 'ok' : 'unavailable',
    worker: state,
    polling: polls,
    taskQueue: options.queue.taskQueue,
    ...(error ? { error } : {}),
  });
}

function answer(response: ServerResponse<IncomingMessage>, status: number, body: object): void {
  response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}
