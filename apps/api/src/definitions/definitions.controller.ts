import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { Allow, Caller, Public, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { DefinitionInvalidFilter } from './definition-invalid.error';
import {
  createDraftSchema,
  definitionKeySchema,
  diffQuerySchema,
  formQuerySchema,
  listDefinitionsQuerySchema,
  listVersionsQuerySchema,
  previewSourceSchema,
  transitionSchema,
  updateDraftSchema,
  validateSourceSchema,
  versionNumberSchema,
  type CreateDraftDto,
  type DiffQuery,
  type FormQuery,
  type ListDefinitionsQuery,
  type ListVersionsQuery,
  type PreviewSourceDto,
  type TransitionDto,
  type UpdateDraftDto,
  type ValidateSourceDto,
} from './definitions.dto';
import { DefinitionSchemaDocument } from './definition-schema-document';
import { DefinitionsService } from './definitions.service';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  composedFormResponseSchema,
  definitionPageResponseSchema,
  definitionSchemaResponseSchema,
  diffResponseSchema,
  planResponseSchema,
  previewResponseSchema,
  validationResponseSchema,
  versionPageResponseSchema,
  versionResponseSchema,
  versionSummaryResponseSchema,
} from './definitions.dto';

const key = new ZodValidationPipe(definitionKeySchema);
const version = new ZodValidationPipe(versionNumberSchema);

/** Administrators author definitions here; the JSON Schema for editors is public. */
@Controller('definitions')
@UseFilters(DefinitionInvalidFilter)
export class DefinitionsController {
  constructor(
    private readonly definitions: DefinitionsService,
    private readonly schema: DefinitionSchemaDocument,
  ) {}

  @Get('schema.json')
  @ApiRoute({
    summary: 'The JSON Schema of the definition language (for editors)',
    response: definitionSchemaResponseSchema,
    contentType: 'application/schema+json',
  })
  @Public()
  @Header('Content-Type', 'application/schema+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  jsonSchema(): string {
    return this.schema.text;
  }

  @Get()
  @ApiRoute({
    summary: 'List one-thing definitions, one row per key',
    response: definitionPageResponseSchema,
  })
  @Allow(['administrator'])
  listDefinitions(@Query(new ZodValidationPipe(listDefinitionsQuerySchema)) query: ListDefinitionsQuery) {
    return this.definitions.listDefinitions(query);
  }

  @Get('versions')
  @ApiRoute({ summary: 'List definition versions', response: versionPageResponseSchema })
  @Allow(['administrator'])
  listVersions(@Query(new ZodValidationPipe(listVersionsQuerySchema)) query: ListVersionsQuery) {
    return this.definitions.listVersions(query);
  }

  @Post('validate')
  @ApiRoute({ summary: 'Validate a definition source without saving it', response: validationResponseSchema })
  @Allow(['administrator'])
  @HttpCode(200)
  validateSource(@Body(new ZodValidationPipe(validateSourceSchema)) body: ValidateSourceDto) {
    return this.definitions.validateSource(body);
  }

  @Post('preview')
  @ApiRoute({
    summary: 'Validate a source and preview its step graph and one form, without saving it',
    response: previewResponseSchema,
  })
  @Allow(['administrator'])
  @HttpCode(200)
  preview(@Body(new ZodValidationPipe(previewSourceSchema)) body: PreviewSourceDto) {
    return this.definitions.preview(body);
  }

  @Post('drafts')
  @ApiRoute({
    summary: 'Save a draft (a new key or a new version of a key)',
    response: versionResponseSchema,
  })
  @Allow(['administrator'])
  @HttpCode(201)
  createDraft(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(createDraftSchema)) body: CreateDraftDto,
  ) {
    return this.definitions.createDraft(body, caller.id);
  }

  @Get(':key/versions/:version')
  @ApiRoute({ summary: 'Read a version with its source and document', response: versionResponseSchema })
  @Allow(['administrator'])
  get(@Param('key', key) definitionKey: string, @Param('version', version) versionNumber: number) {
    return this.definitions.get(definitionKey, versionNumber);
  }

  @Put(':key/versions/:version')
  @ApiRoute({ summary: 'Replace a draft', response: versionResponseSchema, status: 200 })
  @Allow(['administrator'])
  updateDraft(
    @Param('key', key) definitionKey: string,
    @Param('version', version) versionNumber: number,
    @Body(new ZodValidationPipe(updateDraftSchema)) body: UpdateDraftDto,
  ) {
    return this.definitions.updateDraft(definitionKey, versionNumber, body);
  }

  @Post(':key/versions/:version/validate')
  @ApiRoute({ summary: 'Validate a saved version', response: validationResponseSchema })
  @Allow(['administrator'])
  @HttpCode(200)
  validateVersion(
    @Param('key', key) definitionKey: string,
    @Param('version', version) versionNumber: number,
  ) {
    return this.definitions.validateVersion(definitionKey, versionNumber);
  }

  @Get(':key/versions/:version/plan')
  @ApiRoute({ summary: "A version's planned step graph", response: planResponseSchema })
  @Allow(['administrator'])
  plan(@Param('key', key) definitionKey: string, @Param('version', version) versionNumber: number) {
    return this.definitions.plan(definitionKey, versionNumber);
  }

  @Get(':key/versions/:version/form')
  @ApiRoute({
    summary: "A version's composed one form (JSON Schema + UI hints)",
    response: composedFormResponseSchema,
  })
  @Allow(['administrator'])
  form(
    @Param('key', key) definitionKey: string,
    @Param('version', version) versionNumber: number,
    @Query(new ZodValidationPipe(formQuerySchema)) query: FormQuery,
  ) {
    return this.definitions.form(definitionKey, versionNumber, query);
  }

  @Post(':key/versions/:version/publish')
  @ApiRoute({ summary: 'Publish a valid draft', response: versionResponseSchema })
  @Allow(['administrator'])
  @HttpCode(200)
  publish(
    @Param('key', key) definitionKey: string,
    @Param('version', version) versionNumber: number,
    @Body(new ZodValidationPipe(transitionSchema)) body: TransitionDto,
  ) {
    return this.definitions.publish(definitionKey, versionNumber, body);
  }

  @Post(':key/versions/:version/archive')
  @ApiRoute({ summary: 'Archive a version', response: versionSummaryResponseSchema })
  @Allow(['administrator'])
  @HttpCode(200)
  archive(
    @Param('key', key) definitionKey: string,
    @Param('version', version) versionNumber: number,
    @Body(new ZodValidationPipe(transitionSchema)) body: TransitionDto,
  ) {
    return this.definitions.archive(definitionKey, versionNumber, body);
  }

  @Get(':key/diff')
  @ApiRoute({ summary: 'What changed between two versions', response: diffResponseSchema })
  @Allow(['administrator'])
  diff(
    @Param('key', key) definitionKey: string,
    @Query(new ZodValidationPipe(diffQuerySchema)) query: DiffQuery,
  ) {
    return this.definitions.diff(definitionKey, query);
  }
}
