import type { NextFunction, Request, Response } from 'express';
import { ApiError, ApiErrorCode } from './api-error';

/** The media types the API reads request bodies in (and the body parser is configured with). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/** The media type of a body a route streams itself (an upload's raw bytes). */
export const STREAMED_MEDIA_TYPE = 'application/octet-stream';

/** Deeper than any legitimate body (a definition nests about ten levels); deeper input only costs stack. */
export const MAX_JSON_DEPTH = 64;

/** Keys that reshape an object's prototype when copied by assignment, and that no body needs. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) !== 0);
}

function unsupported(detailCode: string, message: string): ApiError {
  return new ApiError(ApiErrorCode.UnsupportedMediaType, message, '', [
    { code: detailCode, message, path: '' },
  ]);
}

/** The `charset` parameter of a Content-Type header, lower-cased, if it has one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : undefined;
}

/**
 * Refuses (415), before a byte is read, a body the API would otherwise misread: anything but JSON, JSON in
 * another charset than UTF-8 (RFC 8259 §8.1), and any Content-Encoding but identity. Compressed request
 * bodies are refused rather than inflated: request bodies are small, and inflating is a decompression-bomb
 * surface for no gain. Requests without a body pass (a bodiless POST needs no Content-Type). Routes in
 * `streamedPaths` read their body themselves as a stream: there, `application/octet-stream` passes too.
 */
export function refuseUnreadableBodies(streamedPaths: readonly string[] = []) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (!hasBody(request)) return next();
    const encoding = (request.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (encoding !== '' && encoding !== 'identity')
      return next(
        unsupported(
          'UNSUPPORTED_CONTENT_ENCODING',
          'Request bodies are accepted uncompressed only (Content-Encoding: identity)',
        ),
      );
    if (streamedPaths.includes(request.path) && request.is(STREAMED_MEDIA_TYPE)) return next();
    if (!request.is(JSON_MEDIA_TYPES))
      return next(
        unsupported('UNSUPPORTED_CONTENT_TYPE', 'Request bodies are accepted as application/json only'),
      );
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
      return next(unsupported('UNSUPPORTED_CHARSET', 'Request bodies are accepted in UTF-8 only'));
    next();
  };
}

/**
 * After parsing: refuses bodies nested deeper than `MAX_JSON_DEPTH` (they parse, but every recursive walk
 * after this one — validation, JSON.stringify into PostgreSQL — would overflow the stack) and own
 * `__proto__` keys (JSON.parse keeps them as data; the first copy by assignment would turn them into a
 * prototype). The walk is iterative, so it cannot overflow itself.
 */
export function refuseHostileJsonShapes() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const problem = hostileShapeOf(request.body as unknown);
    next(problem);
  };
}

export function hostileShapeOf(body: unknown): ApiError | undefined {
  const pending: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      const message = `The body is nested deeper than ${MAX_JSON_DEPTH} levels`;
      return new ApiError(ApiErrorCode.ValidationFailed, message, '', [
        { code: 'NESTING_TOO_DEEP', message, path: '' },
      ]);
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (FORBIDDEN_KEYS.has(key)) {
        const at = childPath.join('.');
        const message = `${at}: this key is not accepted`;
        return new ApiError(ApiErrorCode.ValidationFailed, message, at, [
          { code: 'FORBIDDEN_KEY', message, path: at },
        ]);
      }
      pending.push({ value: child, path: childPath });
    }
  }
  return undefined;
}

/**
 * Errors the body parser (body-parser, via http-errors) passes on, by their `type`; every one is the
 * client's mistake, so none is a 5xx.
 */
export function fromBodyParserError(error: unknown): ApiError | undefined {
  const e = error as { type?: unknown; status?: unknown; expose?: unknown } | null;
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return new ApiError(ApiErrorCode.MalformedJson, 'The request body is not valid JSON');
    case 'entity.too.large':
      return new ApiError(ApiErrorCode.PayloadTooLarge, 'Request body too large');
    case 'encoding.unsupported':
      return unsupported(
        'UNSUPPORTED_CONTENT_ENCODING',
        'Request bodies are accepted uncompressed only (Content-Encoding: identity)',
      );
    case 'charset.unsupported':
      return unsupported('UNSUPPORTED_CHARSET', 'Request bodies are accepted in UTF-8 only');
    default: {
      // request.aborted, request.size.invalid and whatever a later version adds: malformed requests.
      if (e.status < 400 || e.status >= 500) return undefined;
      const message = 'The request body could not be read';
      return new ApiError(ApiErrorCode.ValidationFailed, message, '', [
        { code: e.type.toUpperCase().replace(/\W/g, '_'), message, path: '' },
      ]);
    }
  }
}

/** A URL whose percent-encoding does not decode (`/cases/%E0%A4%A`): Express's router throws a URIError. */
export function fromMalformedUrl(error: unknown): ApiError | undefined {
  if (!(error instanceof URIError) || (error as { status?: unknown }).status !== 400) return undefined;
  const message = 'The URL is not validly percent-encoded';
  return new ApiError(ApiErrorCode.ValidationFailed, message, '', [
    { code: 'MALFORMED_URL', message, path: '' },
  ]);
}
