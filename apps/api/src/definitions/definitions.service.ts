import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DepartmentRepository } from '@onething/auth';
import {
  composeForm,
  departmentCatalog,
  diffDefinitions,
  parseSource,
  planDefinition,
  validateDefinition,
  type ComposedForm,
  type Definition,
  type DefinitionDiff,
  type DefinitionPlan,
  type ValidationContext,
  type ValidationResult,
} from '@onething/definition';
import { DefinitionVersions, type DraftContent, type VersionChange } from '@onething/definition-store';
import { ApiError, ApiErrorCode, type Page } from '@onething/http';
import { ConnectorCatalogRepository, type DefinitionVersionEntity } from '@onething/persistence';
import { DefinitionInvalidError } from './definition-invalid.error';
import {
  definitionKeySchema,
  definitionListCursor,
  versionListCursor,
  type CreateDraftDto,
  type DiffQuery,
  type FormQuery,
  type ListDefinitionsQuery,
  type ListVersionsQuery,
  type TransitionDto,
  type PreviewSourceDto,
  type UpdateDraftDto,
  type ValidateSourceDto,
} from './definitions.dto';
import {
  toVersionSummaryView,
  toVersionView,
  type DefinitionVersionSummaryView,
  type DefinitionVersionView,
} from './definitions.mapper';

export interface ValidationView {
  valid: boolean;
  issues: ValidationResult['issues'];
}

/** The editor's live view of an unsaved source: plan and form only once it validates. */
export interface PreviewView extends ValidationView {
  plan: DefinitionPlan | null;
  form: ComposedForm | null;
}

