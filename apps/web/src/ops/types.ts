// The operations view's answers (apps/api/src/operations/operations.dto.ts, step-retries.dto.ts).

export interface OperationsOverview {
  cases: { definitionKey: string; status: string; count: number }[];
  failedSteps: { total: number; byDepartment: { department: string; count: number }[] };
  slaBreaches: {
    total: number;
    byDepartment: { department: string; count: number }[];
    steps: {
      caseId: string;
      stepId: string;
      department: string;
      definitionKey: string;
      dueDate: string | null;
      breachedAt: string;
    }[];
  };
  temporalWebUi: { baseUrl: string; namespace: string } | null;
}

export interface OperationsTrends {
  timeZone: string;
  days: string[];
  departments: {
    department: string;
    points: { day: string; backlog: number; completed: number; meanCycleHours: number | null }[];
  }[];
}

export interface TroubledStep {
  caseId: string;
  stepId: string;
  department: string;
  status: string;
  reason: string | null;
  attempts: {
    state: 'retrying' | 'failed';
    attempt: number;
    lastErrorCode: string | null;
    lastErrorAt: string | null;
    summary: string;
  } | null;
}

export interface BulkRetryResult {
  matched: number;
  retried: number;
  refused: number;
  unanswered: number;
}

/** The case's workflow in the Temporal Web UI (`case-<id>`: the id carries no personal data). */
export function workflowLink(ui: OperationsOverview['temporalWebUi'], caseId: string): string | undefined {
  if (!ui) return undefined;
  return `${ui.baseUrl}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/case-${caseId}`;
}
