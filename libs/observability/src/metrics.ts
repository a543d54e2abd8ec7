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

  readonly casesSubmitted = new Counter({
    name: 'onething_cases_submitted_total',
    help: 'Cases submitted, by one-thing (definition key)',
    labelNames: ['one_thing'] as const,
    registers: [this.registry],
  });

  readonly casesCompleted = new Counter({
    name: 'onething_cases_completed_total',
    help: 'Cases that reached their merged result, by one-thing and result',
    labelNames: ['one_thing', 'result'] as const,
    registers: [this.registry],
  });

  readonly stepDuration = new Histogram({
    name: 'onething_step_duration_seconds',
    help: "From a step's start to its department's decision, by department, kind (auto/manual) and decision",
    labelNames: ['department', 'kind', 'decision'] as const,
    buckets: STEP_SECONDS,
    registers: [this.registry],
  });

  readonly departmentCallDuration = new Histogram({
    name: 'onething_department_call_duration_seconds',
    help: 'One call to a department system through its connector, by department and outcome',
    labelNames: ['department', 'outcome'] as const,
    buckets: HTTP_SECONDS,
    registers: [this.registry],
  });

  readonly slaBreaches = new Counter({
    name: 'onething_sla_breaches_total',
    help: 'Manual steps past their working-day time limit, by department',
    labelNames: ['department'] as const,
    registers: [this.registry],
  });

  readonly materialRequests = new Counter({
    name: 'onething_material_requests_total',
    help: 'Requests for more material from the applicant, by department',
    labelNames: ['department'] as const,
    registers: [this.registry],
  });

  readonly activityFailures = new Counter({
    name: 'onething_activity_failures_total',
    help: 'Activity attempts that failed, by activity, failure type and whether Temporal retries them',
    labelNames: ['activity', 'failure', 'retryable'] as const,
    registers: [this.registry],
  });

  readonly activityRetries = new Counter({
    name: 'onething_activity_retries_total',
    help: 'Activity attempts after the first (Temporal retries), by activity',
    labelNames: ['activity'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'onething_http_request_duration_seconds',
    help: 'HTTP requests served, by method, route template (never the raw URL) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_SECONDS,
    registers: [this.registry],
  });

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
}