/** Authoring of definitions: drafts, checks, previews, publishing and archiving of versions. */
@Injectable()
export class DefinitionsService {
  constructor(
    private readonly versions: DefinitionVersions,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /**
   * Departments and connectors in force come from the database (the connector catalog, seeded with the
   * built-in connectors by its migration). An empty departments table (a database nobody seeded) falls
   * back to the built-in catalog's.
   */
  async validationContext(): Promise<ValidationContext> {
    const departments = await new DepartmentRepository(this.dataSource.manager).allActiveCodes();
    return {
      departments: departments.length > 0 ? departments : departmentCatalog.map((d) => d.code),
      connectors: await new ConnectorCatalogRepository(this.dataSource.manager).allKeys(),
    };
  }

  async validateSource(body: ValidateSourceDto): Promise<ValidationView> {
    checkFormat(body.source, body.format);
    const result = validateDefinition(body.source, await this.validationContext());
    return { valid: result.valid, issues: result.issues };
  }

  async preview(body: PreviewSourceDto): Promise<PreviewView> {
    checkFormat(body.source, body.format);
    const result = validateDefinition(body.source, await this.validationContext());
    if (!result.valid) return { valid: false, issues: result.issues, plan: null, form: null };
    return {
      valid: true,
      issues: result.issues,
      plan: planDefinition(result.definition),
      form: composeForm(result.definition, { locale: body.locale }),
    };
  }

  async createDraft(body: CreateDraftDto, createdBy: string): Promise<DefinitionVersionView> {
    checkFormat(body.source, body.format);
    const written = keyWrittenIn(body.source);
    if (body.key !== undefined && written !== undefined && written !== body.key)
      throw new ApiError(
        ApiErrorCode.ValidationFailed,
        `key: the body names ${body.key} but the source says ${written}`,
        'key',
      );
    const key = body.key ?? written;
    if (key === undefined)
      throw new ApiError(
        ApiErrorCode.ValidationFailed,
        'source: no valid `key` could be read from the source; fix it or give `key` in the body',
        'source',
      );
    const result = validateDefinition(body.source, await this.validationContext());
    const row = await this.versions.createDraft(
      key,
      (version) => draftContent(body.source, result, version),
      createdBy,
    );
    return toVersionView(row, result.issues);
  }

  async updateDraft(key: string, version: number, body: UpdateDraftDto): Promise<DefinitionVersionView> {
    checkFormat(body.source, body.format);
    const written = keyWrittenIn(body.source);
    if (written !== undefined && written !== key)
      throw new ApiError(
        ApiErrorCode.ValidationFailed,
        `source: a draft of ${key} cannot change its key to ${written}; create a new draft instead`,
        'source',
      );
    const result = validateDefinition(body.source, await this.validationContext());
    const change = await this.versions.updateDraft(
      key,
      version,
      body.revision,
      draftContent(body.source, result, version),
    );
    return toVersionView(changed(change, key, version, body.revision), result.issues);
  }

  async get(key: string, version: number): Promise<DefinitionVersionView> {
    const row = await this.require(key, version);
    const result = validateDefinition(row.source, await this.validationContext());
    return toVersionView(row, result.issues);
  }

  async validateVersion(key: string, version: number): Promise<ValidationView> {
    const row = await this.require(key, version);
    const result = validateDefinition(row.source, await this.validationContext());
    return { valid: result.valid, issues: result.issues };
  }

  async plan(key: string, version: number): Promise<DefinitionPlan> {
    return planDefinition(await this.document(key, version));
  }

  async form(key: string, version: number, query: FormQuery): Promise<ComposedForm> {
    return composeForm(await this.document(key, version), { locale: query.locale });
  }

  async diff(key: string, query: DiffQuery): Promise<DefinitionDiff> {
    return diffDefinitions(await this.document(key, query.from), await this.document(key, query.to));
  }

  /** Checks the draft again against today's departments: only a valid definition becomes version N. */
  async publish(key: string, version: number, body: TransitionDto): Promise<DefinitionVersionView> {
    const row = await this.require(key, version);
    if (row.status !== 'draft') throw notADraft(row);
    const result = validateDefinition(row.source, await this.validationContext());
    if (!result.valid)
      throw new DefinitionInvalidError(
        `${key} version ${version} does not validate and cannot be published`,
        result.issues,
      );
    const change = await this.versions.publish(key, version, body.revision, {
      ...result.definition,
      version,
    });
    return toVersionView(changed(change, key, version, body.revision), result.issues);
  }

  async archive(key: string, version: number, body: TransitionDto): Promise<DefinitionVersionSummaryView> {
    const row = await this.require(key, version);
    if (row.status === 'draft' && row.document === null)
      throw new ApiError(
        ApiErrorCode.Conflict,
        `${key} version ${version} is a draft that does not validate; only valid drafts can be archived`,
      );
    return toVersionSummaryView(
      changed(await this.versions.archive(key, version, body.revision), key, version, body.revision),
    );
  }

  async listVersions(query: ListVersionsQuery): Promise<Page<DefinitionVersionSummaryView>> {
    const { cursor, ...filter } = query;
    const { items, lastKey, total } = await this.versions.list({
      ...filter,
      after: versionListCursor.decode(cursor),
    });
    return versionListCursor.page(items.map(toVersionSummaryView), lastKey, total);
  }

  async listDefinitions(query: ListDefinitionsQuery) {
    const { cursor, ...filter } = query;
    const { items, lastKey, total } = await this.versions.summaries({
      ...filter,
      after: definitionListCursor.decode(cursor),
    });
    return definitionListCursor.page(items, lastKey, total);
  }

  private async require(key: string, version: number): Promise<DefinitionVersionEntity> {
    const row = await this.versions.find(key, version);
    if (!row) throw notFound(key, version);
    return row;
  }

  /** The parsed definition of a version; a draft saved with errors has none, so say why. */
  private async document(key: string, version: number): Promise<Definition> {
    const row = await this.require(key, version);
    if (row.document) return row.document;
    const result = validateDefinition(row.source, await this.validationContext());
    throw new DefinitionInvalidError(`${key} version ${version} does not validate`, result.issues);
  }
}

function draftContent(source: string, result: ValidationResult, version: number): DraftContent {
  // The server numbers versions: the document carries the number the row has, whatever the source says.
  const document = result.valid ? { ...result.definition, version } : null;
  return { source, document, leadDepartment: document?.leadDepartment ?? null };
}

/** The key the source declares, when it can be read and is well formed. */
function keyWrittenIn(source: string): string | undefined {
  const { value } = parseSource(source);
  const key = typeof value === 'object' && value !== null ? (value as { key?: unknown }).key : undefined;
  return definitionKeySchema.safeParse(key).success ? (key as string) : undefined;
}

function checkFormat(source: string, format: 'yaml' | 'json'): void {
  if (format !== 'json') return;
  try {
    JSON.parse(source);
  } catch (error) {
    throw new ApiError(
      ApiErrorCode.ValidationFailed,
      `source: format is json but the source is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      'source',
    );
  }
}

function changed(
  change: VersionChange,
  key: string,
  version: number,
  revision: number,
): DefinitionVersionEntity {
  if (change.ok) return change.version;
  switch (change.reason) {
    case 'not_found':
      throw notFound(key, version);
    case 'not_a_draft':
      throw notADraft(change.current);
    case 'already_archived':
      throw new ApiError(ApiErrorCode.Conflict, `${key} version ${version} is already archived`);
    case 'stale_revision':
      throw new ApiError(
        ApiErrorCode.Conflict,
        `revision: ${key} version ${version} is at revision ${change.current?.revision}, not ${revision}; someone else changed it — reload and reapply your edit`,
        'revision',
      );
    default:
      return assertUnreachable(change.reason);
  }
}

function notFound(key: string, version: number): ApiError {
  return new ApiError(ApiErrorCode.NotFound, `No version ${version} of definition ${key}`);
}

function notADraft(row: DefinitionVersionEntity | undefined): ApiError {
  return new ApiError(
    ApiErrorCode.Conflict,
    row
      ? `${row.key} version ${row.version} is ${row.status} and can no longer change; create a new draft instead`
      : 'Only drafts can change',
  );
}

function assertUnreachable(value: never): never {
  throw new Error(`unhandled refusal ${String(value)}`);
}
