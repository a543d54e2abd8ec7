/**
 * The Node options the API process runs with, wherever it is started: `npm run start:api`, the
 * Dockerfile, docker-compose.yml, deploy/k8s/api.yaml, `npm start` (apps/stack), `npm run cluster` and the
 * benchmarks (test/api-node-flags.spec.ts holds the static ones to this list). Chosen from
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
