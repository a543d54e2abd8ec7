import { Controller, Get, Header } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { z } from 'zod';
import type { oas31 } from 'zod-openapi';
import { Public } from '@onething/auth';
import { ApiRoute } from './api-route.decorator';
import { DOCS_PAGE, DOCS_SCRIPT } from './docs-page';
import { buildOpenApiDocument } from './openapi-document';

const API_VERSION = '0.1.0';

/**
 * The OpenAPI 3.1 document and a small explorer page. Public, like `/definitions/schema.json`: they
 * describe the API's shape, never its data, and client generators fetch them without signing in.
 */
@Controller('docs')
export class DocsController {
  private document?: oas31.OpenAPIObject;

  constructor(private readonly modules: ModulesContainer) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiRoute({ summary: 'The API explorer (HTML)', response: z.string(), contentType: 'text/html' })
  page(): string {
    return DOCS_PAGE;
  }

  /** The explorer's script: served from this origin, as the content security policy allows. */
  @Get('explorer.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiRoute({ summary: "The explorer's script", response: z.string(), contentType: 'text/javascript' })
  script(): string {
    return DOCS_SCRIPT;
  }

  @Get('openapi.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiRoute({
    summary: 'This OpenAPI 3.1 document',
    response: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
  })
  openApi(): oas31.OpenAPIObject {
    // Built once: the routes do not change while the process runs.
    return (this.document ??= buildOpenApiDocument(this.modules, API_VERSION));
  }
}
