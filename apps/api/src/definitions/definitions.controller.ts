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
  transitionSchema,
  updateDraftSchema,
  validateSourceSchema,
  versionNumberSchema,
  type CreateDraftDto,
  type DiffQuery,
  type FormQuery,
  type ListDefinitionsQuery,
  type ListVersionsQuery,
  type TransitionDto,
  type UpdateDraftDto,
  type ValidateSourceDto,
} from './definitions.dto';
import { DefinitionSchemaDocument } from './definition-schema-document';
import { DefinitionsService } from './definitions.service';

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
  @Public()
  @Header('Content-Type', 'application/schema+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  jsonSchema(): string {
    return this.schema.text;
  }

  @Get()
  @Allow(['administrator'])
  listDefinitions(@Query(new ZodValidationPipe(listDefinitionsQuerySchema)) query: ListDefinitionsQuery) {
    return this.definitions.listDefinitions(query);
  }

  @Get('versions')
  @Allow(['administrator'])
  listVersions(@Query(new ZodValidationPipe(listVersionsQuerySchema)) query: ListVersionsQuery) {
    return this.definitions.listVersions(query);
  }

  @Post('validate')
  @Allow(['administrator'])
  @HttpCode(200)
  validateSource(@Body(new ZodValidationPipe(validateSourceSchema)) body: ValidateSourceDto) {
    return this.definitions.validateSource(body);
  }

  @Post('drafts')
  @Allow(['administrator'])
  @HttpCode(201)
  createDraft(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(createDraftSchema)) body: CreateDraftDto,
  ) {
    return this.definitions.createDraft(body, caller.id);
  }

  @Get(':key/versions/:version')
  @Allow(['administrator'])
  get(@Param('key', key) definitionKey: string, @Param('version', version) versionNumber: number) {
    return this.definitions.get(definitionKey, versionNumber);
  }

  @Put(':key/versions/:version')
  @Allow(['administrator'])
  updateDraft(
    @Param('key', key) definitionKey: string,
    @Param('version', version) versionNumber: number,
    @Body(new ZodValidationPipe(updateDraftSchema)) body: UpdateDraftDto,
  ) {
    return this.definitions.updateDraft(definitionKey, versionNumber, body);
  }

  @Post(':key/versions/:version/validate')
  @Allow(['administrator'])
  @HttpCode(200)
  validateVersion(
    @Param('key', key) definitionKey: string,
    @Param('version', version) versionNumber: number,
  ) {
    return this.definitions.validateVersion(definitionKey, versionNumber);
  }

  @Get(':key/versions/:version/plan')
  @Allow(['administrator'])
  plan(@Param('key', key) definitionKey: string, @Param('version', version) versionNumber: number) {
    return this.definitions.plan(definitionKey, versionNumber);
  }

  @Get(':key/versions/:version/form')
  @Allow(['administrator'])
  form(
    @Param('key', key) definitionKey: string,
    @Param('version', version) versionNumber: number,
    @Query(new ZodValidationPipe(formQuerySchema)) query: FormQuery,
  ) {
    return this.definitions.form(definitionKey, versionNumber, query);
  }

  @Post(':key/versions/:version/publish')
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
  @Allow(['administrator'])
  diff(
    @Param('key', key) definitionKey: string,
    @Query(new ZodValidationPipe(diffQuerySchema)) query: DiffQuery,
  ) {
    return this.definitions.diff(definitionKey, query);
  }
}
