import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ConnectorCatalog } from '@onething/connectors';
import { ZodValidationPipe } from '@onething/http';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  ConnectorListResponseSchema,
  ConnectorResponseSchema,
  ConnectorVersionsResponseSchema,
  connectorKeyParamSchema,
  connectorListCursor,
  connectorVersionsCursor,
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
  @ApiRoute({ summary: 'The connector catalog', response: ConnectorListResponseSchema })
  @Allow(['administrator'])
  list(@Query(listQuery) query: ConnectorListQuery) {
    return connectorListCursor.fetch(query, (page) => this.catalog.list(page));
  }

  @Post()
  @ApiRoute({ summary: 'Add a connector (version 1)', response: ConnectorResponseSchema })
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
  @ApiRoute({ summary: 'One connector (its secret never shown)', response: ConnectorResponseSchema })
  @Allow(['administrator'])
  get(@Param('key', key) connectorKey: string) {
    return this.catalog.get(connectorKey);
  }

  @Put(':key')
  @ApiRoute({ summary: "Change a connector's settings (a new version)", response: ConnectorResponseSchema })
  @Allow(['administrator'])
  update(
    @Caller() caller: Principal,
    @Param('key', key) connectorKey: string,
    @Body(new ZodValidationPipe(updateConnectorSchema)) body: UpdateConnectorDto,
  ) {
    return this.catalog.update(connectorKey, body, caller.accountId);
  }

  @Get(':key/versions')
  @ApiRoute({
    summary: "A connector's versions: who changed what",
    response: ConnectorVersionsResponseSchema,
  })
  @Allow(['administrator'])
  versions(@Param('key', key) connectorKey: string, @Query(listQuery) query: ConnectorListQuery) {
    return connectorVersionsCursor.fetch(query, (page) => this.catalog.versions(connectorKey, page));
  }
}
