import type { Definition, DefinitionIssue, LocalizedText } from '@onething/definition';
import type { DefinitionVersionEntity, DefinitionVersionStatus } from '@onething/persistence';

export interface DefinitionVersionSummaryView {
  key: string;
  version: number;
  status: DefinitionVersionStatus;
  revision: number;
  /** False for a draft saved with errors: it cannot be published until they are fixed. */
  valid: boolean;
  title: LocalizedText | null;
  leadDepartment: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface DefinitionVersionView extends DefinitionVersionSummaryView {
  source: string;
  document: Definition | null;
  issues: DefinitionIssue[];
}

export function toVersionSummaryView(row: DefinitionVersionEntity): DefinitionVersionSummaryView {
  const document = row.document;
  return {
    key: row.key,
    version: row.version,
    status: row.status,
    revision: row.revision,
    valid: document !== null,
    title: document?.title ?? null,
    leadDepartment: row.leadDepartment,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

export function toVersionView(
  row: DefinitionVersionEntity,
  issues: DefinitionIssue[],
): DefinitionVersionView {
  return {
    ...toVersionSummaryView(row),
    source: row.source,
    document: row.document,
    issues,
  };
}
