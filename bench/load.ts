/**
 * The load phase of `npm run bench`: the API as a process of its own (apps/api/src/main.ts), a demo
 * applicant posting the five-department case with rising concurrency, each "applicant" submitting,
 * waiting for the case's result and submitting again (a closed loop: concurrency = cases in flight).
 * Per level: submissions/s, completed cases/s, POST /cases p50/p99, submit-to-result p50/p99, the 503s
 * of the API's load shedding (their Retry-After honoured). Levels rise until completed cases/s stop rising.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { caseWorkflowId } from '@onething/case-model';
import { API_NODE_FLAGS } from '@onething/config';
import { waitFor } from '@onething/devservers';
import { percentile } from './cases';
import { onCleanUp, say } from './lifecycle';
import type { ApiClient } from './support/api-client';
import { apiNodeArgs } from './support/process-stats';

const root = resolve(__dirname, '..');

export interface RunningApi {
  url: string;
  pid: number | undefined;
  stop(): Promise<unknown>;
}

/**
 * The API as `npm run start:api` runs it (its Node options included), on a free loopback port, ready once
 * /health/ready answers.
 */
export async function startApiProcess(env: Record<string, string | undefined>): Promise<RunningApi> {
  const port = await freePort();
  const child = fork(join(root, 'apps', 'api', 'src', 'main.ts'), [], {
    execArgv: [...API_NODE_FLAGS, ...apiNodeArgs(), '-r', join(root, 'tools', 'register.js')],
    env: { ...env, API_HOST: '127.0.0.1', API_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = onCleanUp('API', async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the API',
    async () => {
      if (child.exitCode !== null) throw new Error(`the API exited (code ${child.exitCode})`);
      const response = await fetch(`${url}/health/ready`);
      if (response.status !== 200) throw new Error(`/health/ready answered ${response.status}`);
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  return { url, pid: child.pid, stop };
}

function freePort(): Promise<number> {
  return new Promise((found, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => found(port));
    });
  });
}

export interface LoadLevel {
  inFlight: number;
  submissionsPerSecond: number;
  completedPerSecond: number;
  postP50: number;
  postP99: number;
  resultP50: number;
  resultP99: number;
  /** 503 answers (load shed), each followed by a wait of its Retry-After. */
  shed: number;
  /** Other refusals and failures (neither 201 nor 503). */
  failed: number;
}

export interface LoadOptions {
  api: ApiClient;
  client: Client;
  body: { definitionKey: string; application: Record<string, unknown> };
  levels: number[];
  secondsPerLevel: number;
}

/** Completed cases/s must grow by this much over the best level so far for the next level to run. */
export const STILL_RISING = 1.05;

export async function runLoad(options: LoadOptions): Promise<LoadLevel[]> {
  const results: LoadLevel[] = [];
  for (const inFlight of options.levels) {
    say(`Load: ${inFlight} cases in flight for ${options.secondsPerLevel} s…`);
    const level = await runLevel(options, inFlight);
    say(
      `  ${level.submissionsPerSecond.toFixed(1)} submissions/s, ${level.completedPerSecond.toFixed(1)} completed/s, ` +
        `POST p99 ${level.postP99.toFixed(0)} ms, ${level.shed} shed (503), ${level.failed} failed`,
    );
    const best = Math.max(0, ...results.map((r) => r.completedPerSecond));
    results.push(level);
    if (results.length >= 2 && level.completedPerSecond < best * STILL_RISING) break;
  }
  return results;
}

/**
 * One level: the first quarter of the window ramps up (every applicant's first submission arrives at
 * once) and is not counted; submissions, POST latencies and completions are counted over the rest.
 * After the window the level's open cases are awaited, so levels do not overlap.
 */
async function runLevel(options: LoadOptions, inFlight: number): Promise<LoadLevel> {
  const started = performance.now();
  const windowMs = options.secondsPerLevel * 1000;
  const countedFrom = started + windowMs / 4;
  const deadline = started + windowMs;
  const post: number[] = [];
  const result: number[] = [];
  let submitted = 0;
  let completed = 0;
  let shed = 0;
  let failed = 0;
  const applicant = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const answer = await options.api.submitCase(options.body);
      const counted = sent >= countedFrom;
      if (answer.status === 503) {
        shed += 1;
        await sleep(
          Math.min((answer.retryAfterSeconds ?? 1) * 1000, Math.max(0, deadline - performance.now())),
        );
        continue;
      }
      if (!answer.caseId) {
        failed += 1;
        continue;
      }
      if (counted) {
        post.push(answer.ms);
        submitted += 1;
      }
      await caseResult(options.client, answer.caseId);
      const done = performance.now();
      result.push(done - sent);
      if (done >= countedFrom && done <= deadline) completed += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, applicant));
  const countedSeconds = (deadline - countedFrom) / 1000;
  return {
    inFlight,
    submissionsPerSecond: submitted / countedSeconds,
    completedPerSecond: completed / countedSeconds,
    postP50: percentile(post, 0.5),
    postP99: percentile(post, 0.99),
    resultP50: percentile(result, 0.5),
    resultP99: percentile(result, 0.99),
    shed,
    failed,
  };
}

/** The case's workflow result; a start the API deferred to the outbox relay is waited for. */
async function caseResult(client: Client, caseId: string): Promise<void> {
  const handle = client.workflow.getHandle(caseWorkflowId(caseId));
  await waitFor(
    `case ${caseId}`,
    () =>
      handle.result().catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError) throw error;
        return undefined; // a failed case is a result too: the load phase counts completions
      }),
    { timeoutMs: 300_000, intervalMs: 200 },
  );
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
