/** What the applicant's pages read from the API (see apps/api: catalog, cases, notices, uploads, audit). */
export type LocalizedText = Record<'zh-CN' | 'en', string>;

export interface CatalogDepartment {
  code: string;
  name: string;
  role: 'lead' | 'cooperating';
  steps: string[];
}

export interface EligibilityRule {
  id: string;
  message: LocalizedText;
  fields: string[];
}

export interface FormField {
  id: string;
  type: string;
  label: LocalizedText;
  required: boolean;
  usedBy: string[];
}

export interface ComposedForm {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  fields: FormField[];
  prefilled: { id: string; source: string }[];
  eligibility?: EligibilityRule[];
}

export interface CatalogEntry {
  key: string;
  version: number;
  title: string;
  description: string;
  departments: CatalogDepartment[];
  commitment?: { workingDays?: number } | null;
  eligibility?: unknown;
}

export interface CatalogDetail extends CatalogEntry {
  form: ComposedForm;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface SlaView {
  dueDate: string;
  dueAt: string;
  state: 'on-time' | 'due-soon' | 'breached' | 'paused' | 'met';
  timeLeftMs: number | null;
}

export interface CaseStep {
  stepId: string;
  department: string;
  status: string;
  reason: string | null;
  startedAt: string | null;
  completedAt: string | null;
  sla: SlaView | null;
  compensatedAt: string | null;
  attempts: { state: 'retrying' | 'failed'; attempt: number; nextRetryAt: string | null } | null;
}

export interface CaseView {
  id: string;
  definition: { key: string; version: number };
  status: string;
  submittedAt: string;
  completedAt: string | null;
  commitment: { dueDate: string; dueAt: string; state: string } | null;
  steps: CaseStep[];
  result: Record<string, unknown> | null;
  openNotices?: string[];
}

export interface NoticeView {
  id: string;
  caseId: string;
  status: 'open' | 'answered' | 'closed';
  createdAt: string;
  answeredAt: string | null;
  requests: {
    stepId: string;
    department: string;
    message: string;
    requestedAt: string;
    fields: { id: string; type: string; label: LocalizedText }[];
  }[];
}

export interface Attachment {
  ref: string;
  name: string;
  contentType: string;
  sizeBytes: number;
}

export interface Material extends Attachment {
  sha256: string;
  uploadedAt?: string;
}

export interface AccessLogEntry {
  id: string;
  occurredAt: string;
  action: 'read' | 'decision';
  caseId: string;
  role: string;
  department: string | null;
  resource: string;
  fields: string[];
  purpose: string;
}

export interface SignedResult {
  document: Record<string, unknown>;
  signature: string;
  verification: { resultId: string; url: string };
}

/** Cases still moving: their page keeps polling. */
export const OPEN_CASE_STATUSES = ['submitted', 'in_progress'];
