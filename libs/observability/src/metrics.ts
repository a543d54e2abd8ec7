import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds buckets from a fast department call (10 ms) to a manual step decided weeks later. */
const STEP_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 600, 3600, 86_400, 7 * 86_400, 30 * 86_400];
const HTTP_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The project's own metrics, one set per process (API or worker), each in a registry of its own so two
 * processes sharing a test run never mix their series. Labels are bounded, and never personal data:
 * definition keys, department codes, decisions, activity names, failure types, route templates.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly casesSubmitted = this.counter(
    'onething_cases_submitted_total',
    'Cases submitted, by one-thing (definition key)',
    ['one_thing'],
  );

  readonly casesCompleted = this.counter(
    'onething_cases_completed_total',
    'Cases that reached their merged result, by one-thing and result',
    ['one_thing', 'result'],
  );

  readonly stepDuration = this.histogram(
    'onething_step_duration_seconds',
    "From a step's start to its department's decision, by department, kind (auto/manual) and decision",
    ['department', 'kind', 'decision'],
    STEP_SECONDS,
  );

  readonly departmentCallDuration = this.histogram(
    'onething_department_call_duration_seconds',
    'One call to a department system through its connector, by department and outcome',
    ['department', 'outcome'],
    HTTP_SECONDS,
  );

  readonly slaBreaches = this.counter(
    'onething_sla_breaches_total',
    'Manual steps past their working-day time limit, by department',
    ['department'],
  );

  readonly materialRequests = this.counter(
    'onething_material_requests_total',
    'Requests for more material from the applicant, by department',
    ['department'],
  );

  readonly activityFailures = this.counter(
    'onething_activity_failures_total',
    'Activity attempts that failed, by activity, failure type and whether Temporal retries them',
    ['activity', 'failure', 'retryable'],
  );

  readonly activityRetries = this.counter(
    'onething_activity_retries_total',
    'Activity attempts after the first (Temporal retries), by activity',
    ['activity'],
  );

  readonly httpDuration = this.histogram(
    'onething_http_request_duration_seconds',
    'HTTP requests served, by method, route template (never the raw URL) and status',
    ['method', 'route', 'status'],
    HTTP_SECONDS,
  );

  constructor(readonly service: 'api' | 'worker') {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'onething_process_' });
  }

  /**
   * Age of the oldest event of each type that is still waiting for delivery (0 when none waits), read
   * when scraped. `oldestWaiting` answers from the outbox's pending index.
   */
  watchOutboxLag(types: readonly string[], oldestWaiting: (type: string) => Promise<Date | null>): void {
    new Gauge({
      name: 'onething_outbox_lag_seconds',
      help: 'Age of the oldest undelivered outbox event, by event type',
      labelNames: ['type'] as const,
      registers: [this.registry],
      async collect() {
        const now = Date.now();
        for (const type of types) {
          // The database unreachable: the series keeps its last value rather than claiming no lag.
          const oldest = await oldestWaiting(type).catch(() => undefined);
          if (oldest !== undefined)
            this.set({ type }, oldest ? Math.max(0, (now - oldest.getTime()) / 1000) : 0);
        }
      },
    });
  }

  /** The text a Prometheus scrape reads. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
