/**
 * The failure types activities throw (the worker's classification, apps/worker/src/activity-failures.ts);
 * the workflows' retry policies and step reasons, and the API, read them. One list, so a rename cannot
 * leave a retry policy retrying what never heals.
 */
export const ActivityFailureType = {
  /** PostgreSQL refused the data itself (SQLSTATE class 22 or 23). */
  DataRefused: 'DataRefused',
  ValidationFailed: 'ValidationFailed',
  /** The department system refused the request (a 4xx other than 408/429). */
  DepartmentRefused: 'DepartmentRefused',
  /** A step without a connector or undo action, or a connector nobody configured. */
  ConnectorMisconfigured: 'ConnectorMisconfigured',
  UnknownDefinition: 'UnknownDefinition',
  UnknownAnswer: 'UnknownAnswer',
  /** Retried by the activity's policy. */
  DatabaseError: 'DatabaseError',
  /** Retried by the activity's policy. */
  DepartmentUnavailable: 'DepartmentUnavailable',
} as const;
export type ActivityFailureType = (typeof ActivityFailureType)[keyof typeof ActivityFailureType];

/** Failure types no retry heals. */
export const NON_RETRYABLE_FAILURE_TYPES: readonly ActivityFailureType[] = [
  ActivityFailureType.DataRefused,
  ActivityFailureType.ValidationFailed,
  ActivityFailureType.DepartmentRefused,
  ActivityFailureType.ConnectorMisconfigured,
  ActivityFailureType.UnknownDefinition,
  ActivityFailureType.UnknownAnswer,
];
