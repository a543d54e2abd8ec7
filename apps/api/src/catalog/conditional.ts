import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Locale } from '@onething/definition';

/** The catalog's language: zh-CN unless `Accept-Language` prefers English. */
export function localeOf(request: Request): Locale {
  return request.acceptsLanguages(['zh-CN', 'zh', 'en']) === 'en' ? 'en' : 'zh-CN';
}

/**
 * Makes `body` revalidatable: a strong ETag over its JSON, `Vary: Accept-Language` (the body depends on
 * it), `Cache-Control: private, no-cache` (a person's client may keep it, must ask again, and a shared
 * cache may not). When `If-None-Match` names the same ETag the answer is 304 without a body (undefined).
 */
export function cacheableByLanguage<T>(
  request: Request,
  response: Response,
  locale: Locale,
  body: T,
): T | undefined {
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url')}"`;
  response.setHeader('ETag', etag);
  response.setHeader('Vary', 'Accept-Language, Authorization');
  response.setHeader('Content-Language', locale);
  response.setHeader('Cache-Control', 'private, no-cache');
  if (!matches(request.headers['if-none-match'], etag)) return body;
  response.status(304);
  return undefined;
}

/** RFC 9110 §13.1.2: `*`, or a list of entity tags compared weakly (a `W/` prefix does not matter). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
