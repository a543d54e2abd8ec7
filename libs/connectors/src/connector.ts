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

/** Why an approved step is being undone. */
export type ConnectorCompensationReason = 'withdrawn' | 'rejected' | 'cancelled';

/**
 * Undo what an approved step made the department do (saga compensation), e.g. claw back a subsidy.
 * Ids and the action's name only: the department finds what to undo from its own record of the step.
 */
export interface ConnectorCompensationRequest {
  caseId: string;
  stepId: string;
  /** The step's `compensate.action` from the definition, e.g. `subsidy-clawback`. */
  action: string;
  reason: ConnectorCompensationReason;
}

/**
 * The department undid the action now (`compensated`), or had already undone it for the same case,
 * step and action (`already-compensated`: a retry, which departments must answer idempotently).
 */
export interface ConnectorCompensationResult {
  status: 'compensated' | 'already-compensated';
}

export interface Connector {
  readonly code: string;
  check(request: ConnectorCheckRequest, signal?: AbortSignal): Promise<ConnectorDecision>;
  lookup(request: ConnectorLookupRequest, signal?: AbortSignal): Promise<ConnectorLookupResult>;
  /** Idempotent per (caseId, stepId, action): calling it again is safe and answers `already-compensated`. */
  compensate(
    request: ConnectorCompensationRequest,
    signal?: AbortSignal,
  ): Promise<ConnectorCompensationResult>;
}

/**
 * Why a call did not produce an answer. `unreachable`, `timeout`, `server-error`, `throttled` and
 * `malformed-answer` may go away on their own; `request-refused` (a 4xx other than 408, 422 and 429:
 * bad credentials, unknown endpoint, a request the department cannot read; and a 422 to a
 * compensation: the department will not undo the action) will not.
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

/**
 * A connector version whose stored settings the catalog cannot read (an older shape, or written by hand):
 * no retry makes them readable, an administrator's new version does (for cases that start after it).
 */
export class UnreadableConnectorError extends Error {
  constructor(
    readonly connector: string,
    readonly version: number,
    /** The offending settings (names of settings, never values). */
    readonly paths: string[],
  ) {
    super(
      `connector ${connector} version ${version}: unreadable settings at ${paths.join(', ') || '(settings)'}`,
    );
    this.name = 'UnreadableConnectorError';
  }
}
