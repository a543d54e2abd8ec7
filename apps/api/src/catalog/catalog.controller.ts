import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Allow } from '@onething/auth';
import type { Locale } from '@onething/definition';
import { ZodValidationPipe } from '@onething/http';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  catalogDetailResponseSchema,
  catalogFormResponseSchema,
  catalogKeySchema,
  catalogPageResponseSchema,
  catalogQuerySchema,
  type CatalogQuery,
} from './catalog.dto';
import { CatalogService } from './catalog.service';
import { cacheableByLanguage, localeOf } from './conditional';

const APPLICANT_SIDE = ['applicant', 'counter_clerk', 'administrator'] as const;
const key = new ZodValidationPipe(catalogKeySchema);
const LANGUAGE_HEADER = {
  'accept-language': z.string().optional().meta({ description: 'zh-CN (default) or en' }),
};

/**
 * The applicants' catalog, in the language `Accept-Language` asks for (zh-CN by default, or en). Answers
 * carry an ETag: a client that sends it back in `If-None-Match` gets 304 while nothing changed.
 */
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Allow(APPLICANT_SIDE)
  @ApiRoute({
    summary: 'The one-things you may apply for',
    response: catalogPageResponseSchema,
    notModified: true,
    headers: LANGUAGE_HEADER,
  })
  async list(
    @Query(new ZodValidationPipe(catalogQuerySchema)) query: CatalogQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const locale: Locale = localeOf(request);
    return cacheableByLanguage(request, response, locale, await this.catalog.list(query, locale));
  }

  @Get(':key')
  @Allow(APPLICANT_SIDE)
  @ApiRoute({
    summary: 'One one-thing: who does what, and its one form',
    response: catalogDetailResponseSchema,
    notModified: true,
    headers: LANGUAGE_HEADER,
  })
  async get(
    @Param('key', key) definitionKey: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const locale = localeOf(request);
    return cacheableByLanguage(request, response, locale, await this.catalog.get(definitionKey, locale));
  }

  @Get(':key/form')
  @Allow(APPLICANT_SIDE)
  @ApiRoute({
    summary: 'The one form to fill (JSON Schema + UI hints)',
    response: catalogFormResponseSchema,
    notModified: true,
    headers: LANGUAGE_HEADER,
  })
  async form(
    @Param('key', key) definitionKey: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const locale = localeOf(request);
    return cacheableByLanguage(request, response, locale, await this.catalog.form(definitionKey, locale));
  }
}
