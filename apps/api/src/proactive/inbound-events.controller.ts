import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow, Public } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { ApiRoute } from '../openapi/api-route.decorator';
import { InboundEventsService } from './inbound-events.service';
import { InboundSourcesService } from './inbound-sources.service';
import {
  createInboundSourceSchema,
  inboundEventListQuerySchema,
  inboundEventPageSchema,
  inboundReceiptSchema,
  inboundSourceListSchema,
  inboundSourceSecretSchema,
  sourceCodeSchema,
  type CreateInboundSourceDto,
  type InboundEventListQuery,
  type InboundReceipt,
} from './inbound.dto';
import { rawBodyOf } from './raw-body';

/**
 * Department systems post signed events here (免申即享). Public at the HTTP layer: the Standard Webhooks
 * signature with the source's own secret is the authentication, checked before anything is stored.
 */
@Controller('events')
export class InboundEventsController {
  constructor(private readonly events: InboundEventsService) {}

  @Post('inbound')
  @Public()
  @ApiRoute({
    summary:
      'Receive a signed inbound event (CloudEvents JSON, Standard Webhooks signature); 200 for a duplicate',
    response: inboundReceiptSchema,
    status: 202,
    alsoStatus: [200],
  })
  async receive(
    @Req() request: Request,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InboundReceipt> {
    const { receipt, duplicate } = await this.events.receive(rawBodyOf(request), request.headers, body);
    response.status(duplicate ? 200 : 202);
    return receipt;
  }
}

/** Administrators: the inbound sources (their secrets) and every inbound event with its outcome. */
@Controller('admin')
export class InboundAdminController {
  constructor(
    private readonly events: InboundEventsService,
    private readonly sources: InboundSourcesService,
  ) {}

  @Get('inbound-events')
  @ApiRoute({
    summary: 'Inbound events and what each started, newest first',
    response: inboundEventPageSchema,
  })
  @Allow(['administrator', 'auditor'])
  list(@Query(new ZodValidationPipe(inboundEventListQuerySchema)) query: InboundEventListQuery) {
    return this.events.list(query);
  }

  @Get('inbound-sources')
  @ApiRoute({
    summary: 'The department systems that may post inbound events',
    response: inboundSourceListSchema,
  })
  @Allow(['administrator'])
  listSources() {
    return this.sources.list();
  }

  @Post('inbound-sources')
  @ApiRoute({
    summary: 'Register an inbound source; its signing secret is answered once',
    response: inboundSourceSecretSchema,
  })
  @Allow(['administrator'])
  @HttpCode(201)
  createSource(@Body(new ZodValidationPipe(createInboundSourceSchema)) body: CreateInboundSourceDto) {
    return this.sources.create(body);
  }

  @Post('inbound-sources/:code/rotate')
  @ApiRoute({
    summary: "Replace an inbound source's signing secret (answered once)",
    response: inboundSourceSecretSchema,
  })
  @Allow(['administrator'])
  @HttpCode(200)
  rotateSource(@Param('code', new ZodValidationPipe(sourceCodeSchema)) code: string) {
    return this.sources.rotate(code);
  }
}
