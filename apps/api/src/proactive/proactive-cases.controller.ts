import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Caller, type Principal } from '@onething/auth';
import { problemLanguageOf, ZodValidationPipe } from '@onething/http';
import { caseIdSchema, caseResponseSchema, type CaseView } from '../cases/case.dto';
import { ApiRoute } from '../openapi/api-route.decorator';
import { confirmCaseSchema, offerViewSchema, type ConfirmCaseDto, type OfferView } from './inbound.dto';
import { ProactiveCasesService } from './proactive-cases.service';

/** The person a proactive case (免申即享) was offered to: what is prefilled, confirm or decline. */
@Controller('cases')
export class ProactiveCasesController {
  constructor(private readonly proactive: ProactiveCasesService) {}

  @Get(':id/offer')
  @ApiRoute({
    summary: 'A proactive case: what the event prefilled, what is missing, the pledges',
    response: offerViewSchema,
  })
  @Allow(['applicant'])
  offer(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
  ): Promise<OfferView> {
    return this.proactive.offer(caller, id);
  }

  @Post(':id/confirm')
  @ApiRoute({
    summary: 'Confirm a proactive case, answering only what is missing',
    response: caseResponseSchema,
  })
  @Allow(['applicant'])
  @HttpCode(200)
  confirm(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
    @Body(new ZodValidationPipe(confirmCaseSchema)) body: ConfirmCaseDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseView> {
    const language = problemLanguageOf((languages) => response.req.acceptsLanguages(languages));
    return this.proactive.confirm(caller, id, body, language);
  }

  @Post(':id/decline')
  @ApiRoute({ summary: 'Decline a proactive case', response: caseResponseSchema })
  @Allow(['applicant'])
  @HttpCode(200)
  decline(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
  ): Promise<CaseView> {
    return this.proactive.decline(caller, id);
  }
}
