/**
 * A department system as the orchestrator sees it. An auto step asks it for a decision on exactly the
 * step's contract data; a prefilled form field asks it for data it already holds about the applicant.
 */
export type ConnectorData = Record<string, unknown>;

export interface ConnectorCheckRequest {
  caseId: string;
  stepId: string;
  /** The step's contract fields, and nothing else. */
  data: ConnectorData;
}

/** The department's business answer. A rejection is an answer, not a failure: it is never retried. */
export interface ConnectorDecision {
  decision: 'approved' | 'rejected';
  reason?: string;
  data?: ConnectorData;
}

export interface ConnectorLookupRequest {
  /** Who the data is about, e.g. `{ residentId }` or `{ passportNumber }`. */
  subject: ConnectorData;
  /** A dotted path into the department's record, e.g. `highestDegree`; without it the whole record. */
  path?: string;
}

export type ConnectorLookupResult = { found: false } | { found: true; data: ConnectorData; value?: unknown };

export interface Connector {
  readonly code: string;
  check(request: ConnectorCheckRequest, signal?: AbortSignal): Promise<ConnectorDecision>;
  lookup(request: ConnectorLookupRequest, signal?: AbortSignal): Promise<ConnectorLookupResult>;
}

/**
 * Why a call did not produce an answer. `unreachable`, `timeout`, `server-error`, `throttled` and
 * `malformed-answer` may go away on their own; `request-refused` (a 4xx other than 408, 422 and 429:
 * bad credentials, unknown endpoint, a request the department cannot read) will not.
 */
export type ConnectorFailure =
  'unreachable' | 'timeout' | 'server-error' | 'throttled' | 'malformed-answer' | 'request-refused';

const permanentFailures: ReadonlySet<ConnectorFailure> = new Set(['request-refused']);

/**
 * The department did not answer (or answered something that is not an answer). Callers retry it when
 * `retryable`; the message names the connector, the failure and the HTTP status, never the data sent.
 */
export class ConnectorTransportError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly connector: string,
    readonly failure: ConnectorFailure,
    detail: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(
      `connector ${connector}: ${failure}${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}`,
      options,
    );
    this.name = 'ConnectorTransportError';
    this.retryable = !permanentFailures.has(failure);
  }
}

export class UnknownConnectorError extends Error {
  constructor(readonly connector: string) {
    super(`unknown connector: ${connector}`);
    this.name = 'UnknownConnectorError';
  }
}
