// The API's answers the console reads, as its OpenAPI document describes them (apps/api/src/**/*.dto.ts).

export type LocalizedText = Record<string, string>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface DefinitionIssue {
  code: string;
  severity: 'error' | 'warning';
  path: (string | number)[];
  pointer: string;
  line?: number;
  column?: number;
  message: LocalizedText;
}

export type VersionStatus = 'draft' | 'published' | 'archived';

export interface DefinitionSummary {
  key: string;
  versions: number;
  latestVersion: number;
  publishedVersion: number | null;
  drafts: number;
  title: LocalizedText | null;
}

export interface VersionSummary {
  key: string;
  version: number;
  status: VersionStatus;
  revision: number;
  valid: boolean;
  title: LocalizedText | null;
  leadDepartment: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface VersionView extends VersionSummary {
  source: string;
  issues: DefinitionIssue[];
}

export interface PlanNode {
  id: string;
  department: string;
  kind: 'auto' | 'manual';
  required: boolean;
  slaWorkingDays: number;
  conditional: boolean;
}

export interface MinimisationMatrix {
  departments: string[];
  fields: string[];
  cells: Record<string, Record<string, string[]>>;
  askedButUnused: string[];
  receivedBeyondNeed: { department: string; stepId: string; datum: string }[];
  outputsUnused: string[];
}

export interface DefinitionPlan {
  nodes: PlanNode[];
  edges: { from: string; to: string }[];
  stages: string[][];
  criticalPath: { steps: string[]; paths: string[][]; workingDays: number };
  commitment?: {
    workingDays: number;
    enforce: boolean;
    criticalPathWorkingDays: number;
    met: boolean;
    slackWorkingDays: number;
  };
  matrix: MinimisationMatrix;
}

export interface ComposedForm {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  fields: { id: string; label: LocalizedText; usedBy: string[] }[];
}

export interface DefinitionPreview {
  valid: boolean;
  issues: DefinitionIssue[];
  plan: DefinitionPlan | null;
  form: ComposedForm | null;
}

export interface DefinitionDiff {
  identical: boolean;
  version: { from: number; to: number };
  fieldsAdded: string[];
  fieldsRemoved: string[];
  fieldsChanged: string[];
  stepsAdded: string[];
  stepsRemoved: string[];
  contractsWidened: { stepId: string; department: string; fields: string[] }[];
  contractsNarrowed: { stepId: string; department: string; fields: string[] }[];
  slaChanged: { stepId: string; from: number; to: number }[];
  conditionsChanged: { stepId: string; from?: string; to?: string }[];
  dependenciesChanged: { stepId: string; from: string[]; to: string[] }[];
  otherStepChanges: { stepId: string; properties: string[] }[];
  outcomeChanged: boolean;
}

export interface Department {
  code: string;
  name: { 'zh-CN': string; en: string };
  active: boolean;
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  departments: string[];
  active: boolean;
  external: boolean;
  createdAt: string;
}

export interface Credential {
  id: string;
  department: string;
  label: string;
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type ConnectorAuthType = 'default' | 'none' | 'bearer' | 'hmac';

export interface Connector {
  key: string;
  version: number;
  name: { 'zh-CN': string; en: string };
  department: string;
  baseUrl?: string;
  compensateUrl?: string;
  timeoutMs?: number;
  retry?: { maximumAttempts: number };
  requestMapping: Record<string, string>;
  responseMapping: Record<string, string>;
  auth: { type: ConnectorAuthType; secretSet: boolean };
  updatedAt: string;
}

/** A connector whose stored settings the API cannot read: listed with the reason, repaired by saving it. */
export interface InvalidConnector {
  key: string;
  version: number;
  invalid: { code: 'CONNECTOR_SETTINGS_INVALID'; issues: { path: string; code: string; message: string }[] };
  updatedAt: string;
}

export interface CalendarDay {
  date: string;
  note?: string | null;
}

export interface CalendarYear {
  year: number;
  source: string;
  holidays: CalendarDay[];
  workdays: CalendarDay[];
  updatedAt: string;
}

export const ROLES = [
  'applicant',
  'counter_clerk',
  'department_worker',
  'department_supervisor',
  'administrator',
  'auditor',
] as const;
