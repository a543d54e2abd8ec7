/**
 * The Node options the API process runs with, wherever it is started: `npm run start:api`, the
 * Dockerfile, docker-compose.yml, deploy/k8s/api.yaml, `npm start` (apps/stack), `npm run cluster` and the
 * benchmarks (test/node-flags.spec.ts holds the static ones to this list). Chosen from
 * `npm run bench:worklist` (docs/operators/production.md, "The API's heap settings"):
 * - `--no-allocation-site-pretenuring`: every scavenge lands inside a request, whose rows are alive at that
 *   moment, so V8 took the row parser's allocation sites for long-lived ones and allocated their objects
 *   straight into the old generation; scavenges then took 4.5–4.7 ms (p50) instead of 3.1–3.2.
 * - `--max-semi-space-size=32` (MB; 16 by default here): half as many scavenges, each no longer once
 *   pretenuring is off; about 32 MB more memory at most.
 * Together they took the worklist page's p99 from 16–25 ms to 12.8–13.8 ms (100,000 tasks) on the benchmark's 2-core machine.
 */
export const API_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=32',
  '--no-allocation-site-pretenuring',
];

/**
 * The worker's Node options and environment, wherever it is started: `npm run start:worker`,
 * docker-compose.yml, deploy/k8s/worker.yaml, `npm start`, `npm run cluster` and the benchmarks
 * (test/node-flags.spec.ts holds the static ones to these lists). Chosen from `npm run bench:burst` and
 * `npm run bench:interpreter` (docs/operators/production.md, "The worker's memory settings"): V8 lets
 * garbage pile up to a heap limit sized from the machine's memory (about 4 GB here), in the main thread
 * and in each workflow thread alike, and glibc gives each thread arenas of its own.
 * - `--max-old-space-size=192` (MB, per isolate): a cached workflow run keeps about 0.1 MB of modules
 *   besides its own state; 200 cached runs per queue (twice the default cache) and the main thread's
 *   activities fit (measured with 1,000 and 10,000 cases waiting on people and a 1,000-case burst).
 * - `--max-semi-space-size=4` (MB; 16 by default here): a smaller young generation in each of the three
 *   isolates. 4 instead of 8: 44–56 MB less with 1,000 cases waiting on people, throughput and worker
 *   CPU per case within the noise; 2 saved only 4 MB more.
 * - `MALLOC_ARENA_MAX=2`: two malloc arenas instead of eight per core for the SDK's threads.
 * Together: RSS 466 MB instead of 708 at 20 cases in flight, 612 instead of 1,116 with 1,000 cases
 * waiting on people, at the same throughput.
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=192', '--max-semi-space-size=4'];

/** Read by the C library when the process starts, so it is set on the process, not from within it. */
export const WORKER_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
