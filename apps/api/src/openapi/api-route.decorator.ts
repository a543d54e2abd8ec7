import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_ROUTE = 'onething:api-route';

/**
 * What the OpenAPI document says about a route beyond what Nest already knows (method, path, the zod
 * schemas of its `ZodValidationPipe`s, its `@Allow` roles, its `@HttpCode`): a summary and the zod schema
 * of its success answer. `response: null` for an answer without a body (204).
 */
export interface ApiRouteDoc {
  summary: string;
  response: z.ZodType | null;
  /** The success status when the handler sets it itself (e.g. 201 or 200 for a replayed submission). */
  status?: number;
  /** Other success statuses the same body may come with. */
  alsoStatus?: number[];
  /** Not JSON (a JSON Schema document, an HTML page). */
  contentType?: string;
  /** Answers 304 (no body) when `If-None-Match` names its current ETag. */
  notModified?: boolean;
  /** Request headers the route reads (name → schema), e.g. `Idempotency-Key`. */
  headers?: Record<string, z.ZodType>;
}

/** Declares a route's OpenAPI summary and response schema once, next to the handler. */
export const ApiRoute = (doc: ApiRouteDoc) => SetMetadata(API_ROUTE, doc);
