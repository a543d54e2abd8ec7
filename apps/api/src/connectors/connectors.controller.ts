import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ConnectorCatalog } from '@onething/connectors';
import { ZodValidationPipe } from '@onething/http';
import {
  connectorKeyParamSchema,
  connectorListQuerySchema,
  createConnectorSchema,
  updateConnectorSchema,
  type ConnectorListQuery,
  type CreateConnectorDto,
  type UpdateConnectorDto,
} from './connectors.dto';

const key = new ZodValidationPipe(connectorKeyParamSchema);
const listQuery = new ZodValidationPipe(connectorListQuerySchema);

/** Administrators keep the connector catalog: each change is a new, attributed version; secrets are write-only. */
@Controller('admin/connectors')
export class ConnectorsController {
  constructor(private readonly catalog: ConnectorCatalog) {}

  @Get()
  @Allow(['administrator'])
  list(@Query(listQuery) query: ConnectorListQuery) {
    return this.catalog.list(query.limit, query.cursor);
  }

  @Post()
  @Allow(['administrator'])
  @HttpCode(201)
  create(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(createConnectorSchema)) body: CreateConnectorDto,
  ) {
    const { key: connectorKey, ...input } = body;
    return this.catalog.create(connectorKey, input, caller.accountId);
  }

  @Get(':key')
  @Allow(['administrator'])
  get(@Param('key', key) connectorKey: string) {
    return this.catalog.get(connectorKey);
  }

  @Put(':key')
  @Allow(['administrator'])
  update(
    @Caller() caller: Principal,
    @Param('key', key) connectorKey: string,
    @Body(new ZodValidationPipe(updateConnectorSchema)) body: UpdateConnectorDto,
  ) {
    return this.catalog.update(connectorKey, body, caller.accountId);
  }

  @Get(':key/versions')
  @Allow(['administrator'])
  versions(@Param('key', key) connectorKey: string, @Query(listQuery) query: ConnectorListQuery) {
    return this.catalog.versions(connectorKey, query.limit, query.cursor);
  }
}
