// The API's answers the console reads, as its OpenAPI document describes them (apps/api/src/**/*.dto.ts).

export type LocalizedText = Record<string, string>;

// Shapes the libraries define and the API answers as they are (type-only: erased from the bundle).
import type { DefinitionIssue, DefinitionPlan } from '@onething/definition/types';
export type {
  DataMinimizationMatrix as MinimisationMatrix,
  DefinitionDiff,
  DefinitionIssue,
  DefinitionPlan,
  PlanNode,
} from '@onething/definition/types';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
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

export { ROLES } from '@onething/case-model/roles';
