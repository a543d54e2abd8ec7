import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { z } from 'zod';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  resultKeysResponseSchema,
  signedResultResponseSchema,
  verificationResponseSchema,
} from './results.dto';
import type { Request, Response } from 'express';
import type { JSONWebKeySet } from 'jose';
import { Allow, Caller, Public, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { addressOf } from '../auth/auth.controller';
import { caseIdSchema } from '../cases/case.dto';
import {
  resultIdSchema,
  SignedResultResponse,
  VerificationResponse,
  verifyByIdQuerySchema,
  VerifyPresentedDto,
  verifyPresentedSchema,
} from './results.dto';
import { ResultsService } from './results.service';

const caseId = new ZodValidationPipe(caseIdSchema);

/** The applicant's result, signed: as JSON to keep and present, and as a printable PDF. */
@Controller('cases/:id')
export class CaseResultController {
  constructor(private readonly results: ResultsService) {}

  @Get('result.json')
  @ApiRoute({
    summary: 'The signed result (canonical JSON and a detached JWS)',
    response: signedResultResponseSchema,
  })
  @Allow(['applicant', 'counter_clerk'])
  @Header('Cache-Control', 'private, no-store')
  signed(@Caller() caller: Principal, @Param('id', caseId) id: string): Promise<SignedResultResponse> {
    return this.results.signedResult(caller, id);
  }

  @Get('result.pdf')
  @ApiRoute({
    summary: 'The printable result (PDF with a verification QR code)',
    response: z.string().meta({ format: 'binary' }),
    contentType: 'application/pdf',
  })
  @Allow(['applicant', 'counter_clerk'])
  async pdf(
    @Caller() caller: Principal,
    @Param('id', caseId) id: string,
    @Res() response: Response,
  ): Promise<void> {
    const pdf = await this.results.resultPdf(caller, id);
    response
      .status(200)
      .set({
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="result-${id.slice(0, 8)}.pdf"`,
        'cache-control': 'private, no-store',
      })
      .end(pdf);
  }
}

/**
 * Anyone holding a result checks it here, without signing in: valid or not, and only the non-personal
 * facts (one-thing, decision, dates, each department's decision). Rate-limited per address.
 */
@Controller()
export class VerifyController {
  constructor(private readonly results: ResultsService) {}

  @Post('verify')
  @ApiRoute({
    summary: 'Verify a presented result document and signature',
    response: verificationResponseSchema,
  })
  @Public()
  @HttpCode(200)
  verifyPresented(
    @Body(new ZodValidationPipe(verifyPresentedSchema)) body: VerifyPresentedDto,
    @Req() request: Request,
  ): Promise<VerificationResponse> {
    return this.results.verifyPresented(addressOf(request), body);
  }

  @Get('verify/:id')
  @ApiRoute({ summary: 'Verify a result by its id and signature', response: verificationResponseSchema })
  @Public()
  verifyById(
    @Param('id', new ZodValidationPipe(resultIdSchema)) id: string,
    @Query(new ZodValidationPipe(verifyByIdQuerySchema)) query: { sig: string },
    @Req() request: Request,
  ): Promise<VerificationResponse> {
    return this.results.verifyById(addressOf(request), id, query.sig);
  }

  /** The platform's result keys (public halves), to verify a document offline. */
  @Get('.well-known/result-keys.json')
  @ApiRoute({ summary: 'The platform’s result keys (public halves)', response: resultKeysResponseSchema })
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  keys(): JSONWebKeySet {
    return this.results.publicKeys();
  }
}
