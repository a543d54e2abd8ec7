import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { decodeJwt } from 'jose';
import type { TokenPair } from '@onething/auth';
import type { WebConfig } from '@onething/config';
import { ApiError, ApiErrorCode } from '@onething/http';

/**
 * The browser's session: the access token and the refresh token in HttpOnly, SameSite=Strict cookies the
 * page's scripts cannot read, and a readable CSRF token the page echoes in `X-CSRF-Token` on every unsafe
 * request (the signed double-submit pattern). The token is bound to the session (a hash of the access
 * token's session id and a nonce), so a cookie planted by a sibling site cannot pass for it. API clients
 * keep sending `Authorization: Bearer`, which takes precedence and needs no CSRF token.
 */
export const SESSION_COOKIE = 'onething_session';
export const REFRESH_COOKIE = 'onething_refresh';
export const CSRF_COOKIE = 'onething_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The refresh token goes back only to the routes that exchange or revoke it. */
export const REFRESH_COOKIE_PATH = '/auth/session';
const UNSAFE = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

type Cookies = Record<string, string | undefined>;
const cookiesOf = (request: Request): Cookies => (request.cookies ?? {}) as Cookies;

function secure(request: Request, mode: WebConfig['cookieSecure']): boolean {
  return mode === 'always' || (mode === 'auto' && request.secure);
}

function sessionIdOf(accessToken: string | undefined): string | undefined {
  if (!accessToken) return undefined;
  try {
    const { sid } = decodeJwt(accessToken);
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}

function csrfMac(sessionId: string, nonce: string): string {
  return createHash('sha256').update(`onething-csrf\0${sessionId}\0${nonce}`).digest('base64url');
}

/** A fresh CSRF token for the session of `accessToken`: `<nonce>.<mac>`. */
export function csrfTokenFor(accessToken: string): string {
  const nonce = randomBytes(18).toString('base64url');
  return `${nonce}.${csrfMac(sessionIdOf(accessToken) ?? '', nonce)}`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The header equals the cookie, and the token was made for the session the access cookie carries. */
export function csrfTokenValid(request: Request): boolean {
  const header = request.headers[CSRF_HEADER];
  const cookie = cookiesOf(request)[CSRF_COOKIE];
  if (typeof header !== 'string' || !cookie || !sameText(header, cookie)) return false;
  const [nonce, mac] = cookie.split('.');
  const sessionId = sessionIdOf(cookiesOf(request)[SESSION_COOKIE]);
  return !!nonce && !!mac && sessionId !== undefined && sameText(mac, csrfMac(sessionId, nonce));
}

export function setSessionCookies(
  request: Request,
  response: Response,
  pair: TokenPair,
  mode: WebConfig['cookieSecure'],
) {
  const base: CookieOptions = { sameSite: 'strict', secure: secure(request, mode), path: '/' };
  // The access cookie outlives its token: an expired token is renewed with the refresh cookie.
  const maxAge = pair.refreshExpiresIn * 1000;
  response.cookie(SESSION_COOKIE, pair.accessToken, { ...base, httpOnly: true, maxAge });
  response.cookie(REFRESH_COOKIE, pair.refreshToken, {
    ...base,
    httpOnly: true,
    maxAge,
    path: REFRESH_COOKIE_PATH,
  });
  response.cookie(CSRF_COOKIE, csrfTokenFor(pair.accessToken), { ...base, httpOnly: false, maxAge });
}

export function clearSessionCookies(request: Request, response: Response, mode: WebConfig['cookieSecure']) {
  const base: CookieOptions = { sameSite: 'strict', secure: secure(request, mode), path: '/' };
  response.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  response.clearCookie(REFRESH_COOKIE, { ...base, httpOnly: true, path: REFRESH_COOKIE_PATH });
  response.clearCookie(CSRF_COOKIE, base);
}

export function refreshTokenOf(request: Request): string | undefined {
  return cookiesOf(request)[REFRESH_COOKIE];
}

/**
 * Before the guard: a request without `Authorization` that carries the session cookie is authenticated
 * by it — after the CSRF check when its method is unsafe. Session routes that read only the refresh
 * cookie (renewal, sign-out) are checked too: a forged sign-out is a nuisance, a forged renewal nothing.
 */
/**
 * Unsafe by method, harmless by meaning: the codec server only transforms the payloads it is sent and
 * changes nothing, so a forged call gains nothing (CORS keeps its answer from a foreign page). The
 * Temporal Web UI calls it with the session cookie and cannot send a CSRF token.
 */
const CHANGES_NOTHING = /^\/codec\/(encode|decode)$/;

export function cookieSession() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (request.headers.authorization !== undefined) return next();
    const cookies = cookiesOf(request);
    const access = cookies[SESSION_COOKIE];
    const cookieAuthenticated =
      !!access || (request.path.startsWith(REFRESH_COOKIE_PATH) && !!cookies[REFRESH_COOKIE]);
    if (!cookieAuthenticated) return next();
    const isSignIn = request.method === 'POST' && request.path === REFRESH_COOKIE_PATH;
    const needsToken = UNSAFE(request.method) && !isSignIn && !CHANGES_NOTHING.test(request.path);
    if (needsToken && !csrfTokenValid(request))
      return next(
        new ApiError(
          ApiErrorCode.CsrfRefused,
          'A request authenticated by the session cookie must send the X-CSRF-Token header',
          '',
          [
            {
              path: '',
              code: 'CSRF_TOKEN_MISSING_OR_WRONG',
              message: 'Send the onething_csrf cookie in X-CSRF-Token',
            },
          ],
        ),
      );
    if (access) request.headers.authorization = `Bearer ${access}`;
    next();
  };
}
