import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, type AppLogger } from '@onething/logging';
import { TEMPORAL_CLIENT, taskQueueBacklog, type TaskQueueBacklog } from '@onething/temporal';

/** How long one reading of the backlog serves every submission (the server's own figure lags more). */
export const SAMPLE_MS = 1_000;
/** How long one reading may take, retries included: it bounds the first submission and the shutdown. */
const READ_DEADLINE_MS = 5_000;
/** The Retry-After a refusal suggests, in seconds: how long the excess takes to drain, within these. */
const RETRY_AFTER_MIN_S = 1;
const RETRY_AFTER_MAX_S = 120;
/** When nothing is being drained (no worker polls), the suggestion is this. */
const RETRY_AFTER_IDLE_S = 30;

/**
 * Sheds load honestly: while more tasks wait on the case task queue than the workers are configured to
 * be behind by (`CASE_ADMISSION_MAX_BACKLOG`), a new case is refused before anything is stored — 503
 * OVERLOADED with Retry-After — rather than accepted and left for hours in a queue nobody drains.
 * Temporal's matching service counts the backlog; one reading per second serves every submission, and
 * only the first submission waits for one: after it, a reading past its second is renewed in the
 * background while submissions go on with it, so none waits on a server that is busy answering. When
 * Temporal cannot be asked, the case is admitted: it is stored and the outbox relay starts it later,
 * so an unreadable figure never refuses work.
 */
@Injectable()
export class CaseAdmission implements BeforeApplicationShutdown {
  private sample: { at: number; backlog: TaskQueueBacklog | undefined } | undefined;
  private sampling: Promise<TaskQueueBacklog | undefined> | undefined;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  /**
   * Throws OVERLOADED when the backlog is past the limit, unless the request brings no new work
   * (`bringsNoWork`, asked only then: a submission whose Idempotency-Key already made a case).
   */
  async admit(bringsNoWork: () => Promise<boolean> = () => Promise.resolve(false)): Promise<void> {
    const limit = this.config.temporal.admissionMaxBacklog;
    if (limit === 0) return;
    const backlog = await this.backlog();
    if (!backlog || backlog.tasks <= limit || (await bringsNoWork())) return;
    throw new ApiError(
      ApiErrorCode.Overloaded,
      'Too many cases are waiting to be processed: submit again later',
      undefined,
      [{ path: '', code: 'BACKLOG', message: `${backlog.tasks} tasks wait; the limit is ${limit}` }],
      retryAfterSeconds(backlog.tasks - limit, backlog.dispatchedPerSecond),
    );
  }

  private async backlog(): Promise<TaskQueueBacklog | undefined> {
    if (!this.sample) return this.renew();
    if (Date.now() - this.sample.at >= SAMPLE_MS) void this.renew();
    return this.sample.backlog;
  }

  /**
   * A reading still under way when the application stops is waited for (within its deadline): the
   * Temporal client closes after this hook, and a call cut off by that retries on a closed channel.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.sampling;
  }

  /** One reading at a time; it never fails (an unreadable figure is undefined). */
  private renew(): Promise<TaskQueueBacklog | undefined> {
    return (this.sampling ??= this.read().finally(() => (this.sampling = undefined)));
  }

  private async read(): Promise<TaskQueueBacklog | undefined> {
    const { namespace, taskQueue } = this.config.temporal;
    const { connection } = this.client;
    const backlog = await connection
      .withDeadline(Date.now() + READ_DEADLINE_MS, () =>
        taskQueueBacklog(connection, { namespace, taskQueue }),
      )
      .catch((error: Error) => {
        this.log.warn({ err: error }, 'case admission: the task queue backlog could not be read; admitting');
        return undefined;
      });
    this.sample = { at: Date.now(), backlog };
    return backlog;
  }
}

export function retryAfterSeconds(excessTasks: number, dispatchedPerSecond: number): number {
  if (dispatchedPerSecond <= 0) return RETRY_AFTER_IDLE_S;
  const drain = Math.ceil(excessTasks / dispatchedPerSecond);
  return Math.min(RETRY_AFTER_MAX_S, Math.max(RETRY_AFTER_MIN_S, drain));
}
