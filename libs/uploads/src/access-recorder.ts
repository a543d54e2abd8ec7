/**
 * The "record access" port: every download of a document calls it before the first byte leaves.
 * The access trail (hash-chained, in PostgreSQL) implements it; until it is connected, the default
 * adapter writes an outbox event (see apps/api's uploads module), never a log line with personal data.
 */
export interface AccessRecord {
  actor: {
    id: string;
    kind: 'account' | 'department_system';
    roles: readonly string[];
    departments: readonly string[];
  };
  caseId: string | null;
  /** The fields (or `materials.<sha256>` for an applicant's own material) whose data was read. */
  fields: readonly string[];
  purpose: 'task-attachment-download' | 'own-material-download';
}

export interface AccessRecorder {
  record(access: AccessRecord): Promise<void>;
}

/** The Nest injection token of the recorder. */
export const ACCESS_RECORDER = Symbol('ACCESS_RECORDER');
