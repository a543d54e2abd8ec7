import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedInClient } from './support/api-client';

export interface SubmitPlan {
  client: SignedInClient;
  definitionKey: string;
  application: Record<string, unknown>;
  cases: number;
  /** Submissions in flight at once. */
  concurrency: number;
}

/** One accepted submission, in the order the API's answers arrived. */
export interface Accepted {
  caseId: string;
  /** `Date.now()` when the 201 arrived. */
  acceptedAt: number;
  latencyMs: number;
}

export interface SubmitOutcome {
  accepted: Accepted[];
  /** 503 OVERLOADED answers (each honoured: the submission waited its Retry-After and was sent again). */
  overloaded: number;
  /** Other answers that asked to come back later (429, or 503 for an outage), honoured likewise. */
  otherRetryLater: number;
  /** Seconds of Retry-After waited, summed over every refused submission. */
  retryAfterSeconds: number;
  /** Submissions given up: refused for good (4xx/5xx without Retry-After) or unreachable five times. */
  failed: number;
  failureStatuses: Record<string, number>;
}

const NETWORK_ATTEMPTS = 5;

/**
 * Submits `cases` cases through `POST /cases`, `concurrency` at a time and as fast as the API answers.
 * A refusal with Retry-After (503 OVERLOADED past the admission backlog, 429) is honoured: that
 * submission waits the seconds asked and is sent again, with the same Idempotency-Key.
 */
export async function submitBurst(
  plan: SubmitPlan,
  onAccepted?: (count: number) => void,
): Promise<SubmitOutcome> {
  const outcome: SubmitOutcome = {
    accepted: [],
    overloaded: 0,
    otherRetryLater: 0,
    retryAfterSeconds: 0,
    failed: 0,
    failureStatuses: {},
  };
  const body = JSON.stringify({ definitionKey: plan.definitionKey, application: plan.application });
  const fail = (status: string) => {
    outcome.failed += 1;
    outcome.failureStatuses[status] = (outcome.failureStatuses[status] ?? 0) + 1;
  };
  const submitOne = async () => {
    const idempotencyKey = randomUUID();
    let networkErrors = 0;
    for (;;) {
      const started = performance.now();
      const response = await plan.client
        .request('/cases', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body,
        })
        .catch(() => undefined);
      if (!response) {
        if (++networkErrors >= NETWORK_ATTEMPTS) return fail('network');
        await sleep(1000);
        continue;
      }
      const answer = (await response.json().catch(() => ({}))) as { id?: string; code?: string };
      if ((response.status === 201 || response.status === 200) && answer.id) {
        outcome.accepted.push({
          caseId: answer.id,
          acceptedAt: Date.now(),
          latencyMs: performance.now() - started,
        });
        onAccepted?.(outcome.accepted.length);
        return;
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      if ((response.status === 503 || response.status === 429) && retryAfter > 0) {
        if (answer.code === 'OVERLOADED') outcome.overloaded += 1;
        else outcome.otherRetryLater += 1;
        outcome.retryAfterSeconds += retryAfter;
        await sleep(retryAfter * 1000);
        continue;
      }
      return fail(`${response.status} ${answer.code ?? ''}`.trim());
    }
  };
  let claimed = 0;
  await Promise.all(
    Array.from({ length: Math.min(plan.concurrency, plan.cases) }, async () => {
      while (claimed < plan.cases) {
        claimed += 1;
        await submitOne();
      }
    }),
  );
  return outcome;
}
